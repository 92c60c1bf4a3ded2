extension ColumnCodec {
  /// The cheapest non-constant encoding of an `int64` column without absent rows, chosen
  /// by computing the exact size of each candidate.
  struct IntegerPlan {
    private(set) var tag = IntegerTag.frameOfReference
    private var base: Int64
    private var scale: UInt64 = 1
    private var width: Int
    private var minDelta: Int64 = 0
    private var dictionary: [Int64] = []
    private var dominant: Int64 = 0
    private var exceptionBitmap: [UInt8] = []
    private var exceptionBody: [UInt8] = []
    private var radix: UInt64 = 0
    private var digitsPerGroup = 0

    /// Plans `values`, whose smallest value is `low` and largest `high` (`low <= high`);
    /// `allowDominant` is false for the exceptions of a dominant-value body.
    init(_ values: [Int64], low: Int64, high: Int64, allowDominant: Bool) {
      base = low
      let offsetScale = Self.scale(values, from: low)
      scale = offsetScale
      width = BitPacking.width(UInt64(bitPattern: high &- low) / offsetScale)
      var best =
        Self.size(base) + Self.size(offsetScale) + 1
        + BitPacking.byteCount(count: values.count, width: width)
      guard values.count > 1 else { return }
      if let mixed = MixedRadix(range: UInt64(bitPattern: high &- low) / offsetScale),
        case let mixedSize = Self.size(base) + Self.size(offsetScale) + Self.size(mixed.radix) + 2
          + BitPacking.byteCount(count: mixed.groups(values.count), width: mixed.width),
        mixedSize < best - best / 32
      {
        (tag, best, radix, digitsPerGroup, width) = (
          .mixedRadix, mixedSize, mixed.radix, mixed.digits, mixed.width
        )
      }

      var smallest = Int64.max
      var largest = Int64.min
      var varintSize = Self.size(values[0])
      for index in 1..<values.count {
        let delta = values[index] &- values[index - 1]
        smallest = min(smallest, delta)
        largest = max(largest, delta)
        varintSize += Self.size(delta)
      }
      let deltaScale = Self.deltaScale(values, minDelta: smallest)
      let deltaWidth = BitPacking.width(UInt64(bitPattern: largest &- smallest) / deltaScale)
      let deltaSize =
        Self.size(values[0]) + Self.size(smallest) + Self.size(deltaScale) + 1
        + BitPacking.byteCount(count: values.count - 1, width: deltaWidth)
      if deltaSize < best {
        (tag, best, minDelta, scale, width) = (.delta, deltaSize, smallest, deltaScale, deltaWidth)
      }
      if let distinct = Self.distinctValues(values, under: width), !distinct.isEmpty {
        let indexWidth = BitPacking.width(UInt64(distinct.count - 1))
        var dictionarySize = Self.size(UInt64(distinct.count)) + Self.size(distinct[0]) + 1
        for index in 1..<distinct.count {
          dictionarySize += Self.size(UInt64(bitPattern: distinct[index] &- distinct[index - 1]))
        }
        dictionarySize += BitPacking.byteCount(count: values.count, width: indexWidth)
        if dictionarySize < best {
          (tag, best, dictionary, width) = (.valueDictionary, dictionarySize, distinct, indexWidth)
        }
      }
      if varintSize < best {
        (tag, best) = (.deltaVarint, varintSize)
      }
      // A value in most rows: a bitmap of the other rows and their values. Slower to decode
      // than plain packing, so it must save at least 10%.
      if allowDominant, best > (values.count + 7) / 8, let value = Self.majority(values) {
        var bitmap = [UInt8](repeating: 0, count: (values.count + 7) / 8)
        var exceptions: [Int64] = []
        for (index, candidate) in values.enumerated() where candidate != value {
          bitmap[index >> 3] |= 1 << UInt8(index & 7)
          exceptions.append(candidate)
        }
        var nested = ColumnBlobWriter(capacity: exceptions.count + 16)
        ColumnCodec.writeInt64(exceptions, into: &nested, allowDominant: false)
        let dominantSize = Self.size(value) + bitmap.count + nested.bytes.count
        if dominantSize < best - best / 10 {
          (tag, dominant, exceptionBitmap, exceptionBody) = (.dominant, value, bitmap, nested.bytes)
        }
      }
    }

    /// Writes the payload (everything after the tag and bitmap).
    func write(_ values: [Int64], into writer: inout ColumnBlobWriter) {
      values.withUnsafeBufferPointer { source in
        switch tag {
        case .constant, .varintOffsets:
          preconditionFailure("\(tag) bodies are written without a plan")
        case .frameOfReference:
          writer.zigzag(base)
          writer.varint(scale)
          writer.byte(UInt8(width))
          writer.pack(count: source.count, width: width) {
            UInt64(bitPattern: source[$0] &- base) / scale
          }
        case .delta:
          writer.zigzag(source[0])
          writer.zigzag(minDelta)
          writer.varint(scale)
          writer.byte(UInt8(width))
          writer.pack(count: source.count - 1, width: width) {
            UInt64(bitPattern: source[$0 + 1] &- source[$0] &- minDelta) / scale
          }
        case .mixedRadix:
          writer.zigzag(base)
          writer.varint(scale)
          writer.varint(radix)
          writer.byte(UInt8(digitsPerGroup))
          writer.byte(UInt8(width))
          let count = source.count
          let digits = digitsPerGroup
          writer.pack(count: (count + digits - 1) / digits, width: width) { group in
            var packed: UInt64 = 0
            for index in (group * digits..<(group * digits + digits)).reversed() {
              let digit = index < count ? UInt64(bitPattern: source[index] &- base) / scale : 0
              packed = packed &* radix &+ digit
            }
            return packed
          }
        case .deltaVarint:
          writer.zigzag(source[0])
          for index in 1..<source.count {
            writer.zigzag(source[index] &- source[index - 1])
          }
        case .valueDictionary:
          writer.varint(UInt64(dictionary.count))
          writer.zigzag(dictionary[0])
          for index in 1..<dictionary.count {
            writer.varint(UInt64(bitPattern: dictionary[index] &- dictionary[index - 1]))
          }
          writer.byte(UInt8(width))
          var positions: [Int64: UInt64] = [:]
          positions.reserveCapacity(dictionary.count)
          for (position, value) in dictionary.enumerated() { positions[value] = UInt64(position) }
          writer.pack(count: source.count, width: width) { positions[source[$0]]! }
        case .dominant:
          writer.zigzag(dominant)
          writer.append(exceptionBitmap)
          writer.append(exceptionBody)
        }
      }
    }

    /// Values in `0..<radix` taken `digits` at a time as the digits of one base-`radix`
    /// number of `width` bits: 3 values of `0..<39921` (response sizes of 80 to 40,000
    /// bytes) take 46 bits where packing each alone takes 48.
    struct MixedRadix {
      var radix: UInt64
      var digits: Int
      var width: Int

      /// The grouping that saves the most bits for offsets up to `range`, or nil when
      /// none saves any (ranges just under a power of two).
      init?(range: UInt64) {
        guard range >= 2, range < 1 << 31 else { return nil }
        let radix = range + 1
        let single = BitPacking.width(range)
        var best: (digits: Int, width: Int, bits: Double)?
        var power = radix
        for digits in 2...4 {
          let (next, overflow) = power.multipliedReportingOverflow(by: radix)
          guard !overflow, next <= 1 << 63 else { break }
          power = next
          let width = BitPacking.width(power - 1)
          let bits = Double(width) / Double(digits)
          if bits < Double(single) - 0.25, bits < best?.bits ?? .infinity {
            best = (digits, width, bits)
          }
        }
        guard let best else { return nil }
        (self.radix, self.digits, self.width) = (radix, best.digits, best.width)
      }

      /// Packed numbers holding `count` values.
      func groups(_ count: Int) -> Int { (count + digits - 1) / digits }
    }

    /// Largest common divisor of every `value - low`, at least 1.
    static func scale(_ values: [Int64], from low: Int64) -> UInt64 {
      var divisor: UInt64 = 0
      for value in values {
        let offset = UInt64(bitPattern: value &- low)
        if divisor != 0 && offset % divisor == 0 { continue }
        divisor = BitPacking.gcd(divisor, offset)
        if divisor == 1 { break }
      }
      return max(divisor, 1)
    }

    /// Largest common divisor of every `delta - minDelta`, at least 1.
    private static func deltaScale(_ values: [Int64], minDelta: Int64) -> UInt64 {
      var divisor: UInt64 = 0
      for index in 1..<values.count {
        let offset = UInt64(bitPattern: values[index] &- values[index - 1] &- minDelta)
        if divisor != 0 && offset % divisor == 0 { continue }
        divisor = BitPacking.gcd(divisor, offset)
        if divisor == 1 { break }
      }
      return max(divisor, 1)
    }

    /// The distinct values ascending, or nil when there are too many for an index to be
    /// narrower than `width` bits (or than the dictionary limit).
    private static func distinctValues(_ values: [Int64], under width: Int) -> [Int64]? {
      guard width > 1 else { return nil }
      let limit = min(valueDictionaryLimit, 1 << min(width - 1, 20))
      var seen = Set<Int64>(minimumCapacity: min(limit, 64))
      for value in values {
        if seen.insert(value).inserted && seen.count > limit { return nil }
      }
      return seen.sorted()
    }

    /// The value held by more than half of `values`, if any (Boyer-Moore majority vote).
    static func majority<Value: Equatable>(_ values: [Value]) -> Value? {
      guard var candidate = values.first else { return nil }
      var lead = 0
      for value in values {
        if lead == 0 { candidate = value }
        lead += value == candidate ? 1 : -1
      }
      let count = values.reduce(0) { $1 == candidate ? $0 + 1 : $0 }
      return count * 2 > values.count ? candidate : nil
    }

    private static func size(_ value: Int64) -> Int {
      ColumnBlobWriter.varintSize(ColumnBlobWriter.zigzag(value))
    }

    private static func size(_ value: UInt64) -> Int {
      ColumnBlobWriter.varintSize(value)
    }
  }
}
