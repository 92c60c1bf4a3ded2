import Foundation
import LookoutAnalysis
import Testing

@Suite("RouteTemplater")
struct RouteTemplaterTests {
  /// Fixed rules and normalisation, each on a fresh templater.
  @Test(
    "fixed rules",
    arguments: [
      // ids
      ("/api/v1/users/42", "/api/v1/users/{id}"),
      ("/api/v1/users/42/orders", "/api/v1/users/{id}/orders"),
      ("/404", "/{id}"),
      // uuids, either case, whole and inside a segment
      ("/api/v1/orders/3b241101-e2bb-4255-8caf-4136c566a962", "/api/v1/orders/{uuid}"),
      ("/api/v1/orders/3B241101-E2BB-4255-8CAF-4136C566A962", "/api/v1/orders/{uuid}"),
      ("/files/3b241101-e2bb-4255-8caf-4136c566a962.png", "/files/{uuid}.png"),
      // hex hashes, whole and inside a segment
      ("/api/v1/payments/3f9a2b7c1d0e/capture", "/api/v1/payments/{hex}/capture"),
      ("/static/js/app.3f9a2b7c1d0e.js", "/static/js/app.{hex}.js"),
      ("/git/commit/9fceb02d0ae598e95dc970b74767f19372d61af8", "/git/commit/{hex}"),
      ("/assets/main-DEADBEEF01.css", "/assets/main-{hex}.css"),
      // dates, dashed and compact, whole and inside
      ("/api/v1/reports/2024-06-05", "/api/v1/reports/{date}"),
      ("/api/v1/reports/20240605", "/api/v1/reports/{date}"),
      ("/exports/report-2024-06-05.csv", "/exports/report-{date}.csv"),
      // long digit runs inside a segment
      ("/uploads/upload-1717545600.png", "/uploads/upload-{id}.png"),
      // not over-masked
      ("/api/v2-12345/items", "/api/v2-12345/items"),
      ("/commits/deadbeef", "/commits/deadbeef"),
      ("/commits/ebbbbeacfcbf", "/commits/{hex}"),
      ("/words/accede-faced", "/words/accede-faced"),
      ("/settings/2fa", "/settings/2fa"),
      ("/net/ipv6", "/net/ipv6"),
      ("/talents/taro-works-123", "/talents/taro-works-123"),
      ("/api/v1/reports/2024-13-05", "/api/v1/reports/2024-13-05"),
      ("/docs/a%2F1b", "/docs/a%2F1b"),
      // query strings, fragments, absolute URLs
      ("/api/v1/search?q=logo&page=2", "/api/v1/search"),
      ("/api/v1/users/7?expand=orders/12", "/api/v1/users/{id}"),
      ("/guide#section-2", "/guide"),
      ("https://example.com:8443/api/v1/users/5?x=1", "/api/v1/users/{id}"),
      // slashes
      ("//api///v1//users/7/", "/api/v1/users/{id}"),
      ("/health/", "/health"),
      ("/", "/"),
      ("", "/"),
      ("/?utm=1", "/"),
      ("///", "/"),
    ])
  func fixedRules(path: String, expected: String) {
    var templater = RouteTemplater()
    #expect(templater.template(path) == expected)
  }

  /// Configured routes: they win over the rules and learning, and methods narrow them.
  @Test(
    "configured routes",
    arguments: [
      ("GET", "/api/v1/users/42/orders", "/api/v1/users/{userId}/orders"),
      ("GET", "/api/v1/users/42/orders?page=2", "/api/v1/users/{userId}/orders"),
      ("GET", "//api/v1/users/42/orders/", "/api/v1/users/{userId}/orders"),
      ("GET", "/api/v1/users/42", "/api/v1/users/{userId}"),
      ("get", "/api/v1/users/42", "/api/v1/users/{userId}"),
      ("DELETE", "/api/v1/users/42", "/api/v1/users/{id}"),
      ("", "/api/v1/users/42", "/api/v1/users/{userId}"),
      ("GET", "/api/v1/users/me", "/api/v1/users/me"),
      ("PUT", "/api/v1/users/me", "/api/v1/users/me"),
      ("GET", "/files/report.pdf", "/files/{name}.pdf"),
      ("GET", "/files/report.txt", "/files/report.txt"),
      ("GET", "/files/.pdf", "/files/.pdf"),
      ("POST", "/hooks/github/push", "/hooks/*/push"),
      ("GET", "/hooks/github", "/hooks/github"),
    ])
  func configuredRoutes(method: String, path: String, expected: String) {
    var templater = RouteTemplater(routes: [
      "/api/v1/users/{userId}/orders",
      "GET /api/v1/users/{userId}",
      "/api/v1/users/me",
      "/files/{name}.pdf",
      "/hooks/*/push",
    ])
    #expect(templater.template(path, method: method) == expected)
  }

  /// Slugs are learned after a few dozen requests; earlier routes are fixed by `retemplate`.
  @Test("slugs are learned", arguments: [1, 2, 3])
  func slugsAreLearned(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    var templater = RouteTemplater()
    var provisional: [String] = []
    let first = ["taro", "hanako", "design", "studio", "web", "logo", "maker", "kobo"]
    let second = ["yamada", "works", "pro", "lab", "office", "atelier"]
    var learnedAt: Int?
    for request in 0..<200 {
      let slug =
        "\(first.randomElement(using: &random)!)-\(second.randomElement(using: &random)!)"
        + "-\(Int.random(in: 1...999, using: &random))"
      let route = templater.template("/api/v2/talents/\(slug)")
      provisional.append(route)
      if learnedAt == nil && route == "/api/v2/talents/{slug}" { learnedAt = request }
      // Static traffic alongside must stay as it is.
      #expect(templater.template("/api/v2/talents") == "/api/v2/talents")
    }
    let learned = try #require(learnedAt)
    #expect(learned < 48, "learned after \(learned) requests")
    #expect(templater.template("/api/v2/talents/brand-new-1") == "/api/v2/talents/{slug}")
    for route in provisional {
      #expect(templater.retemplate(route) == "/api/v2/talents/{slug}")
    }
    #expect(templater.learnedPositionCount == 1)
  }

  /// A static fan-out of up to 32 children is never masked, however long traffic runs.
  @Test("static fan-out is never masked", arguments: [4, 12, 24, 32, 40])
  func staticFanOut(width: Int) {
    var random = SeededGenerator(seed: UInt64(width))
    let names = (0..<width).map { "resource\(Character(UnicodeScalar(97 + $0 % 26)!))\($0 / 26)" }
    var templater = RouteTemplater()
    for _ in 0..<20_000 {
      let name = names.randomElement(using: &random)!
      #expect(templater.template("/api/v1/\(name)") == "/api/v1/\(name)")
      _ = templater.template("/api/v1/\(name)/\(Int.random(in: 1...1_000_000, using: &random))")
    }
    #expect(templater.learnedPositionCount == 0)
  }

  /// User names drawn from a Zipf distribution (a few very active users, a long tail) are
  /// learned too, though popular names repeat.
  @Test("Zipf-distributed names are learned", arguments: [1.0, 1.2])
  func zipfNamesAreLearned(exponent: Double) throws {
    var random = SeededGenerator(seed: 42)
    var cumulative: [Double] = []
    var total = 0.0
    for rank in 1...100_000 {
      total += 1 / pow(Double(rank), exponent)
      cumulative.append(total)
    }
    var templater = RouteTemplater()
    var learnedAt: Int?
    for request in 0..<1_000 {
      let target = Double.random(in: 0..<total, using: &random)
      var low = 0
      var high = cumulative.count - 1
      while low < high {
        let middle = (low + high) / 2
        if cumulative[middle] < target { low = middle + 1 } else { high = middle }
      }
      let route = templater.template("/users/user\(low)x/posts")
      if learnedAt == nil && route == "/users/{slug}/posts" { learnedAt = request }
    }
    let learned = try #require(learnedAt)
    #expect(learned < 200, "learned after \(learned) requests")
  }

  /// Scanner noise at the root is masked, but the popular static routes next to it are not.
  @Test func frequentValuesStayLiteral() {
    var templater = RouteTemplater()
    for index in 0..<400 {
      #expect(templater.template("/health") == "/health")
      if index % 4 == 0 { _ = templater.template("/login") }
      _ = templater.template("/probe\(index)x.php")
    }
    #expect(templater.template("/wp-login.php") == "/{slug}")
    #expect(templater.template("/health") == "/health")
    #expect(templater.template("/login") == "/login")
  }

  /// `retemplate` leaves configured routes, placeholders and unlearned text alone.
  @Test func retemplateLeavesOthersAlone() {
    var templater = RouteTemplater(routes: ["/u/settings"])
    for index in 0..<100 { _ = templater.template("/u/user\(index)name/profile") }
    #expect(templater.template("/u/someone/profile") == "/u/{slug}/profile")
    #expect(templater.retemplate("/u/settings") == "/u/settings")
    #expect(templater.retemplate("/u/user3name/profile") == "/u/{slug}/profile")
    #expect(templater.retemplate("/u/{slug}/profile") == "/u/{slug}/profile")
    #expect(templater.retemplate("/u/{id}/profile") == "/u/{id}/profile")
    #expect(templater.retemplate("/v/user3name/profile") == "/v/user3name/profile")
    #expect(templater.retemplate("/u/user3name") == "/u/user3name")
  }

  /// Learning can be turned off, leaving only the fixed rules.
  @Test func learningOff() {
    var templater = RouteTemplater(learning: .init(isEnabled: false))
    for index in 0..<200 {
      #expect(templater.template("/t/name\(index)x") == "/t/name\(index)x")
    }
    #expect(templater.learnedPositionCount == 0)
  }

  /// What one templater learned, another can absorb.
  @Test func absorbLearning() {
    var teacher = RouteTemplater()
    var student = RouteTemplater()
    let provisional = student.template("/p/first-slug-1/reviews")
    for index in 0..<100 { _ = teacher.template("/p/slug-\(index)-x/reviews") }
    #expect(student.retemplate(provisional) == provisional)
    student.absorbLearning(from: teacher)
    #expect(student.retemplate(provisional) == "/p/{slug}/reviews")
    #expect(student.template("/p/another-one/reviews") == "/p/{slug}/reviews")
  }

  /// Learning memory stays bounded under an endless stream of distinct deep paths.
  @Test func boundedPositions() {
    var templater = RouteTemplater(learning: .init(maxPositions: 64))
    for index in 0..<20_000 {
      _ = templater.template("/a\(index % 997)b/c\(index)d/e")
    }
    #expect(templater.template("/a1b/zzz/e").hasPrefix("/"))
  }
}
