import Foundation
import LookoutAnalysis
import LookoutCore
import Testing

@Suite("Traces Codable")
struct TracesCodableTests {
  func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
  }

  @Test("accumulators and reports survive JSON")
  func roundTrips() throws {
    let tree = TraceTree(spans: TraceFixtures.checkout())
    var classifier = SpanClassifier()
    var bottlenecks = EndpointBottlenecks(endpoint: try #require(EndpointKey(tree: tree)))
    bottlenecks.add(tree, classifier: &classifier)
    #expect(try roundTrip(bottlenecks) == bottlenecks)
    #expect(try roundTrip(bottlenecks.report()) == bottlenecks.report())
    var profile = TraceSetProfile()
    profile.add(tree, classifier: &classifier)
    #expect(try roundTrip(profile) == profile)
    let edges = tree.serviceEdges()
    #expect(try roundTrip(edges) == edges)
    #expect(try roundTrip(tree.criticalPath()) == tree.criticalPath())
  }

  @Test("a corrupt sketch is a decoding error, not a crash")
  func corrupt() {
    let json = #"{"spanCount":1,"traceCount":1,"totalSelfTime":5,"perTraceSelfTime":[255,1,2]}"#
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(TraceSetProfile.Operation.self, from: Data(json.utf8))
    }
  }
}
