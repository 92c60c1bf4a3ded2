import Foundation
import Hummingbird
import LookoutCore
import LookoutIngest
import LookoutStore

/// Log ingest over HTTP: `POST /v1/logs` (OTLP/HTTP, protobuf or JSON, also on the extra
/// OTLP port) and `POST /loki/api/v1/push` (Loki push, JSON or snappy-compressed protobuf).
///
/// OTLP answers as for traces: 200 with an `ExportLogsServiceResponse` in the request's
/// encoding, `partial_success{rejected_log_records, error_message}` when records were
/// refused; 400 for a body that is not an export, 415 for another content type.
///
/// Loki answers 204 once every entry is stored. As Loki itself does, a push with entries
/// it cannot store (an unreadable time, unreadable stream labels) keeps the good entries
/// and answers 400 with a JSON error body naming the first problem; so does a body that is
/// not a push at all. `Content-Type: application/x-protobuf` means snappy-compressed
/// protobuf; `application/json` (or none) JSON; `Content-Encoding: gzip` is accepted on
/// both.
///
/// Both: 413 past the size limits (also a snappy body claiming too much), 429 with
/// `Retry-After` when the write queue is full. Auth: the project's ingest key as
/// `Authorization: Bearer`, `X-Lookout-Key`, or, for Loki (promtail and Grafana Agent send
/// basic auth), `Authorization: Basic` with the key as the password. Environment: the
/// record's own (`deployment.environment`, an `env` label), else `env` /
/// `X-Lookout-Environment`, else `production`.
struct LogIngestRoutes {
  let runtime: LookoutRuntime

  func register(on router: Router<LookoutRequestContext>) {
    registerOTLP(on: router)
    router.post("/loki/api/v1/push") { request, _ -> Response in
      try await lokiPush(request)
    }
  }

  /// Only `POST /v1/logs`: the route of the extra OTLP listener.
  func registerOTLP(on router: Router<LookoutRequestContext>) {
    router.post("/v1/logs") { request, _ -> Response in
      try await otlpLogs(request)
    }
  }

  func otlpLogs(_ request: Request) async throws -> Response {
    let project = try runtime.ingestAuthenticator.project(for: request)
    let encoding = try IngestRoutes.otlpEncoding(of: request)
    let environment = try IngestRoutes.environment(of: request)
    let body = try await IngestRoutes.body(of: request, runtime: runtime)
    let decoded: DecodedLogs
    do {
      decoded = try OTLPLogDecoder.decode(body, encoding: encoding, receivedAt: Self.now())
    } catch {
      runtime.ingestStats.record(source: "otlp-logs", lines: 1, bad: [], badCount: 1)
      throw APIError.badRequest("OTLP logs: \(error)")
    }
    do {
      _ = try await LogIngestor(runtime: runtime).ingest(
        decoded.records, project: project.id, environment: environment, source: "otlp-logs",
        rejected: decoded.rejected)
    } catch let error as StoreError {
      throw APIError(error)
    }
    let answer = OTLPResponse.logs(
      rejectedLogRecords: decoded.rejected, errorMessage: decoded.errorMessage, encoding: encoding)
    return Response(
      status: .ok, headers: [.contentType: encoding.contentType],
      body: .init(byteBuffer: ByteBuffer(bytes: answer)))
  }

  func lokiPush(_ request: Request) async throws -> Response {
    let project = try Self.lokiProject(of: request, runtime: runtime)
    let contentType = request.headers[.contentType] ?? "application/json"
    let mediaType =
      contentType.split(separator: ";", maxSplits: 1).first.map {
        $0.trimmingCharacters(in: .whitespaces).lowercased()
      } ?? ""
    let isProtobuf: Bool
    switch mediaType {
    case "application/x-protobuf", "application/protobuf": isProtobuf = true
    case "application/json", "": isProtobuf = false
    default:
      throw APIError(
        .unsupportedMediaType, "unsupported_media_type",
        "Content-Type \(contentType) is not a Loki push; send application/json or "
          + "application/x-protobuf (snappy)"
      )
    }
    let environment = try IngestRoutes.environment(of: request)
    let body = try await IngestRoutes.body(of: request, runtime: runtime)
    let decoded: DecodedLogs
    do {
      if isProtobuf {
        decoded = try LokiPushDecoder.decodeProtobuf(
          body, receivedAt: Self.now(),
          maxDecompressedBytes: runtime.configuration.maxDecompressedBytes)
      } else {
        decoded = try LokiPushDecoder.decodeJSON(body, receivedAt: Self.now())
      }
    } catch {
      runtime.ingestStats.record(source: "loki", lines: 1, bad: [], badCount: 1)
      if case LogDecodeError.snappy(.tooLarge) = error {
        throw APIError.tooLarge("Loki push: \(error)")
      }
      throw APIError.badRequest("Loki push: \(error)")
    }
    do {
      _ = try await LogIngestor(runtime: runtime).ingest(
        decoded.records, project: project.id, environment: environment, source: "loki",
        rejected: decoded.rejected)
    } catch let error as StoreError {
      throw APIError(error)
    }
    guard decoded.rejected == 0 else {
      throw APIError.badRequest(
        "Loki push: \(decoded.errorMessage); \(decoded.records.count) entries stored")
    }
    return Response(status: .noContent)
  }

  /// µs since epoch.
  static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e6) }

  /// The project of a Loki push: the ingest key as for every ingest path, or as the
  /// password of `Authorization: Basic` (the user name is ignored).
  static func lokiProject(of request: Request, runtime: LookoutRuntime) throws -> Project {
    guard IngestAuthenticator.key(in: request) == nil,
      let key = basicAuthPassword(request.headers[.authorization])
    else {
      return try runtime.ingestAuthenticator.project(for: request)
    }
    guard let project = try runtime.ingestAuthenticator.project(key: key) else {
      throw APIError.forbidden("unknown ingest key")
    }
    return project
  }

  /// The password of an `Authorization: Basic base64(user:password)` header; nil for any
  /// other header or an empty password.
  static func basicAuthPassword(_ header: String?) -> String? {
    guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else {
      return nil
    }
    let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
    guard let data = Data(base64Encoded: encoded),
      let credentials = String(data: data, encoding: .utf8),
      let colon = credentials.firstIndex(of: ":")
    else { return nil }
    let password = String(credentials[credentials.index(after: colon)...])
    return password.isEmpty ? nil : password
  }
}
