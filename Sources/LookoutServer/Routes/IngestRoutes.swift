import Hummingbird
import LookoutCore
import LookoutIngest
import LookoutStore

/// `POST /api/ingest/nginx`: access log lines pushed by a shipper (Fluent Bit, Vector, curl).
///
/// Auth: the project's ingest key (`Authorization: Bearer` or `X-Lookout-Key`). Body: log
/// lines, optionally gzip (`Content-Encoding: gzip`, or detected by its magic bytes).
/// Query: `env` (default `production`), `format` (a preset name or a verbatim
/// `log_format`; also the `X-Lookout-Log-Format` header; guessed when absent).
/// Answers 200 with counts once the good lines are committed, 400 when no line decodes,
/// 413 past the body limits, 429 with `Retry-After` when the write queue is full.
///
/// `POST /api/ingest/slowlog`: a slow log (or a piece of one that ends at an entry boundary)
/// pushed the same way. Query: `env`, `format` (`mysql`, `postgres`, `postgres-csv`; also
/// `X-Lookout-Log-Format`; default `mysql`) and `log_line_prefix` for `postgres`.
struct IngestRoutes {
  let runtime: LookoutRuntime

  func register(on router: Router<LookoutRequestContext>) {
    router.post("/api/ingest/nginx") { request, _ -> Response in
      let project = try runtime.ingestAuthenticator.project(for: request)
      let body = try await Self.body(of: request, runtime: runtime)
      let query = request.uri.queryParameters
      let environment = try Self.environment(of: request)
      let formatText =
        query["format"].map(String.init) ?? request.headers[.init("X-Lookout-Log-Format")!]
      let format =
        try formatText.map(NginxIngestor.format(named:))
        ?? NginxIngestor.guessFormat(body.prefix(64 << 10))
      let batch = NginxBatchDecoder(format: format).decode(body)
      if batch.records.isEmpty, batch.report.badLines > 0 {
        let first = batch.report.examples.first.map { "line \($0.lineNumber): \($0.reason)" } ?? ""
        runtime.ingestStats.record(
          source: "nginx:push", lines: batch.lineCount - batch.blankLines, bad: [],
          badCount: batch.report.badLines)
        throw APIError.badRequest(
          "none of the \(batch.report.badLines) lines matched the log format (\(format)); \(first)")
      }
      do {
        let result = try await NginxIngestor(runtime: runtime).ingest(
          batch, context: SourceContext(project: project.id, environment: environment),
          source: "nginx:push")
        return try JSONResponse.make(result)
      } catch let error as StoreError {
        throw APIError(error)
      }
    }
    router.post("/api/ingest/slowlog") { request, _ -> Response in
      try await ingestSlowLog(request)
    }
  }

  /// Decodes, fingerprints and stores a pushed slow log.
  func ingestSlowLog(_ request: Request) async throws -> Response {
    let project = try runtime.ingestAuthenticator.project(for: request)
    let body = try await Self.body(of: request, runtime: runtime)
    let query = request.uri.queryParameters
    let environment = try Self.environment(of: request)
    let format: SlowLogFormat
    do {
      format = try SlowLogFormat(
        name: query["format"].map(String.init)
          ?? request.headers[.init("X-Lookout-Log-Format")!] ?? "mysql",
        linePrefix: query["log_line_prefix"].map(String.init))
    } catch {
      throw APIError.badRequest(error.description)
    }
    var decoder = format.makeDecoder()
    var batch = decoder.feed(body)
    batch.append(decoder.finish())
    if batch.records.isEmpty, batch.report.badLines > 0 {
      let first = batch.report.examples.first.map { "line \($0.lineNumber): \($0.reason)" } ?? ""
      runtime.ingestStats.record(
        source: "slowlog:push", lines: batch.entryCount, bad: [], badCount: batch.report.badLines)
      throw APIError.badRequest(
        "none of the \(batch.report.badLines) entries could be read as \(format); \(first)")
    }
    do {
      let result = try await SlowQueryIngestor(runtime: runtime).ingest(
        batch, context: SourceContext(project: project.id, environment: environment),
        source: "slowlog:push")
      return try JSONResponse.make(result)
    } catch let error as StoreError {
      throw APIError(error)
    }
  }

  /// The OTLP encoding of a request's `Content-Type` (protobuf when absent), or 415.
  static func otlpEncoding(of request: Request) throws -> OTLPEncoding {
    let contentType = request.headers[.contentType] ?? "application/x-protobuf"
    guard let encoding = OTLPEncoding(contentType: contentType) else {
      throw APIError(
        .unsupportedMediaType, "unsupported_media_type",
        "Content-Type \(contentType) is not OTLP; send application/x-protobuf or application/json")
    }
    return encoding
  }

  /// The `env` query parameter or `X-Lookout-Environment` header; `production` by default.
  static func environment(of request: Request) throws -> String {
    let environment =
      request.uri.queryParameters["env"].map(String.init)
      ?? request.headers[.init("X-Lookout-Environment")!] ?? "production"
    guard SourceNames.isValidEnvironment(environment) else {
      throw APIError.badRequest("env must be 1-64 letters, digits, '-', '_' or '.'")
    }
    return environment
  }

  /// The request body, decompressed when gzip, within the configured limits.
  static func body(of request: Request, runtime: LookoutRuntime) async throws -> [UInt8] {
    let limits = runtime.configuration
    let buffer: ByteBuffer
    do {
      buffer = try await request.body.collect(upTo: limits.maxBodyBytes)
    } catch {
      throw APIError.tooLarge("body larger than \(limits.maxBodyBytes) bytes")
    }
    let bytes = Array(buffer.readableBytesView)
    let encoding = request.headers[.contentEncoding]?.lowercased()
    guard encoding == "gzip" || encoding == "x-gzip" || (encoding == nil && isGzip(bytes)) else {
      if let encoding, encoding != "identity" {
        throw APIError(
          .unsupportedMediaType, "unsupported_encoding",
          "Content-Encoding \(encoding) is not accepted; use gzip")
      }
      return bytes
    }
    do {
      return try gunzip(bytes, limit: limits.maxDecompressedBytes)
    } catch .decompressedTooLarge {
      throw APIError.tooLarge(
        "body larger than \(limits.maxDecompressedBytes) bytes once decompressed")
    } catch {
      throw APIError.badRequest("gzip body: \(error)")
    }
  }
}

/// Rules for names that come from clients.
enum SourceNames {
  /// Environment names: 1-64 of letters, digits, `-`, `_`, `.`.
  static func isValidEnvironment(_ name: String) -> Bool {
    !name.isEmpty && name.utf8.count <= 64
      && name.unicodeScalars.allSatisfy {
        $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)
      }
  }
}
