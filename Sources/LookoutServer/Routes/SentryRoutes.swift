import Foundation
import HTTPTypes
import Hummingbird
import LookoutCore
import LookoutIngest
import LookoutStore

/// The Sentry SDK endpoints: `POST /api/{project}/envelope/` and the legacy
/// `POST /api/{project}/store/`, with CORS for browser SDKs.
///
/// Auth: the project's key as DSN public key, from `X-Sentry-Auth`, the `sentry_key` query
/// parameter or the envelope's `dsn`. Bodies may be gzip, deflate or br. Answers 200
/// `{"id": ...}` once stored; 400 for bad data, 401/403 for keys, 413 past the limits, 429
/// with `Retry-After` and `X-Sentry-Rate-Limits` over the project's rate.
struct SentryRoutes {
  let runtime: LookoutRuntime

  /// Whether `path` is one of these endpoints (they need no login).
  static func isSentryPath(_ path: String) -> Bool {
    let parts = path.split(separator: "/")
    return parts.count == 3 && parts[0] == "api" && Int64(parts[1]) != nil
      && (parts[2] == "envelope" || parts[2] == "store")
  }

  static let sentryAuth = HTTPField.Name("X-Sentry-Auth")!
  static let sentryError = HTTPField.Name("X-Sentry-Error")!
  static let sentryRateLimits = HTTPField.Name("X-Sentry-Rate-Limits")!

  static let cors: HTTPFields = [
    .accessControlAllowOrigin: "*",
    .accessControlAllowMethods: "POST, OPTIONS",
    .accessControlAllowHeaders:
      "content-type, content-encoding, x-sentry-auth, authorization, sentry-trace, baggage",
    .accessControlExposeHeaders: "x-sentry-error, x-sentry-rate-limits, retry-after",
    .accessControlMaxAge: "3600",
  ]

  func register(on router: Router<LookoutRequestContext>) {
    for kind in ["envelope", "store"] {
      router.on("/api/:project/\(kind)", method: .options) { _, _ in
        Response(status: .ok, headers: Self.cors)
      }
      router.post("/api/:project/\(kind)") { request, context -> Response in
        // Browsers send `Origin` with every cross-origin request and need the CORS
        // headers on the answer; server SDKs send none and are spared them.
        let crossOrigin = request.headers[.origin] != nil
        do {
          var response = try await handle(kind, request, context)
          if crossOrigin { response.headers.append(contentsOf: Self.cors) }
          return response
        } catch var error as APIError {
          if crossOrigin { error.headers.append(contentsOf: Self.cors) }
          error.headers[Self.sentryError] = error.detail
          throw error
        }
      }
    }
  }

  private func handle(_ kind: String, _ request: Request, _ context: LookoutRequestContext)
    async throws -> Response
  {
    guard let projectText = context.parameters.get("project"), let projectID = Int64(projectText)
    else { throw APIError.badRequest("the project id in the URL must be a number") }
    let now = Int64(Date().timeIntervalSince1970 * 1e6)
    let body = try await Self.body(of: request, runtime: runtime)
    let ingestor = ErrorIngestor(runtime: runtime)
    if kind == "store" {
      try authorize(request, envelopeDSN: nil, projectID: projectID)
      try limit(1, projectID)
      let json: [UInt8]
      do {
        json = try SentryStoreBody.json(
          from: body, limit: runtime.configuration.maxDecompressedBytes)
      } catch {
        throw APIError.badRequest("store body: \(error)")
      }
      let outcome = try await run {
        try await ingestor.ingest(storeJSON: json, project: projectID, now: now)
      }
      return JSONResponse.eventID(outcome.eventID ?? "")
    }
    let envelope: SentryEnvelope
    do {
      envelope = try SentryEnvelope.parse(body)
    } catch {
      throw APIError.badRequest("envelope: \(error)")
    }
    try authorize(request, envelopeDSN: envelope.dsn, projectID: projectID)
    let count = envelope.items.filter { $0.type == "event" || $0.type == "transaction" }.count
    if count > 0 { try limit(count, projectID) }
    let outcome = try await run {
      try await ingestor.ingest(envelope: envelope, project: projectID, now: now)
    }
    return JSONResponse.eventID(outcome.eventID ?? "")
  }

  /// Maps decoder and store errors to their answers.
  private func run<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as StoreError {
      throw APIError(error)
    } catch let error as APIError {
      throw error
    } catch {
      throw APIError.badRequest("\(error)")
    }
  }

  /// Checks the key against the project in the URL: 401 without a key, 403 for a key of
  /// another project or none.
  private func authorize(_ request: Request, envelopeDSN: String?, projectID: Int64) throws {
    let key =
      request.headers[Self.sentryAuth].flatMap(SentryAuth.key(fromHeader:))
      ?? request.uri.queryParameters["sentry_key"].map(String.init)
      ?? request.headers[.authorization].flatMap(SentryAuth.key(fromHeader:))
      ?? envelopeDSN.flatMap { SentryAuth.parseDSN($0)?.publicKey }
    guard let key, !key.isEmpty else {
      throw APIError.unauthorized("missing sentry_key (X-Sentry-Auth header, query or DSN)")
    }
    guard let project = try runtime.ingestAuthenticator.project(key: key), project.id == projectID
    else {
      throw APIError.forbidden("the key is not valid for project \(projectID)")
    }
  }

  private func limit(_ count: Int, _ projectID: Int64) throws {
    guard let wait = runtime.errorRateLimiter.take(count, project: projectID) else { return }
    throw APIError(
      .tooManyRequests, "rate_limited",
      "project \(projectID) is over \(runtime.configuration.errorEventsPerSecond) events/s",
      headers: [
        .retryAfter: String(wait),
        Self.sentryRateLimits: "\(wait):error;transaction;default:project",
      ])
  }

  /// The body, decoded per `Content-Encoding` (gzip, deflate, br) within the limits.
  static func body(of request: Request, runtime: LookoutRuntime) async throws -> [UInt8] {
    let limits = runtime.configuration
    let buffer: ByteBuffer
    do {
      buffer = try await request.body.collect(upTo: limits.maxBodyBytes)
    } catch {
      throw APIError.tooLarge("body larger than \(limits.maxBodyBytes) bytes")
    }
    do {
      return try ContentDecoding.decode(
        Array(buffer.readableBytesView), contentEncoding: request.headers[.contentEncoding],
        limit: limits.maxDecompressedBytes)
    } catch {
      if error.isTooLarge {
        throw APIError.tooLarge(
          "body larger than \(limits.maxDecompressedBytes) bytes once decompressed")
      }
      throw APIError.badRequest("body: \(error)")
    }
  }
}
