import Testing

@testable import LookoutAnalysis

@Suite("PortableSHA256")
struct PortableSHA256Tests {
  /// FIPS 180-4 examples and longer inputs, against Python's `hashlib.sha256`.
  @Test(
    "digests",
    arguments: [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
      (
        String(repeating: "a", count: 1000),
        "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
      ),
      (
        String(repeating: "The quick brown fox jumps over the lazy dog", count: 3),
        "5cfa2bf023f22ac82b00cd883ea96852677ff2ecd777f656146bd22004eb75f2"
      ),
    ])
  func digests(input: String, expected: String) {
    let digest = PortableSHA256.digest(Array(input.utf8))
    let hex = digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    #expect(hex == expected)
  }
}
