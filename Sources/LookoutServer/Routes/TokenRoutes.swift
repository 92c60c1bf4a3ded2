import Foundation
import Hummingbird

/// `POST /api/v1/tokens`: a logged-in user creates an API token for scripts.
///
/// The token is returned once; only its SHA-256 is stored.
struct TokenRoutes {
  let runtime: LookoutRuntime

  struct NewToken: Decodable {
    var name: String
  }

  struct Created: Encodable {
    var id: Int64?
    var name: String
    var token: String
  }

  func register(on router: Router<LookoutRequestContext>) {
    router.post("/api/v1/tokens") { request, context -> Response in
      guard context.user != nil else {
        throw APIError.forbidden("API tokens are created from a login session")
      }
      let body = try await request.decode(as: NewToken.self, context: context)
      let name = body.name.trimmingCharacters(in: .whitespaces)
      guard !name.isEmpty, name.count <= 100 else {
        throw APIError.badRequest("name must be 1-100 characters")
      }
      let token = Credentials.randomHex(bytes: 32)
      let stored = try runtime.meta.saveAPIToken(
        name: name, tokenHash: Credentials.tokenHash(token))
      return try JSONResponse.make(
        Created(id: stored.id, name: name, token: token), status: .created)
    }
  }
}
