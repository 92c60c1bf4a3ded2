import Testing

@testable import LookoutIngest

@Suite("XRayURL")
struct XRayURLTests {
  @Test(
    arguments: [
      (
        "https://user:pw@api.example.com:8443/orders/42?x=1#f", "api.example.com", "8443",
        "/orders/42"
      ),
      ("http://[2001:db8::1]:8080/a/b", "2001:db8::1", "8080", "/a/b"),
      ("http://[2001:db8::1]/", "2001:db8::1", nil, "/"),
      ("postgresql://db.internal:5432/shop", "db.internal", "5432", "/shop"),
      ("http://host", "host", nil, "/"),
      ("http://host?q=1", "host", nil, "/"),
      ("/relative/path?q=1", nil, nil, "/relative/path"),
      ("", nil, nil, "/"),
      ("http://:80/x", nil, "80", "/x"),
      ("http://münchen.example/straße", "münchen.example", nil, "/straße"),
    ] as [(String, String?, String?, String)])
  func splitsURLs(url: String, host: String?, port: String?, path: String) {
    let parts = XRayURL(url)
    #expect(parts.host == host)
    #expect(parts.port == port)
    #expect(parts.path == path)
  }
}
