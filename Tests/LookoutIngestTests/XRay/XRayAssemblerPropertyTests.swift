import LookoutCore
import Testing

@testable import LookoutIngest

/// Random interleavings of what SDKs send (streamed subsegments, in-progress copies,
/// repeats, expiry) checked against the assembler's promises.
@Suite("XRayAssembler properties")
struct XRayAssemblerPropertyTests {
  static let second: Int64 = 1_000_000

  /// The documents of one trace: in-progress copy of the segment, streamed chains of
  /// subsegments, the complete segment, each possibly repeated, in a shuffled order.
  static func traceDocuments(_ trace: Int, random: inout SplitMix64) -> [XRayDocument] {
    let traceID = String(repeating: "0", count: 24) + String(format8(trace))
    func span(_ id: UInt64, parent: UInt64?, service: String, inProgress: Bool = false)
      -> SpanRecord
    {
      SpanRecord(
        traceID: traceID, spanID: hex16(id), parentSpanID: parent.map(hex16) ?? "",
        service: service, name: "s", start: 0, duration: inProgress ? 0 : 10,
        attributes: inProgress ? [SpanRecord.xrayInProgressAttribute: "true"] : [:])
    }
    let base = UInt64(trace) << 16
    let segmentID = base + 1
    var documents: [XRayDocument] = []
    // Streamed subsegments: a chain of standalone pieces under the segment.
    var parent = segmentID
    for step in 0..<Int(random.next() % 4) {
      let id = base + 100 + UInt64(step)
      documents.append(
        XRayDocument(
          kind: .subsegment, traceID: traceID, id: hex16(id), parentID: hex16(parent),
          spans: [span(id, parent: parent, service: "")]))
      parent = id
    }
    let segment = XRayDocument(
      kind: .segment, traceID: traceID, id: hex16(segmentID), parentID: "",
      spans: [
        span(segmentID, parent: nil, service: "svc"),
        span(base + 2, parent: segmentID, service: "svc"),
      ])
    var inProgress = segment
    inProgress.spans = [span(segmentID, parent: nil, service: "svc", inProgress: true)]
    if random.next() % 2 == 0 { documents.append(inProgress) }
    documents.append(segment)
    if random.next() % 3 == 0 { documents.append(segment) }
    documents.shuffle(using: &random)
    return documents
  }

  static func hex16(_ value: UInt64) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: 16 - text.count) + text
  }

  static func format8(_ value: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: 8 - text.count) + text
  }

  @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
  func emitsEachSpanOnceWithItsService(seed: UInt64) {
    var random = SplitMix64(seed: seed)
    var queue: [XRayDocument] = []
    for trace in 1...60 { queue += Self.traceDocuments(trace, random: &random) }
    // Interleave traces too.
    queue.shuffle(using: &random)
    var assembler = XRayAssembler(configuration: .init(maxPendingSpans: 1_000))
    var now: Int64 = 1_000 * Self.second
    var emitted: [SpanRecord] = []
    for document in queue {
      now += Self.second / 10
      emitted += assembler.add(document, now: now)
      if random.next() % 10 == 0 { emitted += assembler.expire(now: now) }
      #expect(assembler.pendingCount == assembler.traces.values.reduce(0) { $0 + $1.held.count })
      #expect(
        assembler.rememberedCount
          == assembler.traces.values.reduce(0) { $0 + $1.rememberedCount })
    }
    emitted += assembler.expire(now: now + 3_600 * Self.second)
    #expect(assembler.pendingCount == 0)
    #expect(assembler.traceCount == 0)
    #expect(assembler.rememberedCount == 0)

    let keys = emitted.map { $0.traceID + "/" + $0.spanID }
    #expect(Set(keys).count == keys.count, "a span was emitted twice")
    // Every span of every trace came out once, complete and with the segment's service.
    let expectedCount = queue.reduce(into: Set<String>()) { ids, document in
      for span in document.spans { ids.insert(span.traceID + "/" + span.spanID) }
    }.count
    #expect(keys.count == expectedCount)
    #expect(emitted.allSatisfy { $0.service == "svc" && !$0.isXRayInProgress })
  }

  @Test func boundsRememberedSpanIDs() throws {
    var assembler = XRayAssembler(configuration: .init(maxRememberedSpans: 10))
    for trace in 1...3 {
      let traceID = String(repeating: "0", count: 31) + String(trace)
      let spans = (1...5).map { index in
        SpanRecord(
          traceID: traceID, spanID: Self.hex16(UInt64(index)),
          parentSpanID: index == 1 ? "" : Self.hex16(1), service: "svc", name: "s", start: 0,
          duration: 1)
      }
      let emitted = assembler.add(
        XRayDocument(
          kind: .segment, traceID: traceID, id: Self.hex16(1), parentID: "", spans: spans),
        now: 0)
      #expect(emitted.count == 5)
    }
    #expect(assembler.traceCount == 1)
    #expect(assembler.rememberedCount == 10)
  }
}
