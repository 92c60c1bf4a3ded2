/// The last string made from some bytes, reused while the same bytes come again: slow logs
/// repeat their user, host and database names entry after entry.
struct SlowLogStringCache: Sendable {
  private var bytes: [UInt8] = []
  private var value = ""

  /// The bytes as a `String`, the previous one when the bytes are the same.
  @inline(__always)
  mutating func string(_ newBytes: UnsafeRawBufferPointer) -> String {
    if newBytes.count == bytes.count,
      bytes.withUnsafeBytes({ $0.elementsEqual(newBytes) })
    {
      return value
    }
    bytes.removeAll(keepingCapacity: true)
    bytes.append(contentsOf: newBytes)
    value = SlowLogBytes.string(newBytes)
    return value
  }
}
