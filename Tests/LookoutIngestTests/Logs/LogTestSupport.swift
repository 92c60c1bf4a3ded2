import Foundation

@testable import LookoutIngest

/// Helpers of the log decoder tests.
enum LogTestSupport {
  /// A valid snappy block of `bytes` made of literals only (what a compressor may emit
  /// for incompressible data), to wrap protobuf bodies.
  static func snappy(_ bytes: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    var length = bytes.count
    repeat {
      output.append(UInt8(length & 0x7F) | (length >= 0x80 ? 0x80 : 0))
      length >>= 7
    } while length > 0
    var start = 0
    while start < bytes.count {
      let chunk = min(65_536, bytes.count - start)
      let stored = chunk - 1
      if stored < 60 {
        output.append(UInt8(stored << 2))
      } else if stored < 256 {
        output += [60 << 2, UInt8(stored)]
      } else {
        output += [61 << 2, UInt8(stored & 0xFF), UInt8(stored >> 8)]
      }
      output += bytes[start..<start + chunk]
      start += chunk
    }
    return output
  }

  static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }
}
