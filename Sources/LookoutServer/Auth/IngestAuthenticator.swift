import Hummingbird
import LookoutStore
import Synchronization

/// Finds the project an ingest request belongs to from its key.
///
/// Keys come as `Authorization: Bearer <key>` or `X-Lookout-Key: <key>`. Known keys are
/// cached; an unknown key is looked up once per request (and refused: 403).
final class IngestAuthenticator: Sendable {
  private let meta: MetaStore
  private let cache = Mutex<[String: Project]>([:])

  init(meta: MetaStore) {
    self.meta = meta
  }

  /// The project of the request's ingest key.
  /// - Throws: 401 when no key is sent, 403 when the key is unknown.
  func project(for request: Request) throws -> Project {
    guard let key = Self.key(in: request) else {
      throw APIError.unauthorized(
        "send the project's ingest key as Authorization: Bearer <key> or X-Lookout-Key")
    }
    guard let project = try project(key: key) else {
      throw APIError.forbidden("unknown ingest key")
    }
    return project
  }

  /// The project whose ingest key (or Sentry public key) is `key`, from the cache once
  /// known.
  func project(key: String) throws -> Project? {
    if let known = cache.withLock({ $0[key] }) { return known }
    guard let project = try meta.project(ingestKey: key) else { return nil }
    cache.withLock { $0[key] = project }
    return project
  }

  /// Forgets cached keys (after a key changes).
  func invalidate() {
    cache.withLock { $0.removeAll() }
  }

  static func key(in request: Request) -> String? {
    if let header = request.headers[.init("X-Lookout-Key")!], !header.isEmpty {
      return header
    }
    if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
      let key = authorization.dropFirst("Bearer ".count)
      return key.isEmpty ? nil : String(key)
    }
    return nil
  }
}
