import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LookoutServer

@Suite("Authentication")
struct AuthTests {
  @Test("the JSON API needs a session or an API token")
  func apiNeedsCredentials() async throws {
    try await TestApp.run { client, _ in
      try await client.execute(uri: "/api/v1/endpoints", method: .get) { response in
        #expect(response.status == .unauthorized)
        let body =
          try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
        #expect(body?["error"] == "unauthorized")
      }
      try await client.execute(
        uri: "/api/v1/endpoints", method: .get, headers: [.authorization: "Bearer wrong"]
      ) { response in
        #expect(response.status == .unauthorized)
      }
      try await client.execute(uri: "/api/v1/endpoints", method: .get, headers: TestApp.bearerAPI) {
        response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test("log in with the admin password, use the cookie, log out")
  func sessionLogin() async throws {
    try await TestApp.run { client, _ in
      let wrong = #"{"username":"admin","password":"nope"}"#
      try await client.execute(
        uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: wrong)
      ) { response in
        #expect(response.status == .unauthorized)
      }
      let right = #"{"username":"admin","password":"\#(TestApp.password)"}"#
      let cookie = try await client.execute(
        uri: "/api/v1/login", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: right)
      ) { response -> String in
        #expect(response.status == .ok)
        let setCookie = try #require(response.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Lax"))
        return String(setCookie.split(separator: ";")[0])
      }
      try await client.execute(uri: "/api/v1/endpoints", method: .get, headers: [.cookie: cookie]) {
        response in
        #expect(response.status == .ok)
      }
      let token = try await client.execute(
        uri: "/api/v1/tokens", method: .post,
        headers: [.cookie: cookie, .contentType: "application/json"],
        body: ByteBuffer(string: #"{"name":"grafana"}"#)
      ) { response -> String in
        #expect(response.status == .created)
        let json =
          try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
        return try #require(json?["token"] as? String)
      }
      try await client.execute(
        uri: "/api/v1/endpoints", method: .get, headers: [.authorization: "Bearer \(token)"]
      ) {
        #expect($0.status == .ok)
      }
      try await client.execute(
        uri: "/api/v1/tokens", method: .post,
        headers: [.authorization: "Bearer \(TestApp.apiToken)", .contentType: "application/json"],
        body: ByteBuffer(string: #"{"name":"x"}"#)
      ) { #expect($0.status == .forbidden) }
      try await client.execute(uri: "/logout", method: .post, headers: [.cookie: cookie]) {
        response in
        #expect(response.status == .seeOther)
      }
      try await client.execute(uri: "/api/v1/endpoints", method: .get, headers: [.cookie: cookie]) {
        response in
        #expect(response.status == .unauthorized)
      }
    }
  }

  @Test("a page without login redirects to the login form; the form logs in")
  func formLogin() async throws {
    try await TestApp.run { client, _ in
      try await client.execute(uri: "/?range=1h", method: .get) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location]?.hasPrefix("/login?next=") == true)
      }
      try await client.execute(uri: "/login", method: .get) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body).contains("<form"))
      }
      let form =
        "username=admin&password=\(TestApp.password.replacingOccurrences(of: " ", with: "+"))&next=%2F%2Fevil.example"
      try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: form)
      ) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/")
        #expect(response.headers[.setCookie] != nil)
      }
    }
  }

  @Test("health, readiness and metrics are public")
  func publicEndpoints() async throws {
    try await TestApp.run { client, _ in
      try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
      try await client.execute(uri: "/metrics", method: .get) { response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test("bootstrap keeps the generated password out of later starts")
  func bootstrapOnce() throws {
    var configuration = TestApp.configuration()
    configuration.adminPassword = nil
    defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
    let meta = try LookoutStoreAccess.meta(configuration)
    let first = try Bootstrap.run(meta: meta, configuration: configuration)
    let password = try #require(first.generatedAdminPassword)
    let user = try #require(try meta.user(named: "admin"))
    #expect(Credentials.verifyPassword(password, hash: user.passwordHash))
    #expect(!user.passwordHash.contains(password))
    let second = try Bootstrap.run(meta: meta, configuration: configuration)
    #expect(second.generatedAdminPassword == nil)
    #expect(second.ingestKey == TestApp.ingestKey)
  }
}
