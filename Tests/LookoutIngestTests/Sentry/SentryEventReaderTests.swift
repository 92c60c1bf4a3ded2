import LookoutCore
import Testing

@testable import LookoutIngest

/// The one-pass reader must decide every event exactly as the JSON tree decoder does.
@Suite("SentryEventReader")
struct SentryEventReaderTests {
  static let receivedAt: Int64 = 1_717_600_000_000_000
  static let id = "fc6d8c0c43fc4630ad850ee518f1b9d0"

  /// The event (or the error) of the public decoder and of the tree decoder.
  static func bothPaths(_ json: [UInt8], fallback: String? = nil) -> (
    Result<ErrorEvent, SentryEventError>, Result<ErrorEvent, SentryEventError>
  ) {
    let fast = Result { () throws(SentryEventError) in
      try SentryEventDecoder.decode(json, receivedAt: receivedAt, fallbackEventID: fallback)
    }
    let tree = Result { () throws(SentryEventError) in
      try SentryEventDecoder.decodeThroughTree(
        json, receivedAt: receivedAt, payloadLimit: 1 << 20, fallbackEventID: fallback)
    }
    return (fast, tree)
  }

  /// Whether the one-pass reader decoded `json` itself (rather than leaving it to the tree).
  static func readInOnePass(_ json: [UInt8]) -> Bool {
    (try? SentryEventDecoder.decodeInOnePass(
      json, receivedAt: receivedAt, payloadLimit: 1 << 20, fallbackEventID: nil)) != nil
  }

  /// Events whose shapes have subtle rules: repeated members, wrong types, every
  /// `exception` shape, tags as pairs and with container values, escapes.
  static let shapes: [String] = [
    SentryEventFixtures.pythonDjangoError,
    #"{"event_id":"\#(id)","level":"warn","level":7,"platform":"go"}"#,
    #"{"event_id":"\#(id)","level":"WARN","release":5,"environment":""}"#,
    #"{"event_id":"\#(id)","environment":"prod","environment":null,"server_name":"a\u00e9"}"#,
    #"{"event_id":"\#(id)","exception":[{"type":"A"},7,{"value":12},{"module":"m"}]}"#,
    #"{"event_id":"\#(id)","exception":{"type":"A","value":"b","values":"x"}}"#,
    #"{"event_id":"\#(id)","exception":{"type":null}}"#,
    #"{"event_id":"\#(id)","exception":{"values":[{"type":"A"}],"values":[{"type":"B"}]}}"#,
    #"{"event_id":"\#(id)","exception":{"values":[{"type":"A"}],"values":{}}}"#,
    #"{"event_id":"\#(id)","exception":{"other":1}}"#,
    #"{"event_id":"\#(id)","exception":"boom"}"#,
    #"""
    {"event_id":"\#(id)","exception":{"values":[{"type":"E","value":true,
      "mechanism":{"handled":false,"handled":"no"},"mechanism":{"handled":true},
      "stacktrace":{"frames":[{"function":"f","lineno":"12","in_app":1},3,
        {"module":"m","lineno":4.0,"pre_context":["a",2,null],"post_context":"x",
         "context_line":5,"vars":{"a":[1,{"b":"c"}]}}]},
      "stacktrace":{"frames":[{"function":"g","lineno":1e2,"in_app":true}],"frames":{}}}]}}
    """#,
    #"{"event_id":"\#(id)","tags":{"a":"1","b":2,"c":true,"d":null,"":"x","e":{"f":[1,"g"],"extra":1},"sdk":"s"}}"#,
    #"{"event_id":"\#(id)","tags":[["a","1"],["b",2],["c"],[3,{"x":1}],"z",["",""]]}"#,
    #"{"event_id":"\#(id)","tags":{"a":"1"},"tags":{"b":"2","b":"3"}}"#,
    #"{"event_id":"\#(id)","contexts":{"trace":{"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":7}}}"#,
    #"{"event_id":"\#(id)","contexts":{"trace":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"},"trace":5}}"#,
    #"{"event_id":"\#(id)","contexts":{"trace":{"span_id":"00f067aa0ba902b7"}},"contexts":[]}"#,
    #"{"event_id":"\#(id)","request":{"url":"http://x/a","method":"post","headers":{"a":"b"}}}"#,
    #"{"event_id":"\#(id)","request":{"url":"http://x/a"},"request":{"method":"get"}}"#,
    #"{"event_id":"\#(id)","user":{"id":42,"ip_address":"{{auto}}"},"fingerprint":["{{ default }}",3,null]}"#,
    #"{"event_id":"\#(id)","logentry":{"message":"User %s","params":["x"]},"message":"plain"}"#,
    #"{"event_id":"\#(id)","logentry":{"message":"User %s","params":{"extra":1}}}"#,
    #"{"event_id":"\#(id)","message":{"formatted":"F","message":"M","params":[]}}"#,
    #"{"event_id":"\#(id)","message":"line \"one\"\n\ttwo \ud83d\ude00 \ud800 \/ \u0000"}"#,
    #"{"event_id":"\#(id)","timestamp":"2024-06-05T00:00:00.5Z","timestamp":1717545600.25}"#,
    #"{"event_id":"\#(id)","timestamp":{"a":1}}"#,
    #"{"event_id":"\#(id)","timestamp":"1717545600"}"#,
    #"  {"event_id" : "\#(id)" , "transaction" : "/a" , "breadcrumbs" : { "values" : [ ] } }  "#,
    #"{"event_id":"\#(id)","event_id":"FC6D8C0C-43FC-4630-AD85-0EE518F1B9D0"}"#,
    #"{"event_id":null}"#,
    #"{"event_id":{"extra":1,"a":[2]}}"#,
    #"{"event_id":[1]}"#,
    #"{"event_id":"","message":"x"}"#,
  ]

  @Test(arguments: shapes)
  func agreesWithTheTreeDecoder(_ json: String) {
    let (fast, tree) = Self.bothPaths(Array(json.utf8), fallback: Self.id)
    #expect(fast == tree)
    let withoutFallback = Self.bothPaths(Array(json.utf8))
    #expect(withoutFallback.0 == withoutFallback.1)
  }

  @Test func readsEveryShapeWithoutTheTree() throws {
    // The shapes above are all read in one pass; only escaped names and invalid JSON
    // take the tree.
    for json in Self.shapes where json.contains("event_id\":\"\(Self.id)") {
      #expect(Self.readInOnePass(Array(json.utf8)), "\(json)")
    }
    let escapedName = #"{"event_id":"\#(Self.id)","lev\u0065l":"info"}"#
    #expect(!Self.readInOnePass(Array(escapedName.utf8)))
    let event = try SentryEventDecoder.decode(Array(escapedName.utf8), receivedAt: 0)
    #expect(event.level == "info")
  }

  static let invalid: [String] = [
    "", " ", "{", "}", "{]", "[", "nul", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{,"a":1}"#,
    #"{"a":[1,]}"#, #"{"a":[,1]}"#, #"{"a":[1 2]}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#,
    #"{"a":1e}"#, #"{"a":.5}"#, #"{"a":+1}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#,
    "{\"a\":\"\u{01}\"}", #"{"a":tru}"#, #"{"a":nulll}"#, #"{"a":1}}"#, #"{"a":1} x"#,
    #"{"a" 1}"#, #"{'a':1}"#, #"{"message":"x\"}"#, #"{"tags":{"a":"b",}}"#,
    #"{"exception":{"values":[{"type":"A",}]}}"#, #"{"exception":[{"stacktrace":{"frames":[{]}}]}"#,
    #"{"contexts":{"trace":{"trace_id":"a""span_id":"b"}}}"#,
  ]

  @Test(arguments: invalid)
  func refusesInvalidJSONLikeTheTree(_ json: String) {
    let (fast, tree) = Self.bothPaths(Array(json.utf8), fallback: Self.id)
    #expect(fast == tree)
    guard case .failure = fast else {
      Issue.record("accepted \(json)")
      return
    }
    #expect(!Self.readInOnePass(Array(json.utf8)))
  }

  @Test func agreesOnMutatedEvents() {
    // Random damage to a real event: whatever the tree decides (an event or an error),
    // the public decoder decides the same.
    let original = Array(SentryEventFixtures.pythonDjangoError.utf8)
    let alphabet = Array(#"{}[]":,\ 0123456789.-eEtrufalsn"#.utf8) + [0x01, 0xC3, 0xFF]
    var random = SplitMix64(seed: 42)
    var disagreements = 0
    var decodedInOnePass = 0
    for round in 0..<3_000 {
      var json = original
      for _ in 0..<(1 + round % 3) {
        let position = Int(random.next() % UInt64(json.count))
        switch random.next() % 3 {
        case 0: json[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
        case 1: json.remove(at: position)
        default: json.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
        }
      }
      let (fast, tree) = Self.bothPaths(json, fallback: Self.id)
      if fast != tree { disagreements += 1 }
      if Self.readInOnePass(json) { decodedInOnePass += 1 }
    }
    #expect(disagreements == 0)
    // Many mutations land in strings and stay valid: those go the fast way.
    #expect(decodedInOnePass > 300)
  }

  @Test func nestingLimitMatchesTheTree() {
    let limit = SentryEventDecoder.maxDepth
    for depth in [limit - 2, limit - 1, limit, limit + 5] {
      let json = Array(
        (#"{"event_id":"\#(Self.id)","extra":"# + String(repeating: "[", count: depth)
          + String(repeating: "]", count: depth) + "}").utf8)
      let (fast, tree) = Self.bothPaths(json)
      #expect(fast == tree, "depth \(depth)")
      #expect(Self.readInOnePass(json) == (depth < limit), "depth \(depth)")
    }
  }
}
