/// Why bytes are not a Sentry envelope.
///
/// Item numbers count from 1 in the order the items appear; offsets are byte offsets from
/// the start of the envelope. The server answers every case with 400.
public enum SentryEnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The body is empty: not even an envelope header.
  case empty
  /// The first line is not a JSON object.
  case invalidEnvelopeHeader(reason: String)
  /// An item header line is not a JSON object.
  case invalidItemHeader(item: Int, offset: Int, reason: String)
  /// An item header has no string `type`.
  case missingItemType(item: Int, offset: Int)
  /// An item header's `length` is not a non-negative integer.
  case invalidItemLength(item: Int, offset: Int)
  /// An item's `length` runs past the end of the envelope.
  case truncatedPayload(item: Int, length: Int, available: Int)
  /// A payload of known length is followed by something other than a newline.
  case missingNewline(item: Int, offset: Int)
  /// A header line is longer than the cap; item 0 is the envelope header.
  case headerLineTooLong(item: Int, length: Int, limit: Int)
  /// The envelope has more items than the cap.
  case tooManyItems(limit: Int)

  /// A sentence for logs and error bodies.
  public var description: String {
    switch self {
    case .empty:
      "empty envelope"
    case .invalidEnvelopeHeader(let reason):
      "invalid envelope header: \(reason)"
    case .invalidItemHeader(let item, let offset, let reason):
      "invalid header of item \(item) at offset \(offset): \(reason)"
    case .missingItemType(let item, let offset):
      "header of item \(item) at offset \(offset) has no type"
    case .invalidItemLength(let item, let offset):
      "header of item \(item) at offset \(offset) has an invalid length"
    case .truncatedPayload(let item, let length, let available):
      "item \(item) declares \(length) bytes but only \(available) follow"
    case .missingNewline(let item, let offset):
      "item \(item) is not followed by a newline at offset \(offset)"
    case .headerLineTooLong(let item, let length, let limit):
      (item == 0 ? "envelope header" : "header of item \(item)")
        + " is \(length) bytes long, more than \(limit)"
    case .tooManyItems(let limit):
      "envelope has more than \(limit) items"
    }
  }
}
