#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Fast searches in raw bytes (`memchr`/`memcmp` underneath), shared by the line splitter
/// and the decoders.
enum ByteSearch {
  /// The index of the first `byte` in `buffer` at or after `start`.
  @inline(__always)
  static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, from start: Int)
    -> Int?
  {
    guard start < buffer.count, let base = buffer.baseAddress else { return nil }
    guard let found = memchr(base + start, Int32(byte), buffer.count - start) else { return nil }
    return base.distance(to: UnsafeRawPointer(found))
  }

  /// The index of the first occurrence of `needle` in `buffer` at or after `start`.
  static func firstIndex(
    of needle: UnsafeRawBufferPointer, in buffer: UnsafeRawBufferPointer, from start: Int
  ) -> Int? {
    guard let first = needle.first else { return start <= buffer.count ? start : nil }
    var from = start
    while let candidate = firstIndex(of: first, in: buffer, from: from) {
      guard candidate + needle.count <= buffer.count else { return nil }
      if hasPrefix(needle, in: buffer, at: candidate) { return candidate }
      from = candidate + 1
    }
    return nil
  }

  /// Whether `buffer` holds `needle` at `index`.
  @inline(__always)
  static func hasPrefix(
    _ needle: UnsafeRawBufferPointer, in buffer: UnsafeRawBufferPointer, at index: Int
  )
    -> Bool
  {
    guard index + needle.count <= buffer.count else { return false }
    // Format literals are short: a loop beats a call.
    guard needle.count > 16 else {
      for offset in 0..<needle.count where buffer[index + offset] != needle[offset] {
        return false
      }
      return true
    }
    return memcmp(buffer.baseAddress! + index, needle.baseAddress!, needle.count) == 0
  }
}
