/// One message of the X-Ray daemon protocol: a JSON header line, `\n`, then one segment
/// or subsegment document.
///
/// The header is parsed as JSON, so `{"format":"json","version":1}` (what the Python SDK
/// sends) and `{"format": "json", "version": 1}` are both accepted.
///
/// ```swift
/// let datagram = try XRayDatagram(Array(#"{"format":"json","version":1}\n{...}"#.utf8))
/// let document = try XRayDocumentDecoder().decode(datagram.document)
/// ```
public struct XRayDatagram: Sendable, Hashable {
  /// The largest datagram accepted: the daemon's UDP limit.
  public static let maxSize = 65_536

  /// The header's `format` (always `json`).
  public var format: String
  /// The header's `version` (always 1).
  public var version: Int
  /// The document's bytes, after the newline.
  public var document: [UInt8]

  /// Splits a datagram into header and document.
  ///
  /// - Parameter bytes: the datagram, at most ``maxSize`` bytes.
  /// - Throws: ``XRayDatagramError`` when it is too large, has no newline, a header that
  ///   is not `{"format":"json","version":1}`, or nothing after the header.
  public init(_ bytes: [UInt8]) throws(XRayDatagramError) {
    guard bytes.count <= Self.maxSize else {
      throw .tooLarge(size: bytes.count, limit: Self.maxSize)
    }
    guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { throw .missingNewline }
    let header: JSONValue
    do {
      header = try JSONParser.parse(Array(bytes[..<newline]), maxDepth: 2)
    } catch {
      throw .malformedHeader(error.description)
    }
    guard header.members != nil else { throw .malformedHeader("not a JSON object") }
    guard let format = header["format"]?.string else {
      throw .malformedHeader("no \"format\"")
    }
    guard format == "json" else { throw .unsupportedFormat(format) }
    guard let versionValue = header["version"] else { throw .malformedHeader("no \"version\"") }
    guard case .number = versionValue, let version = versionValue.integer, version == 1 else {
      throw .unsupportedVersion(versionValue.text ?? "null")
    }
    let document = bytes[(newline + 1)...]
    guard document.contains(where: { !Self.isWhitespace($0) }) else { throw .emptyDocument }
    self.format = format
    self.version = version
    self.document = Array(document)
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }
}
