/// The fingerprints a fingerprinter made recently, by a hash of their text, so a statement
/// of a class seen before costs no digest and no new strings.
///
/// Slow logs hold a few hundred classes and millions of statements, so nearly every lookup
/// hits. A hit is checked byte for byte against the cached text; the table is cleared when
/// it holds ``capacity`` entries.
struct SQLFingerprintCache: Sendable {
  /// Most entries kept before the table is cleared.
  static let capacity = 4096
  private var table = HashKeyedTable<SQLFingerprint>(capacity: 256)

  /// Creates an empty cache.
  init() {}

  /// The cached fingerprint whose text is `text`, if any.
  func fingerprint(text: UnsafeBufferPointer<UInt8>, hash: UInt64) -> SQLFingerprint? {
    guard let cached = table.value(for: hash) else { return nil }
    var copy = cached.text
    let same = copy.withUTF8 { stored in
      stored.count == text.count
        && (text.isEmpty || memcmpEqual(stored.baseAddress!, text.baseAddress!, text.count))
    }
    return same ? cached : nil
  }

  /// Remembers `fingerprint` under `hash`, the ``hash(_:)`` of its text.
  mutating func store(_ fingerprint: SQLFingerprint, hash: UInt64) {
    if table.count >= Self.capacity { table.removeAll() }
    table.set(fingerprint, for: hash)
  }

  /// Builds the fingerprint of a pass's canonical `text`, tables and kind (a cache miss),
  /// and remembers it under `hash`.
  mutating func storeNew(
    text: UnsafeBufferPointer<UInt8>, tables: [String], kind: SQLStatementKind, hash: UInt64
  ) -> SQLFingerprint {
    let result = SQLFingerprint(
      text: String(decoding: text, as: UTF8.self), classID: SQLFingerprint.classID(of: text),
      tables: tables, kind: kind)
    store(result, hash: hash)
    return result
  }

  /// A 64-bit hash of `bytes`, eight bytes at a time.
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: bytes.count)
    guard let base = bytes.baseAddress else { return hash }
    let raw = UnsafeRawPointer(base)
    var offset = 0
    while offset + 8 <= bytes.count {
      let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
      hash = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
      hash ^= hash &>> 29
      offset += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while offset < bytes.count {
      tail |= UInt64(bytes[offset]) &<< shift
      shift &+= 8
      offset += 1
    }
    hash = (hash ^ tail) &* 0xbf58_476d_1ce4_e5b9
    return hash ^ (hash &>> 31)
  }
}

/// Whether the `count` bytes at `first` and `second` are equal.
private func memcmpEqual(
  _ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, _ count: Int
)
  -> Bool
{
  var index = 0
  let left = UnsafeRawPointer(first)
  let right = UnsafeRawPointer(second)
  while index + 8 <= count {
    if left.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      != right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
    {
      return false
    }
    index += 8
  }
  while index < count {
    if first[index] != second[index] { return false }
    index += 1
  }
  return true
}
