import Foundation
import Hummingbird
import LookoutStore

/// Login and logout, by form (the UI) and by JSON (`/api/v1/login`).
struct AuthRoutes {
  let runtime: LookoutRuntime
  /// How long a session lasts.
  static let sessionSeconds: Double = 14 * 24 * 3600

  struct LoginForm: Decodable {
    var username: String
    var password: String
    var next: String?
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.get("/login") { request, _ -> Response in
      let next = request.uri.queryParameters["next"].map(String.init) ?? "/"
      return Self.html(LoginPage.render(next: next, failed: false))
    }
    router.post("/login") { request, context -> Response in
      let form = try await URLEncodedFormDecoder().decode(
        LoginForm.self, from: String(buffer: request.body.collect(upTo: 64 << 10)))
      guard let cookie = try login(form.username, form.password) else {
        return Self.html(
          LoginPage.render(next: form.next ?? "/", failed: true), status: .unauthorized)
      }
      let target = Self.safeRedirect(form.next)
      var response = Response(status: .seeOther, headers: [.location: target])
      response.setCookie(cookie)
      return response
    }
    router.post("/api/v1/login") { request, context -> Response in
      let body = try await request.decode(as: LoginForm.self, context: context)
      guard let cookie = try login(body.username, body.password) else {
        throw APIError.unauthorized("wrong username or password")
      }
      var response = Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: #"{"ok":true}"#)))
      response.setCookie(cookie)
      return response
    }
    router.post("/logout") { request, _ -> Response in
      if let token = request.cookies[AuthMiddleware.cookieName]?.value {
        try runtime.meta.deleteSession(tokenHash: Credentials.tokenHash(token))
      }
      var response = Response(status: .seeOther, headers: [.location: "/login"])
      response.setCookie(
        Cookie(
          name: AuthMiddleware.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true,
          sameSite: .lax))
      return response
    }
  }

  /// Checks the password and opens a session; nil when the login is wrong.
  private func login(_ username: String, _ password: String) throws -> Cookie? {
    guard let user = try runtime.meta.user(named: username),
      Credentials.verifyPassword(password, hash: user.passwordHash), let id = user.id
    else { return nil }
    let token = Credentials.randomHex(bytes: 32)
    try runtime.meta.createSession(
      Session(
        tokenHash: Credentials.tokenHash(token), userID: id,
        csrfToken: Credentials.randomHex(),
        expiresAt: Date().timeIntervalSince1970 + Self.sessionSeconds))
    return Cookie(
      name: AuthMiddleware.cookieName, value: token, maxAge: Int(Self.sessionSeconds), path: "/",
      httpOnly: true, sameSite: .lax)
  }

  /// Only same-site relative targets are followed after login (no open redirect).
  static func safeRedirect(_ next: String?) -> String {
    guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else {
      return "/"
    }
    return next
  }

  static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
    Response(
      status: status, headers: [.contentType: "text/html; charset=utf-8"],
      body: .init(byteBuffer: ByteBuffer(string: text)))
  }
}
