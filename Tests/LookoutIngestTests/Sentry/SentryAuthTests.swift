import Testing

@testable import LookoutIngest

@Suite("SentryAuth")
struct SentryAuthTests {
  @Test(arguments: [
    "Sentry sentry_key=abc, sentry_version=7, sentry_client=sentry.python/2.19.2",
    "sentry_key=abc,sentry_version=7,sentry_client=sentry.python/2.19.2",
    "Sentry   sentry_version=7 ,  sentry_key = abc,sentry_client=sentry.python/2.19.2  ",
    "sentry sentry_key=\"abc\", sentry_version=\"7\", sentry_client=sentry.python/2.19.2",
    "Sentry sentry_key=abc sentry_version=7 sentry_client=sentry.python/2.19.2",
    "\tSENTRY sentry_client=sentry.python/2.19.2, SENTRY_KEY=abc, sentry_version=7",
  ])
  func parsesHeaderVariants(_ header: String) throws {
    let auth = try #require(SentryAuth.parse(header: header))
    #expect(
      auth == SentryAuth(publicKey: "abc", version: "7", client: "sentry.python/2.19.2"))
    #expect(SentryAuth.key(fromHeader: header) == "abc")
  }

  @Test func readsJustTheKey() {
    #expect(SentryAuth.key(fromHeader: "Sentry sentry_key=abc, sentry_version=7") == "abc")
    #expect(SentryAuth.key(fromHeader: "Sentry sentry_version=7") == nil)
    #expect(SentryAuth.key(fromHeader: "Sentry sentry_key=abc, sentry_key=def") == "abc")
    #expect(SentryAuth.key(fromHeader: "Sentry sentry_kez=abc, sentry_ke=def") == nil)
    // Names are lowercased as Unicode text, in both readers.
    for header in ["sentry_\u{212A}ey=a, sentry_key=b", "sentry_kéy=a, sentry_key=b"] {
      #expect(SentryAuth.key(fromHeader: header) == SentryAuth.parse(header: header)?.publicKey)
    }
  }

  @Test func keepsTheSecretAndIgnoresOtherFields() {
    let auth = SentryAuth.parse(
      header: "Sentry sentry_timestamp=1717590645, sentry_key=abc, sentry_secret=shh, x=y")
    #expect(auth == SentryAuth(publicKey: "abc", secretKey: "shh"))
  }

  @Test(arguments: [
    "", "Sentry", "Sentry sentry_version=7", "Bearer abc", "Sentry sentry_key=",
    "Sentry sentry_key", "Sentry sentry_key=, sentry_version=7",
  ])
  func refusesHeadersWithoutAKey(_ header: String) {
    #expect(SentryAuth.parse(header: header) == nil)
    #expect(SentryAuth.key(fromHeader: header) == nil)
  }

  @Test(arguments: [
    ("sentry_key=abc&sentry_version=7", "abc"),
    ("?sentry_version=7&sentry_key=abc", "abc"),
    ("/api/1/envelope/?sentry_key=a%2Bb&sentry_version=7", "a+b"),
    ("https://lookout.example/api/1/store/?sentry_key=abc#frag", "abc"),
    ("sentry_key=abc&sentry_key=def", "abc"),
  ])
  func readsTheQueryKey(_ query: String, _ key: String) {
    #expect(SentryAuth.publicKey(fromQuery: query) == key)
  }

  @Test(arguments: ["sentry_version=7", "sentry_key=", "", "?", "xsentry_key=abc"])
  func queryWithoutAKeyIsNil(_ query: String) {
    #expect(SentryAuth.publicKey(fromQuery: query) == nil)
  }

  @Test(arguments: [
    (
      "https://0123456789abcdef0123456789abcdef@o1.ingest.example/42",
      SentryAuth.DSN(
        scheme: "https", publicKey: "0123456789abcdef0123456789abcdef",
        host: "o1.ingest.example", path: "", projectID: 42)
    ),
    (
      "http://abc:secret@localhost:9000/7",
      SentryAuth.DSN(
        scheme: "http", publicKey: "abc", secretKey: "secret", host: "localhost", port: 9000,
        projectID: 7)
    ),
    (
      " HTTPS://abc@lookout.example/prefix/sentry/42/ ",
      SentryAuth.DSN(
        scheme: "https", publicKey: "abc", host: "lookout.example", path: "/prefix/sentry",
        projectID: 42)
    ),
    (
      "https://abc@lookout.example/my-project",
      SentryAuth.DSN(scheme: "https", publicKey: "abc", host: "lookout.example", projectID: nil)
    ),
    (
      "https://abc@lookout.example/+5",
      SentryAuth.DSN(scheme: "https", publicKey: "abc", host: "lookout.example", projectID: nil)
    ),
    (
      "https://abc@lookout.example",
      SentryAuth.DSN(scheme: "https", publicKey: "abc", host: "lookout.example", projectID: nil)
    ),
    (
      "http://abc@[::1]:9000/3?timeout=5",
      SentryAuth.DSN(scheme: "http", publicKey: "abc", host: "::1", port: 9000, projectID: 3)
    ),
  ])
  func parsesDSNs(_ text: String, _ expected: SentryAuth.DSN) throws {
    let dsn = try #require(SentryAuth.parseDSN(text))
    #expect(dsn == expected)
  }

  @Test(arguments: [
    "abc@lookout.example/1", "https://lookout.example/1", "https://@lookout.example/1",
    "https://abc@/1", "https://abc@:9000/1", "https://abc@lookout.example:port/1",
    "https://abc@lookout.example:99999/1", "://abc@lookout.example/1", "https://abc@[::1/1",
  ])
  func refusesBrokenDSNs(_ text: String) {
    #expect(SentryAuth.parseDSN(text) == nil)
  }
}
