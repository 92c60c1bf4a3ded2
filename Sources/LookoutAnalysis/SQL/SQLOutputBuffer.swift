/// The bytes a fingerprinting pass writes: a growable buffer written through a pointer.
///
/// `Array.append(contentsOf:)` cost about 20 ns per token, more than reading the token;
/// writing through the buffer's pointer costs a few. The memory belongs to a class instance
/// so it is freed with the last copy, and ``reset(minimumCapacity:)`` takes fresh memory
/// when a copy shares it, so copies never write to the same bytes (hence the unchecked
/// `Sendable`).
struct SQLOutputBuffer: @unchecked Sendable {
  /// Owns the memory.
  private final class Storage {
    let pointer: UnsafeMutablePointer<UInt8>
    let capacity: Int

    init(capacity: Int) {
      self.capacity = capacity
      pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }
  }

  private var storage: Storage
  /// The first byte.
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// Number of bytes written.
  private(set) var count = 0

  /// Creates an empty buffer.
  init() {
    storage = Storage(capacity: 256)
    base = storage.pointer
    capacity = storage.capacity
  }

  /// Whether nothing is written.
  var isEmpty: Bool { count == 0 }

  /// The bytes written, valid until the buffer next changes.
  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  /// The byte at `index`.
  @inline(__always)
  subscript(_ index: Int) -> UInt8 { base[index] }

  /// Empties the buffer, with room for `minimumCapacity` bytes and memory no copy shares.
  mutating func reset(minimumCapacity: Int) {
    count = 0
    if !isKnownUniquelyReferenced(&storage) || storage.capacity < minimumCapacity {
      storage = Storage(capacity: max(minimumCapacity, 256))
      base = storage.pointer
      capacity = storage.capacity
    }
  }

  /// Appends `byte`.
  @inline(__always)
  mutating func append(_ byte: UInt8) {
    if count == capacity { grow(to: count + 1) }
    base[count] = byte
    count &+= 1
  }

  /// Appends the `length` bytes at `source`, lower-casing ASCII letters when `lowercase`.
  @inline(__always)
  mutating func append(_ source: UnsafePointer<UInt8>, length: Int, lowercase: Bool = false) {
    if count + length > capacity { grow(to: count + length) }
    let target = base + count
    if lowercase {
      for index in 0..<length { target[index] = SQLByte.lowercased(source[index]) }
    } else {
      target.update(from: source, count: length)
    }
    count &+= length
  }

  /// Appends `text`.
  mutating func append(_ text: StaticString) {
    append(text.utf8Start, length: text.utf8CodeUnitCount)
  }

  /// Appends `bytes`.
  mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer {
      if let start = $0.baseAddress { append(start, length: $0.count) }
    }
  }

  /// Drops the bytes from `index` on.
  @inline(__always)
  mutating func truncate(to index: Int) {
    count = index
  }

  /// Copies the bytes in `range`.
  func copy(_ range: Range<Int>) -> [UInt8] {
    Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
  }

  /// Whether the bytes in `first` equal those in `second`.
  func equal(_ first: Range<Int>, _ second: Range<Int>) -> Bool {
    guard first.count == second.count else { return false }
    for offset in 0..<first.count
    where base[first.lowerBound + offset] != base[second.lowerBound + offset] {
      return false
    }
    return true
  }

  /// Whether the bytes from `index` on start with `prefix`.
  func hasPrefix(_ prefix: StaticString, at index: Int) -> Bool {
    let length = prefix.utf8CodeUnitCount
    guard index + length <= count else { return false }
    for offset in 0..<length where base[index + offset] != prefix.utf8Start[offset] { return false }
    return true
  }

  /// Replaces the bytes in `range` with `replacement`.
  mutating func replace(_ range: Range<Int>, with replacement: [UInt8]) {
    let tail = copy(range.upperBound..<count)
    truncate(to: range.lowerBound)
    append(replacement)
    append(tail)
  }

  /// Moves to memory with room for `needed` bytes.
  private mutating func grow(to needed: Int) {
    let bigger = Storage(capacity: max(needed, capacity * 2))
    bigger.pointer.update(from: base, count: count)
    storage = bigger
    base = bigger.pointer
    capacity = bigger.capacity
  }
}
