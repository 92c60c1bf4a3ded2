import Foundation
import Hummingbird
import LookoutCore
import LookoutIngest
import LookoutStore

/// Span ingest over HTTP: `POST /v1/traces` (OTLP/HTTP, protobuf or JSON, also on the
/// extra OTLP port) and `POST /api/v2/spans` (Zipkin v2 JSON, answered 202).
///
/// OTLP answers 200 with an `ExportTraceServiceResponse` in the request's encoding, with
/// `partial_success` when spans were refused; 400 for a body that is not an export, 415
/// for another content type, 413 past the size limits, 429 with `Retry-After` when the
/// write queue is full.
///
/// Auth: the project's ingest key as `Authorization: Bearer`, `X-Lookout-Key`, or (Zipkin
/// exporters rarely set headers) the `key` query parameter. Environment: the span's own
/// (`deployment.environment`), else `env` / `X-Lookout-Environment`, else `production`.
/// Spans with bad ids are refused one by one and counted; the rest are stored.
struct TraceIngestRoutes {
  let runtime: LookoutRuntime

  struct ZipkinAnswer: Encodable {
    var accepted: Int
    var rejected: Int
    var errors: [String]
  }

  func register(on router: Router<LookoutRequestContext>) {
    registerOTLP(on: router)
    router.post("/api/v2/spans") { request, _ -> Response in
      let project = try Self.project(of: request, runtime: runtime)
      let environment = try IngestRoutes.environment(of: request)
      let body = try await IngestRoutes.body(of: request, runtime: runtime)
      let batch: ZipkinBatch
      do {
        batch = try ZipkinDecoder().decode(
          body, receivedAt: Int64(Date().timeIntervalSince1970 * 1e6))
      } catch {
        runtime.ingestStats.record(source: "zipkin", lines: 1, bad: [], badCount: 1)
        throw APIError.badRequest("Zipkin v2 spans: \(error)")
      }
      do {
        let result = try await SpanIngestor(runtime: runtime).ingest(
          batch.spans, project: project.id, environment: environment, source: "zipkin",
          rejected: batch.rejected)
        var response = try JSONResponse.make(
          ZipkinAnswer(
            accepted: result.accepted, rejected: result.rejected,
            errors: batch.rejectionExamples.map(\.description)))
        response.status = .accepted
        return response
      } catch let error as StoreError {
        throw APIError(error)
      }
    }
  }

  /// Only `POST /v1/traces`: the routes of the extra OTLP listener.
  func registerOTLP(on router: Router<LookoutRequestContext>) {
    router.post("/v1/traces") { request, _ -> Response in
      try await otlpTraces(request)
    }
  }

  func otlpTraces(_ request: Request) async throws -> Response {
    let project = try runtime.ingestAuthenticator.project(for: request)
    let encoding = try IngestRoutes.otlpEncoding(of: request)
    let environment = try IngestRoutes.environment(of: request)
    let body = try await IngestRoutes.body(of: request, runtime: runtime)
    let batch: OTLPTraceBatch
    do {
      batch = try OTLPTraceDecoder.decode(body, encoding: encoding)
    } catch {
      runtime.ingestStats.record(source: "otlp:traces", lines: 1, bad: [], badCount: 1)
      throw APIError.badRequest("OTLP traces: \(error)")
    }
    do {
      _ = try await SpanIngestor(runtime: runtime).ingest(
        batch.spans, project: project.id, environment: environment, source: "otlp:traces",
        rejected: batch.rejectedSpans)
    } catch let error as StoreError {
      throw APIError(error)
    }
    let answer = OTLPResponse.traces(
      rejectedSpans: batch.rejectedSpans, errorMessage: batch.errorMessage, encoding: encoding)
    return Response(
      status: .ok, headers: [.contentType: encoding.contentType],
      body: .init(byteBuffer: ByteBuffer(bytes: answer)))
  }

  /// The project of an ingest request, also accepting the key as `?key=`.
  static func project(of request: Request, runtime: LookoutRuntime) throws -> Project {
    if IngestAuthenticator.key(in: request) == nil,
      let key = request.uri.queryParameters["key"].map(String.init), !key.isEmpty
    {
      guard let project = try runtime.ingestAuthenticator.project(key: key) else {
        throw APIError.forbidden("unknown ingest key")
      }
      return project
    }
    return try runtime.ingestAuthenticator.project(for: request)
  }
}
