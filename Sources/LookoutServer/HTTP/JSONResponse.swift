import Foundation
import Hummingbird
import LookoutCore

/// JSON answers of the API: Encodable values, or documents built from dictionaries.
enum JSONResponse {
  /// The encoder of every answer: keys sorted so answers are stable.
  static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return encoder
  }

  /// `value` encoded as JSON.
  static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    bytes(try encoder.encode(value), status: status)
  }

  /// A `JSONSerialization` document (dictionaries, arrays, strings, numbers, NSNull).
  static func raw(_ document: Any, status: HTTPResponse.Status = .ok) throws -> Response {
    bytes(
      try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]), status: status)
  }

  /// `{"id":"…"}`, the answer to every Sentry envelope, written directly: an encoder per
  /// answer cost more CPU than everything else in it.
  static func eventID(_ id: String) -> Response {
    bytes(Data((#"{"id":"# + JSONText.quoted(id) + "}").utf8), status: .ok)
  }

  private static func bytes(_ data: Data, status: HTTPResponse.Status) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}
