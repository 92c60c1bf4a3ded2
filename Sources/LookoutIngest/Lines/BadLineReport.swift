/// What went wrong in a batch of lines: how many were bad, and a few of them to show.
///
/// Every decoder of line-oriented input fills one, so the Ingest health page and
/// `/metrics` count bad lines the same way for every source.
public struct BadLineReport: Sendable, Hashable {
  /// One bad line, as shown to a person.
  public struct Example: Sendable, Hashable {
    /// The line's number in its file or body (1-based, or from the caller's offset).
    public var lineNumber: Int
    /// Why it was rejected, as a sentence.
    public var reason: String
    /// The start of the line, control bytes shown as `\xXX`, cut at
    /// ``BadLineReport/excerptLength`` bytes.
    public var excerpt: String

    /// Creates an example.
    public init(lineNumber: Int, reason: String, excerpt: String) {
      self.lineNumber = lineNumber
      self.reason = reason
      self.excerpt = excerpt
    }
  }

  /// How many bytes of a bad line an example keeps.
  public static let excerptLength = 160

  /// How many examples are kept at most.
  public let maxExamples: Int
  /// Number of bad lines.
  public private(set) var badLines = 0
  /// The first bad lines, at most ``maxExamples``.
  public private(set) var examples: [Example] = []

  /// Creates an empty report.
  ///
  /// - Parameter maxExamples: how many bad lines to keep as examples.
  public init(maxExamples: Int = 10) {
    self.maxExamples = maxExamples
  }

  /// Whether no line was bad.
  public var isEmpty: Bool { badLines == 0 }

  /// Counts one bad line, keeping it as an example while there is room.
  ///
  /// - Parameters:
  ///   - lineNumber: the line's number.
  ///   - reason: why it is bad.
  ///   - line: the line's bytes; only an excerpt is kept.
  public mutating func record(
    lineNumber: Int, reason: String, line: UnsafeRawBufferPointer
  ) {
    badLines += 1
    guard examples.count < maxExamples else { return }
    examples.append(
      Example(lineNumber: lineNumber, reason: reason, excerpt: Self.excerpt(of: line)))
  }

  /// Adds the counts and examples of a later report.
  public mutating func merge(_ other: BadLineReport) {
    badLines += other.badLines
    examples.append(contentsOf: other.examples.prefix(maxExamples - examples.count))
  }

  /// The start of a line as printable text.
  static func excerpt(of line: UnsafeRawBufferPointer) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(min(line.count, excerptLength) + 8)
    let hex = Array("0123456789abcdef".utf8)
    for byte in line.prefix(excerptLength) {
      if byte < 32 || byte == 127 {
        bytes.append(contentsOf: [
          UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 15)],
        ])
      } else {
        bytes.append(byte)
      }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    return line.count > excerptLength ? text + "…" : text
  }
}
