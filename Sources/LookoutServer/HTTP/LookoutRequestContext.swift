import Hummingbird
import LookoutStore

/// The per-request context of every route: who is calling, once authenticated.
public struct LookoutRequestContext: RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The logged-in user, for session-authenticated requests.
  public var user: User?
  /// The session, for cookie-authenticated requests (its CSRF token guards forms).
  public var session: Session?
  /// Whether the request carried a valid API token.
  public var viaAPIToken = false

  public init(source: Source) {
    self.coreContext = .init(source: source)
  }

  /// Whether the caller is authenticated for the UI and `/api/v1`.
  public var isAuthenticated: Bool { user != nil || viaAPIToken }
}
