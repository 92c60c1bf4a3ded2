/// Why a UDP datagram is not an X-Ray daemon message.
public enum XRayDatagramError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Longer than a UDP datagram the daemon accepts.
  case tooLarge(size: Int, limit: Int)
  /// No `\n` after the header.
  case missingNewline
  /// The header line is not a JSON object.
  case malformedHeader(String)
  /// The header names a format other than `json`.
  case unsupportedFormat(String)
  /// The header names a version other than 1.
  case unsupportedVersion(String)
  /// Nothing but whitespace after the header.
  case emptyDocument

  /// A sentence for logs and counters.
  public var description: String {
    switch self {
    case .tooLarge(let size, let limit): "datagram of \(size) bytes exceeds \(limit)"
    case .missingNewline: "no newline after the X-Ray header"
    case .malformedHeader(let reason): "malformed X-Ray header: \(reason)"
    case .unsupportedFormat(let format): "unsupported X-Ray format \"\(format)\""
    case .unsupportedVersion(let version): "unsupported X-Ray version \(version)"
    case .emptyDocument: "X-Ray datagram has no document"
    }
  }
}
