import Foundation
import Hummingbird
import LookoutStore

/// Requires a session cookie or an API token on the UI and `/api/v1`.
///
/// API calls without credentials get 401 JSON; page requests are sent to `/login`.
struct AuthMiddleware: RouterMiddleware {
  typealias Context = LookoutRequestContext

  /// The cookie that carries the session token.
  static let cookieName = "lookout_session"

  let meta: MetaStore
  /// Paths served without login (prefix match).
  let publicPrefixes: [String]

  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let path = request.uri.path
    if publicPrefixes.contains(where: { path == $0 || path.hasPrefix($0 + "/") })
      || SentryRoutes.isSentryPath(path)
    {
      return try await next(request, context)
    }
    var context = context
    if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
      let token = String(authorization.dropFirst("Bearer ".count)).trimmingCharacters(
        in: .whitespaces)
      if try meta.apiToken(hash: Credentials.tokenHash(token)) != nil {
        context.viaAPIToken = true
        return try await next(request, context)
      }
      throw APIError.unauthorized("invalid API token")
    }
    if let cookie = request.cookies[Self.cookieName]?.value,
      let (session, user) = try meta.session(tokenHash: Credentials.tokenHash(cookie))
    {
      context.user = user
      context.session = session
      return try await next(request, context)
    }
    if path.hasPrefix("/api/") {
      throw APIError.unauthorized("log in or send Authorization: Bearer <API token>")
    }
    let target = request.uri.description
    let encoded = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
    return Response(status: .seeOther, headers: [.location: "/login?next=\(encoded)"])
  }
}
