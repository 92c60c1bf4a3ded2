/// A Sentry envelope split into its header and items, as the SDKs post it to
/// `/api/{project_id}/envelope/`.
///
/// The first line is the envelope header (JSON). Each item is a header line (JSON with
/// `type`, optional `length` and `content_type`) followed by its payload: exactly `length`
/// bytes when given (binary attachments may hold newlines and NUL bytes), otherwise the
/// bytes up to the next newline. Blank lines between items are skipped, the final newline
/// is optional, and an envelope of only a header is valid. Items of every type are
/// returned; the caller skips those it does not handle.
///
/// ```swift
/// let envelope = try SentryEnvelope.parse(body)
/// for item in envelope.items where item.type == "event" {
///   let event = try SentryEventDecoder.decode(
///     item.payload, receivedAt: now, fallbackEventID: envelope.eventID)
/// }
/// ```
public struct SentryEnvelope: Sendable, Hashable {
  /// One item: its header's fields and its payload.
  public struct Item: Sendable, Hashable {
    /// The item type: `event`, `transaction`, `attachment`, `session`, `client_report`...
    public var type: String
    /// The header's `content_type`, when sent.
    public var contentType: String?
    /// The payload bytes (a copy).
    public var payload: [UInt8]

    /// Creates an item.
    public init(type: String, contentType: String? = nil, payload: [UInt8]) {
      self.type = type
      self.contentType = contentType
      self.payload = payload
    }
  }

  /// The most items an envelope may hold (the SDKs send a handful).
  public static let maxItems = 1000
  /// The longest header line accepted, envelope or item, in bytes.
  public static let maxHeaderLineLength = 64 << 10

  /// The header's `event_id` as sent (not normalised), when present.
  public var eventID: String?
  /// The header's `dsn`, when present (an authentication fallback).
  public var dsn: String?
  /// The header's `sent_at`, µs since epoch, when present and readable.
  public var sentAt: Int64?
  /// The header's `sdk.name` (`sentry.python`), when present.
  public var sdkName: String?
  /// The items, in order.
  public var items: [Item]

  /// Creates an envelope from its parts.
  public init(
    eventID: String? = nil, dsn: String? = nil, sentAt: Int64? = nil, sdkName: String? = nil,
    items: [Item] = []
  ) {
    self.eventID = eventID
    self.dsn = dsn
    self.sentAt = sentAt
    self.sdkName = sdkName
    self.items = items
  }

  /// Splits an (already decompressed) envelope into its header and items.
  ///
  /// - Parameter bytes: the envelope.
  /// - Returns: the envelope, with every item whatever its type.
  /// - Throws: ``SentryEnvelopeError`` when the framing or a header is broken.
  public static func parse(_ bytes: [UInt8]) throws(SentryEnvelopeError) -> SentryEnvelope {
    guard !bytes.isEmpty else { throw .empty }
    return try bytes.withUnsafeBufferPointer { (buffer) throws(SentryEnvelopeError) in
      try parse(UnsafeRawBufferPointer(buffer))
    }
  }

  private static func parse(_ buffer: UnsafeRawBufferPointer) throws(SentryEnvelopeError)
    -> SentryEnvelope
  {
    let newline = UInt8(ascii: "\n")
    let headerEnd = ByteSearch.firstIndex(of: newline, in: buffer, from: 0) ?? buffer.count
    guard headerEnd <= maxHeaderLineLength else {
      throw .headerLineTooLong(item: 0, length: headerEnd, limit: maxHeaderLineLength)
    }
    let header: JSONValue
    do {
      header = try JSONParser.parse(UnsafeRawBufferPointer(rebasing: buffer[..<headerEnd]))
    } catch {
      throw .invalidEnvelopeHeader(reason: error.description)
    }
    guard header.members != nil else { throw .invalidEnvelopeHeader(reason: "not a JSON object") }
    var envelope = SentryEnvelope(
      eventID: header["event_id"]?.nonEmptyString, dsn: header["dsn"]?.nonEmptyString,
      sentAt: SentryTimestamp.microseconds(header["sent_at"]),
      sdkName: header[path: "sdk", "name"]?.nonEmptyString)

    var offset = min(headerEnd + 1, buffer.count)
    while true {
      // Blank lines (and stray whitespace) before an item header are tolerated.
      while offset < buffer.count, isWhitespace(buffer[offset]) { offset += 1 }
      guard offset < buffer.count else { break }
      guard envelope.items.count < maxItems else { throw .tooManyItems(limit: maxItems) }
      let (item, next) = try parseItem(
        in: buffer, at: offset, number: envelope.items.count + 1)
      envelope.items.append(item)
      offset = next
    }
    return envelope
  }

  /// Parses the item whose header starts at `start`; returns it and the offset after it.
  private static func parseItem(in buffer: UnsafeRawBufferPointer, at start: Int, number: Int)
    throws(SentryEnvelopeError) -> (Item, Int)
  {
    let newline = UInt8(ascii: "\n")
    let lineEnd = ByteSearch.firstIndex(of: newline, in: buffer, from: start) ?? buffer.count
    guard lineEnd - start <= maxHeaderLineLength else {
      throw .headerLineTooLong(item: number, length: lineEnd - start, limit: maxHeaderLineLength)
    }
    let header: JSONValue
    do {
      header = try JSONParser.parse(UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd]))
    } catch {
      throw .invalidItemHeader(item: number, offset: start, reason: error.description)
    }
    guard header.members != nil else {
      throw .invalidItemHeader(item: number, offset: start, reason: "not a JSON object")
    }
    guard let type = header["type"]?.string else {
      throw .missingItemType(item: number, offset: start)
    }
    let payloadStart = min(lineEnd + 1, buffer.count)
    let payloadEnd: Int
    let next: Int
    switch header["length"] {
    case nil, .null?:
      payloadEnd =
        ByteSearch.firstIndex(of: newline, in: buffer, from: payloadStart) ?? buffer.count
      next = payloadEnd + 1
    case .number(let text)?:
      guard let length = Int(text), length >= 0 else {
        throw .invalidItemLength(item: number, offset: start)
      }
      let available = buffer.count - payloadStart
      guard length <= available else {
        throw .truncatedPayload(item: number, length: length, available: available)
      }
      payloadEnd = payloadStart + length
      if payloadEnd < buffer.count {
        guard buffer[payloadEnd] == newline else {
          throw .missingNewline(item: number, offset: payloadEnd)
        }
      }
      next = payloadEnd + 1
    default:
      throw .invalidItemLength(item: number, offset: start)
    }
    let item = Item(
      type: type, contentType: header["content_type"]?.string,
      payload: Array(UnsafeRawBufferPointer(rebasing: buffer[payloadStart..<payloadEnd])))
    return (item, next)
  }

  private static func isWhitespace(_ byte: UInt8) -> Bool {
    byte == 0x0A || byte == 0x0D || byte == 0x20 || byte == 0x09
  }
}
