import LookoutAnalysis
import LookoutCore
import Testing

@Suite("ServiceEdgeMatcher")
struct ServiceEdgeMatcherTests {
  typealias F = TraceFixtures
  static let second: Int64 = 1_000_000
  static let start: Int64 = 1_800_000_000_000_000

  /// Feeds batches one per simulated second, then lets every wait run out.
  static func run(
    _ batches: [[SpanRecord]], matcher: inout ServiceEdgeMatcher
  ) -> [ServiceEdgeObservation] {
    var edges: [ServiceEdgeObservation] = []
    var now = start
    for batch in batches {
      edges += matcher.ingest(batch, now: now)
      now += second
    }
    edges += matcher.expire(now: now + 11 * second)
    return edges
  }

  @Test("pairs the sides of each call whatever the order of batches and spans")
  func everyOrder() {
    let spans = F.checkout()
    let byService = Dictionary(grouping: spans, by: \.service).sorted { $0.key < $1.key }.map(
      \.value)
    let expected = ServiceEdgesTests.sorted(ServiceEdgesTests.checkoutEdges)
    // Every order of the three services' batches.
    for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
      var matcher = ServiceEdgeMatcher()
      let edges = Self.run(order.map { byService[$0] }, matcher: &matcher)
      #expect(ServiceEdgesTests.sorted(edges) == expected, "order \(order)")
      #expect(matcher.pendingCount == 0)
    }
    // Random orders of single spans in random batches, with duplicates.
    var random = SplitMix64(seed: 11)
    for round in 0..<300 {
      var shuffled = (spans + spans.filter { _ in Bool.random(using: &random) })
        .shuffled(using: &random)
      var batches: [[SpanRecord]] = []
      while !shuffled.isEmpty {
        let size = Int.random(in: 1...3, using: &random)
        batches.append(Array(shuffled.prefix(size)))
        shuffled.removeFirst(min(size, shuffled.count))
      }
      var matcher = ServiceEdgeMatcher()
      let edges = Self.run(batches, matcher: &matcher)
      #expect(ServiceEdgesTests.sorted(edges) == expected, "round \(round)")
    }
  }

  @Test("a pair is emitted as soon as both sides are in, and only once")
  func once() {
    let client = F.span(
      "c", service: "a", kind: .client, start: 0, end: 50, attributes: ["server.address": "b"])
    let server = F.span("s", parent: "c", service: "b", kind: .server, start: 5, end: 45)
    var matcher = ServiceEdgeMatcher()
    #expect(matcher.ingest([server], now: Self.start).isEmpty)
    let edges = matcher.ingest([client], now: Self.start + Self.second)
    #expect(edges.map { "\($0.from.id)>\($0.to.id) \($0.duration)" } == ["service:a>service:b 50"])
    #expect(matcher.ingest([client, server], now: Self.start + 2 * Self.second).isEmpty)
    #expect(matcher.expire(now: Self.start + 30 * Self.second).isEmpty)
    #expect(matcher.statistics.matched == 1 && matcher.statistics.duplicates == 2)
  }

  @Test("unmatched spans time out to inferred nodes and to the client node")
  func timeouts() {
    let client = F.span(
      "c", service: "a", kind: .client, start: 0, end: 50,
      attributes: ["url.full": "https://api.stripe.com/v1"])
    let orphanServer = F.span("s", parent: "remote", service: "b", kind: .server, start: 0, end: 9)
    var matcher = ServiceEdgeMatcher()
    #expect(matcher.ingest([client, orphanServer], now: Self.start).isEmpty)
    #expect(matcher.expire(now: Self.start + 9 * Self.second).isEmpty)
    let edges = matcher.expire(now: Self.start + 10 * Self.second)
    #expect(
      Set(edges.map { "\($0.from.id)>\($0.to.id)" }) == [
        "service:a>external:api.stripe.com", "client>service:b",
      ])
    #expect(matcher.pendingCount == 0 && matcher.statistics.timedOut == 2)
    // The partners arriving late add nothing: both calls are counted already.
    let lateServer = F.span("s2", parent: "c", service: "z", kind: .server, start: 1, end: 2)
    let lateClient = F.span("remote", service: "y", kind: .client, start: 0, end: 10)
    #expect(matcher.ingest([lateServer, lateClient], now: Self.start + 11 * Self.second).isEmpty)
    #expect(matcher.expire(now: Self.start + 30 * Self.second).isEmpty)
    #expect(matcher.statistics.late == 2)
  }

  @Test("root server spans are entries at once; same-service pairs are no edge")
  func rootsAndSameService() {
    let root = F.span("r", service: "a", kind: .server, start: 0, end: 10)
    let client = F.span(
      "c", parent: "r", service: "a", kind: .client, start: 1, end: 9,
      attributes: ["server.address": "a"])
    let server = F.span("s", parent: "c", service: "a", kind: .server, start: 2, end: 8)
    var matcher = ServiceEdgeMatcher()
    let edges = matcher.ingest([root, client, server], now: Self.start)
    #expect(edges.map { "\($0.from.id)>\($0.to.id)" } == ["client>service:a"])
    #expect(matcher.expire(now: Self.start + 60 * Self.second).isEmpty)
  }

  @Test("stays within its memory bound, evicting the oldest")
  func bounded() {
    let configuration = ServiceEdgeMatcher.Configuration(maxPending: 100, maxSettled: 300)
    var matcher = ServiceEdgeMatcher(configuration: configuration)
    var emitted: [ServiceEdgeObservation] = []
    for index in 0..<10_000 {
      let span = F.span(
        "c\(index)", service: "a", kind: .client, start: Int64(index), end: Int64(index) + 1,
        attributes: ["server.address": "h\(index)"])
      emitted += matcher.ingest([span], now: Self.start)
      #expect(matcher.pendingCount <= 100)
      #expect(matcher.settledCount <= 300)
    }
    #expect(matcher.statistics.evicted == 9_900)
    // The oldest went first, each reported once.
    #expect(emitted.map(\.to.name) == (0..<9_900).map { "h\($0)" })
    emitted += matcher.expire(now: Self.start + 10 * Self.second)
    #expect(emitted.count == 10_000)
    #expect(matcher.pendingCount == 0)
  }
}
