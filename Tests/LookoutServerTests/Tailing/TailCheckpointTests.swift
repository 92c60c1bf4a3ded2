import Foundation
import Testing

@testable import LookoutServer

/// The stored form of checkpoints and the head fingerprint.
@Suite("TailCheckpoint")
struct TailCheckpointTests {
  @Test func fileIDCodesAsOneStringThatFitsAnyInode() throws {
    let fileID = TailFileID(device: 2049, inode: .max)
    let checkpoint = TailCheckpoint(
      path: "/a", fileID: fileID, offset: 3, headFingerprint: -5, lineNumber: 1)
    let json = try JSONEncoder().encode(checkpoint)
    #expect(String(decoding: json, as: UTF8.self).contains("\"2049:18446744073709551615\""))
    #expect(try JSONDecoder().decode(TailCheckpoint.self, from: json) == checkpoint)
  }

  @Test func rejectsAMalformedFileID() {
    let json = Data(#""12""#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(TailFileID.self, from: json) }
  }

  @Test func fingerprintIsFNV1a64() {
    #expect(TailCheckpoint.fingerprint(of: [UInt8]()) == Int64(bitPattern: 0xcbf2_9ce4_8422_2325))
    #expect(TailCheckpoint.fingerprint(of: "a".utf8) == Int64(bitPattern: 0xaf63_dc4c_8601_ec8c))
  }

  @Test func fingerprintCoversConsumedBytesUpTo256() {
    #expect(TailCheckpoint.fingerprintedLength(forOffset: 0) == 0)
    #expect(TailCheckpoint.fingerprintedLength(forOffset: 17) == 17)
    #expect(TailCheckpoint.fingerprintedLength(forOffset: 10_000) == 256)
  }
}
