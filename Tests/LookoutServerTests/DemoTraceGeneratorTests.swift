import LookoutCore
import Testing

@testable import LookoutServer

@Suite("Demo traces")
struct DemoTraceGeneratorTests {
  @Test func tracesAreWholeTreesAcrossThreeServicesAndADatabase() {
    var generator = DemoTraceGenerator(seed: 3)
    let spans = generator.traces(count: 300, from: 1_717_545_600, span: 60)
    let byTrace = Dictionary(grouping: spans, by: \.traceID)
    #expect(byTrace.count == 300)
    for (_, trace) in byTrace {
      let ids = Set(trace.map(\.spanID))
      #expect(ids.count == trace.count)
      let roots = trace.filter { $0.parentSpanID.isEmpty }
      #expect(roots.count == 1)
      #expect(roots.first?.kind == .server)
      for span in trace where !span.parentSpanID.isEmpty {
        #expect(ids.contains(span.parentSpanID))
        let parent = trace.first { $0.spanID == span.parentSpanID }!
        // Children start inside their parent and, being synchronous, end before it.
        #expect(span.start >= parent.start)
        #expect(span.start + span.duration <= parent.start + parent.duration)
      }
    }
    #expect(Set(spans.map(\.service)) == ["web", "orders", "payments"])
    #expect(spans.contains { $0.attributes["db.system"] == "mysql" })
    #expect(spans.contains { $0.attributes["url.full"]?.contains("api.stripe.com") == true })
    // Checkouts fail now and then with a fault and an exception.
    #expect(spans.contains { $0.isFault && !$0.events.isEmpty })
    // Reports issue one query after another: an N+1 of at least twenty statements.
    let report = byTrace.values.first { $0.contains { $0.name == "GET /reports/{date}" } }
    #expect((report?.filter { $0.attributes["db.system"] != nil }.count ?? 0) >= 21)
  }
}
