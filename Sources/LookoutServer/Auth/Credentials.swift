import Crypto
import Foundation
import HummingbirdBcrypt

/// Making and checking secrets: keys, tokens, password hashes.
public enum Credentials {
  /// A random secret of `bytes` bytes as lowercase hex (32 bytes give 64 characters).
  public static func randomHex(bytes: Int = 16) -> String {
    var generator = SystemRandomNumberGenerator()
    return (0..<bytes).map { _ in
      let byte = UInt8.random(in: .min ... .max, using: &generator)
      return String(byte, radix: 16).leftPadded(to: 2)
    }.joined()
  }

  /// A password a person can type: 4 groups of 4 lowercase letters and digits.
  public static func randomPassword() -> String {
    let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
    var generator = SystemRandomNumberGenerator()
    let groups = (0..<4).map { _ in
      String((0..<4).map { _ in alphabet.randomElement(using: &generator)! })
    }
    return groups.joined(separator: "-")
  }

  /// Hex SHA-256 of `token`: what the store keeps of session and API tokens.
  public static func tokenHash(_ token: String) -> String {
    SHA256.hash(data: Data(token.utf8)).map { String($0, radix: 16).leftPadded(to: 2) }.joined()
  }

  /// A bcrypt hash of `password` (cost 10).
  public static func hashPassword(_ password: String) -> String {
    Bcrypt.hash(password, cost: 10)
  }

  /// Whether `password` matches the bcrypt `hash`.
  public static func verifyPassword(_ password: String, hash: String) -> Bool {
    Bcrypt.verify(password, hash: hash)
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
