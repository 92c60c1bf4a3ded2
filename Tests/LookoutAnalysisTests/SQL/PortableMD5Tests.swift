import Testing

@testable import LookoutAnalysis

@Suite("PortableMD5")
struct PortableMD5Tests {
  /// The RFC 1321 test suite, and inputs around the padding edges (55, 56 and 64 bytes),
  /// against Python's `hashlib.md5`.
  @Test(
    "digests",
    arguments: [
      ("", "d41d8cd98f00b204e9800998ecf8427e"),
      ("a", "0cc175b9c0f1b6a831c399e269772661"),
      ("abc", "900150983cd24fb0d6963f7d28e17f72"),
      ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
      ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
      (
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "d174ab98d277d9f5a5611c2c9f419d9f"
      ),
      (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
      (String(repeating: "a", count: 55), "ef1772b6dff9a122358552954ad0df65"),
      (String(repeating: "a", count: 56), "3b0c8ac703f828b04c6c197006d17218"),
      (String(repeating: "a", count: 64), "014842d480b571495a4a0363793f7367"),
      (String(repeating: "a", count: 1000), "cabe45dcc9ae5b66ba86600cca6b8ba8"),
    ])
  func digests(input: String, expected: String) {
    var copy = input
    let digest = copy.withUTF8 { PortableMD5.digest($0) }
    let hex = [digest.high, digest.low].map { half in
      let digits = String(half, radix: 16)
      return String(repeating: "0", count: 16 - digits.count) + digits
    }.joined()
    #expect(hex == expected)
  }

  /// The class id is the last 16 hex digits, upper case: pt-query-digest's checksum.
  @Test func classIDIsTheTailOfTheDigest() {
    #expect(SQLFingerprint.classID(of: "select * from t where a = ?") == "84AFF9783CD458FF")
  }
}
