import Testing

@testable import LookoutAnalysis

@Suite("MessageMasker")
struct MessageMaskerTests {
  /// Each input masks to exactly the expected text.
  @Test(
    "masks variable parts",
    arguments: [
      // numbers, with units, signs and decimals
      ("User 123 not found", "User <*> not found"),
      ("Timeout after 30s calling 10.0.0.5", "Timeout after <*> calling <*>"),
      ("took 3.5s", "took <*>"),
      ("size 10KB exceeded", "size <*> exceeded"),
      ("latency 12ms", "latency <*>"),
      ("balance is -42.50", "balance is <*>"),
      ("offset=-5", "offset=<*>"),
      ("-7 is negative", "<*> is negative"),
      ("pages 1-5", "pages <*>"),
      ("value was 1e-5", "value was <*>"),
      ("retry 3 of 5", "retry <*> of <*>"),
      ("disk 95% full", "disk <*>% full"),
      ("HTTP 503 from upstream", "HTTP <*> from upstream"),
      ("requires node v18.2.0", "requires node <*>"),
      ("HTTP/1.1 only", "HTTP/<*> only"),
      ("phone +1-555-0100 invalid", "phone <*> invalid"),
      // ids inside words
      ("order_12345 failed", "order_<*> failed"),
      ("user-42 locked", "user-<*> locked"),
      ("cus_NffrFe3UfNV2Hib not found", "cus_<*> not found"),
      ("job ord12345 stuck", "job <*> stuck"),
      // UUIDs and hex ids
      ("request 3b241101-e2bb-4255-8caf-4136c566a962 failed", "request <*> failed"),
      ("request 3B241101-E2BB-4255-8CAF-4136C566A962 failed", "request <*> failed"),
      ("commit 9fceb02d0ae598e95dc970b74767f19372d61af8", "commit <*>"),
      ("token a1b2c3d4 expired", "token <*> expired"),
      ("0x7ffee3b8a9c0 segfault", "<*> segfault"),
      // IP addresses
      ("http://10.0.0.5:8080/health timed out", "http://<*>/health timed out"),
      ("ping fe80::1 failed", "ping <*> failed"),
      ("connect [2001:db8::ff00:42:8329]:5432 refused", "connect [<*>]:<*> refused"),
      ("MAC 00:1a:2b:3c:4d:5e", "MAC <*>"),
      // e-mail addresses
      ("mail bob.smith+tag@example.co.uk bounced", "mail <*> bounced"),
      ("from <alice@example.com>", "from <<*>>"),
      ("email me at a@b.com.", "email me at <*>."),
      ("react@18.2.0 mismatch", "react@<*> mismatch"),
      // URLs: scheme and host stay, path ids and the query go
      (
        "GET https://api.example.com/users/123/orders?page=2&sort=desc failed",
        "GET https://api.example.com/users/<*>/orders?<*> failed"
      ),
      (
        "see https://docs.example.com/guide#setup now", "see https://docs.example.com/guide#<*> now"
      ),
      (
        "path /var/data/users/1234/profile.json missing",
        "path /var/data/users/<*>/profile.json missing"
      ),
      // dates and times
      ("at 2024-06-05T10:00:00.123Z", "at <*>"),
      ("at 2024-06-05 10:00:00", "at <*> <*>"),
      ("12:30:45 scheduler tick", "<*> scheduler tick"),
      ("due 05/06/2024", "due <*>"),
      // quoted values
      (
        "invalid literal for int() with base 10: 'abc'",
        "invalid literal for int() with base <*>: '<*>'"
      ),
      ("KeyError: \"user_id\"", "KeyError: \"<*>\""),
      ("can't find 'config.yaml' in `/etc/app`", "can't find '<*>' in `<*>`"),
      ("error in step 2: 'x' != ''", "error in step <*>: '<*>' != '<*>'"),
      ("{\"id\": 42, \"name\": \"x\"}", "{\"<*>\": <*>, \"<*>\": \"<*>\"}"),
      ("say 'it\\'s' now", "say '<*>' now"),
      ("expected b'abc', got u\"x\"", "expected b'<*>', got u\"<*>\""),
      ("ab'cd' stays", "ab'cd' stays"),
      // kept as they are
      ("Connection reset by peer", "Connection reset by peer"),
      ("it's John's", "it's John's"),
      ("unterminated 'quote here", "unterminated 'quote here"),
      ("line1 'a\nb' c", "line1 'a\nb' c"),
      ("utf8 decode error in Base64", "utf8 decode error in Base64"),
      ("ipv6 disabled, v2 api", "ipv6 disabled, v2 api"),
      ("object deadbeef", "object deadbeef"),
      ("std::vector::at out of range", "std::vector::at out of range"),
      ("", ""),
      // non-ASCII text is never split
      ("日本語 123 エラー", "日本語 <*> エラー"),
      ("café 42€ due", "café <*> due"),
    ])
  func masks(input: String, expected: String) {
    #expect(MessageMasker().mask(input) == expected)
  }

  /// Messages that differ only by variable parts mask to the same text.
  @Test(
    "same shape, same mask",
    arguments: [
      ("User 123 not found", "User 98765 not found"),
      ("Timeout after 30s calling 10.0.0.5", "Timeout after 45s calling 10.0.0.9"),
      ("Invite to alice@example.com failed", "Invite to bob.jones@corp.example.org failed"),
      (
        "Order 3b241101-e2bb-4255-8caf-4136c566a962 missing",
        "Order 9c5b94b1-35ad-49bb-b118-8e8fc24abf80 missing"
      ),
      ("Unknown key 'color'", "Unknown key 'size'"),
      ("Peer 2001:db8::1 reset", "Peer fe80::a1b2:3c4d reset"),
      ("at 2024-06-05T10:00:00Z", "at 2025-01-31T23:59:59.999+02:00"),
      ("got -5 items", "got 12 items"),
      ("retry in 1.5s", "retry in 250ms"),
    ])
  func sameShape(first: String, second: String) {
    let masker = MessageMasker()
    #expect(masker.mask(first) == masker.mask(second))
  }

  /// Messages with different words keep different masks.
  @Test(
    "different sentences stay apart",
    arguments: [
      ("User 123 not found", "Order 123 not found"),
      ("Timeout after 30s", "Timeout before 30s"),
      ("could not connect to database", "could not connect to cache"),
      ("GET https://api.example.com/users/1", "GET https://api.example.com/orders/1"),
      ("GET https://api.example.com/users/1", "GET https://cdn.example.com/users/1"),
    ])
  func differentSentences(first: String, second: String) {
    let masker = MessageMasker()
    #expect(masker.mask(first) != masker.mask(second))
  }

  /// Long inputs full of would-be quotes and hex groups stay linear.
  @Test func pathologicalInputsAreLinear() {
    let quotes = String(repeating: "'a ", count: 20_000)
    #expect(MessageMasker().mask(quotes) == quotes)
    let groups = String(repeating: "ab:", count: 20_000) + "1"
    let clock = ContinuousClock()
    let elapsed = clock.measure { _ = MessageMasker().mask(groups) }
    #expect(elapsed < .seconds(2))
  }
}
