/// The class of a SQL statement: its normalised text, a stable id, the tables it touches
/// and what it does.
///
/// Statements that differ only in their literal values (and in spacing, case and comments)
/// share a fingerprint, so a slow-query digest groups them into one row.
///
/// ```swift
/// var fingerprinter = MySQLFingerprinter()
/// let print = fingerprinter.fingerprint("SELECT * FROM users WHERE id = 42")
/// print.text      // "select * from users where id = ?"
/// print.classID   // "831AD2FB940FC23C" (the last 16 hex digits of the text's MD5)
/// print.tables    // ["users"]
/// print.kind      // .select
/// ```
public struct SQLFingerprint: Sendable, Hashable {
  /// The normalised statement (`select * from users where id = ?`).
  public var text: String
  /// The id of the class: the last 16 hex digits, upper case, of the MD5 of ``text``.
  ///
  /// For MySQL this is the id pt-query-digest gave classes before version 3 and the last
  /// half of the 32-digit `ID 0x...` it prints since, whenever the two fingerprints agree.
  /// It is the same on every run and machine, so it can be stored and compared.
  public var classID: String
  /// The tables the statement reads or writes, in order of first appearance, without
  /// aliases, quotes or duplicates; `db.table` stays qualified. Names are as they appear in
  /// ``text`` (lower case for MySQL, quoted PostgreSQL names keep their case).
  public var tables: [String]
  /// What the statement does.
  public var kind: SQLStatementKind

  /// Creates a fingerprint from its parts.
  public init(text: String, classID: String, tables: [String], kind: SQLStatementKind) {
    self.text = text
    self.classID = classID
    self.tables = tables
    self.kind = kind
  }

  /// The class id of a fingerprint text: the last 16 hex digits, upper case, of its MD5.
  ///
  /// MD5 rather than a cheaper hash so ids line up with pt-query-digest's; LookoutAnalysis
  /// carries its own implementation (``PortableMD5``) because it depends on nothing but
  /// LookoutCore. The hash identifies, it does not protect: MD5's collisions need crafted
  /// input and do not matter here.
  public static func classID(of text: String) -> String {
    var copy = text
    return copy.withUTF8 { classID(of: $0) }
  }

  /// The class id of a fingerprint's UTF-8 bytes.
  static func classID(of bytes: UnsafeBufferPointer<UInt8>) -> String {
    let digest = PortableMD5.digest(bytes)
    return hex(digest.low)
  }

  /// `value` as 16 upper-case hex digits, most significant first.
  private static func hex(_ value: UInt64) -> String {
    String(unsafeUninitializedCapacity: 16) { buffer in
      let digits: StaticString = "0123456789ABCDEF"
      for index in 0..<16 {
        let nibble = Int((value >> UInt64(60 - index * 4)) & 0xF)
        buffer[index] = digits.utf8Start[nibble]
      }
      return 16
    }
  }
}
