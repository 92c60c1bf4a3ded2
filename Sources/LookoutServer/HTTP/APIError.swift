import Foundation
import Hummingbird
import LookoutIngest
import LookoutStore

/// An error answered as JSON `{"error": ..., "detail": ...}` with its HTTP status.
///
/// The status is chosen here, at the edge, once: decoders and stores throw their own
/// errors and ``APIError/init(_:)`` maps them.
public struct APIError: HTTPResponseError, Sendable {
  /// The HTTP status.
  public var status: HTTPResponse.Status
  /// A short machine-readable reason (`bad_request`, `payload_too_large`, ...).
  public var error: String
  /// A sentence for the person reading it.
  public var detail: String
  /// Extra headers (`Retry-After`).
  public var headers: HTTPFields

  /// Creates an error.
  public init(
    _ status: HTTPResponse.Status, _ error: String, _ detail: String, headers: HTTPFields = [:]
  ) {
    self.status = status
    self.error = error
    self.detail = detail
    self.headers = headers
  }

  /// Maps a store error to its answer.
  public init(_ storeError: StoreError) {
    switch storeError {
    case .overloaded(let seconds):
      self.init(
        .tooManyRequests, "overloaded", "ingest queue is full; retry after \(seconds) s",
        headers: [.retryAfter: String(seconds)])
    case .closed:
      self.init(
        .serviceUnavailable, "shutting_down", "server is shutting down", headers: [.retryAfter: "5"]
      )
    case .notFound(let what):
      self.init(.notFound, "not_found", "\(what) not found")
    case .conflict(let detail):
      self.init(.conflict, "conflict", detail)
    case .corrupt(let detail):
      self.init(.internalServerError, "corrupt", detail)
    case .io(let detail):
      self.init(.serviceUnavailable, "disk_error", detail, headers: [.retryAfter: "5"])
    }
  }

  static func badRequest(_ detail: String) -> APIError {
    APIError(.badRequest, "bad_request", detail)
  }
  static func unauthorized(_ detail: String) -> APIError {
    APIError(.unauthorized, "unauthorized", detail)
  }
  static func forbidden(_ detail: String) -> APIError { APIError(.forbidden, "forbidden", detail) }
  static func tooLarge(_ detail: String) -> APIError {
    APIError(.contentTooLarge, "payload_too_large", detail)
  }

  public func response(from request: Request, context: some RequestContext) throws -> Response {
    var fields = headers
    fields[.contentType] = "application/json; charset=utf-8"
    let body = try JSONSerialization.data(
      withJSONObject: ["error": error, "detail": detail], options: [.sortedKeys])
    return Response(
      status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
  }
}
