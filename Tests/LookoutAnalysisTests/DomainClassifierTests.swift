import LookoutAnalysis
import Testing

@Suite("DomainClassifier")
struct DomainClassifierTests {
  @Test(
    "default rule",
    arguments: [
      ("/api/v1/orders/12", "orders"),
      ("/api/v2/talents/taro-works-1", "talents"),
      ("/api/orders", "orders"),
      ("/v3/users/9", "users"),
      ("/health", "health"),
      ("/static/js/app.js", "static"),
      ("/api/v1/search?q=x", "search"),
      ("//api//v1//users", "users"),
      ("/api", "api"),
      ("/api/v1", "api"),
      ("/", "root"),
      ("", "root"),
      ("/12345/profile", "{id}"),
      ("/version/1", "version"),
    ])
  func defaultRule(path: String, domain: String) {
    #expect(DomainClassifier().domain(path: path, host: "") == domain)
  }

  @Test(
    "configured rules, in order",
    arguments: [
      ("/api/v1/payments/9/capture", "", "billing"),
      ("/api/v1/payments", "", "billing"),
      ("/api/v1/paymentsx", "", "paymentsx"),
      ("/api/v1/reports/2024-06-05", "", "reports"),
      ("/api/v2/exports/1", "", "exports"),
      ("/api/v1/orders/1", "admin.example.com", "admin"),
      ("/api/v1/orders/1", "ADMIN.example.com:8443", "admin"),
      ("/api/v1/orders/1", "eu.shop.example.com", "shop"),
      ("/api/v1/orders/1", "partner.test:8080", "partner.test"),
      ("/api/v1/orders/1", "", "orders"),
    ])
  func configuredRules(path: String, host: String, domain: String) throws {
    let classifier = try DomainClassifier(rules: [
      .pathPrefix("/api/v1/payments/", domain: "billing"),
      .pathPattern(#"^/api/v\d+/(reports|exports)\b"#, domain: "$1"),
      .host("admin.example.com", domain: "admin"),
      .host("*.shop.example.com", domain: "shop"),
      .hostName,
    ])
    #expect(classifier.domain(path: path, host: host) == domain)
  }

  @Test func invalidPatternThrows() {
    #expect(throws: DomainClassifierError.self) {
      try DomainClassifier(rules: [.pathPattern("([unclosed", domain: "x")])
    }
  }
}
