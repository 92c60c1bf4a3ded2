import LookoutCore
import Testing

@testable import LookoutIngest

@Suite("XRayAssembler")
struct XRayAssemblerTests {
  static let now: Int64 = 1_700_000_000_000_000
  static let second: Int64 = 1_000_000
  static let segmentID = "00000000000000a1"

  static func document(_ json: String) throws -> XRayDocument {
    try XRayDocumentDecoder().decode(Array(json.utf8))
  }

  /// Adds each document in turn, at `now`, and returns everything emitted.
  static func add(_ documents: [String], to assembler: inout XRayAssembler, at now: Int64 = now)
    throws -> [SpanRecord]
  {
    var output: [SpanRecord] = []
    for json in documents { output += assembler.add(try document(json), now: now) }
    return output
  }

  @Test func emitsACompleteSegmentAtOnce() throws {
    var assembler = XRayAssembler()
    let spans = try Self.add(
      [XRayDocuments.orderSegment], to: &assembler)
    #expect(spans == (try Self.document(XRayDocuments.orderSegment)).spans)
    #expect(assembler.pendingCount == 0)
    #expect(assembler.counters.emitted == 5)
  }

  @Test func holdsStreamedSubsegmentsUntilTheirSegment() throws {
    var assembler = XRayAssembler()
    let early = try Self.add(
      [
        XRayDocuments.standalone(id: "00000000000000b1", parent: Self.segmentID),
        XRayDocuments.standalone(id: "00000000000000b2", parent: Self.segmentID),
      ], to: &assembler)
    #expect(early.isEmpty)
    #expect(assembler.pendingCount == 2)
    #expect(
      assembler.pendingSpans(traceID: XRayDocuments.traceHex, now: Self.now).map(\.service)
        == ["unknown", "unknown"])

    let spans = try Self.add(
      [XRayDocuments.segment(id: Self.segmentID, name: "checkout")], to: &assembler)
    #expect(spans.map(\.spanID) == [Self.segmentID, "00000000000000b1", "00000000000000b2"])
    #expect(spans.allSatisfy { $0.service == "checkout" })
    #expect(assembler.pendingCount == 0)
  }

  @Test func resolvesChainsOfStandaloneSubsegments() throws {
    var assembler = XRayAssembler()
    // c3 hangs under c2, which hangs under c1's nested child n1, under the segment.
    let early = try Self.add(
      [
        XRayDocuments.standalone(id: "00000000000000c3", parent: "00000000000000c2"),
        XRayDocuments.standalone(id: "00000000000000c2", parent: "00000000000000e1"),
        XRayDocuments.standalone(
          id: "00000000000000c1", parent: Self.segmentID,
          subsegments: [XRayDocuments.nested(id: "00000000000000e1")]),
      ], to: &assembler)
    #expect(early.isEmpty)
    let spans = try Self.add(
      [XRayDocuments.segment(id: Self.segmentID, name: "batch")], to: &assembler)
    #expect(
      Set(spans.map(\.spanID))
        == [
          Self.segmentID, "00000000000000c1", "00000000000000e1", "00000000000000c2",
          "00000000000000c3",
        ])
    #expect(spans.allSatisfy { $0.service == "batch" })
    #expect(assembler.pendingCount == 0)

    // A subsegment arriving after its resolved parent is emitted at once.
    let late = try Self.add(
      [XRayDocuments.standalone(id: "00000000000000c4", parent: "00000000000000c3")],
      to: &assembler)
    #expect(late.map(\.service) == ["batch"])
  }

  @Test func replacesAnInProgressSegmentWithItsCompleteCopy() throws {
    var assembler = XRayAssembler()
    let first = try Self.add(
      [XRayDocuments.segment(id: Self.segmentID, name: "api", end: nil)], to: &assembler)
    #expect(first.isEmpty)

    // An in-progress copy tells the service to a streamed subsegment.
    let streamed = try Self.add(
      [XRayDocuments.standalone(id: "00000000000000b1", parent: Self.segmentID)],
      to: &assembler)
    #expect(streamed.map(\.service) == ["api"])

    let pending = assembler.pendingSpans(
      traceID: XRayDocuments.traceHex, now: 102 * Self.second)
    #expect(pending.count == 1)
    #expect(pending.first?.isXRayInProgress == true)
    #expect(pending.first?.duration == 2 * Self.second)
    #expect(pending.first?.service == "api")

    let complete = try Self.add(
      [XRayDocuments.segment(id: Self.segmentID, name: "api", end: "103")], to: &assembler)
    #expect(complete.count == 1)
    #expect(complete.first?.isXRayInProgress == false)
    #expect(complete.first?.duration == 3 * Self.second)
    #expect(assembler.counters.replacedInProgress == 1)
    #expect(assembler.pendingSpans(traceID: XRayDocuments.traceHex, now: Self.now).isEmpty)

    // A late in-progress copy never shows up beside the complete one.
    let late = try Self.add(
      [XRayDocuments.segment(id: Self.segmentID, name: "api", end: nil)], to: &assembler)
    #expect(late.isEmpty)
    #expect(assembler.pendingCount == 0)
  }

  @Test func emitsARepeatedDocumentOnce() throws {
    var assembler = XRayAssembler()
    let first = try Self.add([XRayDocuments.orderSegment], to: &assembler)
    let second = try Self.add([XRayDocuments.orderSegment], to: &assembler)
    #expect(first.count == 5)
    #expect(second.isEmpty)
    #expect(assembler.counters.duplicates == 5)

    // The same held orphan sent twice is held once.
    _ = try Self.add(
      [
        XRayDocuments.standalone(id: "00000000000000b1", parent: "00000000000000f1"),
        XRayDocuments.standalone(id: "00000000000000b1", parent: "00000000000000f1"),
      ], to: &assembler)
    #expect(assembler.pendingCount == 1)
  }

  @Test func expiresOrphansWithAnUnknownService() throws {
    var assembler = XRayAssembler()
    _ = try Self.add(
      [XRayDocuments.standalone(id: "00000000000000b1", parent: Self.segmentID)],
      to: &assembler)
    #expect(assembler.expire(now: Self.now + 59 * Self.second).isEmpty)
    let expired = assembler.expire(now: Self.now + 60 * Self.second)
    #expect(expired.map(\.spanID) == ["00000000000000b1"])
    #expect(expired.map(\.service) == ["unknown"])
    #expect(assembler.counters.expiredOrphans == 1)
    #expect(assembler.pendingCount == 0)

    // The segment arriving later is emitted alone: the orphan went out already.
    let late = try Self.add(
      [XRayDocuments.segment(id: Self.segmentID)], to: &assembler,
      at: Self.now + 61 * Self.second)
    #expect(late.map(\.spanID) == [Self.segmentID])
  }

  @Test func expiresInProgressPiecesUpToTheirLastCopy() throws {
    var assembler = XRayAssembler()
    let inProgress = XRayDocuments.segment(id: Self.segmentID, name: "api", end: nil)
    _ = try Self.add([inProgress], to: &assembler)
    // A fresher copy five minutes later restarts the wait.
    let lastSeen = Self.now + 300 * Self.second
    _ = try Self.add([inProgress], to: &assembler, at: lastSeen)
    #expect(assembler.expire(now: lastSeen + 599 * Self.second).isEmpty)
    let expired = assembler.expire(now: lastSeen + 600 * Self.second)
    #expect(expired.count == 1)
    #expect(expired.first?.service == "api")
    #expect(expired.first?.isXRayInProgress == true)
    #expect(expired.first?.duration == lastSeen - 100 * Self.second)
    #expect(assembler.counters.expiredInProgress == 1)

    // The complete copy after expiry is a duplicate, not a second span.
    let complete = try Self.add(
      [XRayDocuments.segment(id: Self.segmentID, name: "api")], to: &assembler,
      at: lastSeen + 601 * Self.second)
    #expect(complete.isEmpty)
  }

  @Test func forgetsQuietTraces() throws {
    var assembler = XRayAssembler()
    _ = try Self.add([XRayDocuments.segment(id: Self.segmentID)], to: &assembler)
    #expect(assembler.traceCount == 1)
    _ = assembler.expire(now: Self.now + 599 * Self.second)
    #expect(assembler.traceCount == 1)
    _ = assembler.expire(now: Self.now + 600 * Self.second)
    #expect(assembler.traceCount == 0)
  }

  @Test func boundsHeldSpansOldestFirst() throws {
    var assembler = XRayAssembler(configuration: .init(maxPendingSpans: 3))
    var evicted: [SpanRecord] = []
    for index in 1...5 {
      evicted += try Self.add(
        [XRayDocuments.standalone(id: "00000000000000b\(index)", parent: Self.segmentID)],
        to: &assembler)
    }
    #expect(evicted.map(\.spanID) == ["00000000000000b1", "00000000000000b2"])
    #expect(evicted.allSatisfy { $0.service == "unknown" })
    #expect(assembler.pendingCount == 3)
    #expect(assembler.counters.evicted == 2)

    let rest = try Self.add([XRayDocuments.segment(id: Self.segmentID)], to: &assembler)
    #expect(rest.count == 4)
  }

  @Test func boundsRememberedTraces() {
    var assembler = XRayAssembler(configuration: .init(maxTraces: 2))
    var output: [SpanRecord] = []
    for index in 1...3 {
      let traceID = String(repeating: "0", count: 31) + String(index)
      let orphan = SpanRecord(
        traceID: traceID, spanID: "00000000000000b1", parentSpanID: "00000000000000a1",
        service: "", name: "step", start: 0, duration: 1)
      output += assembler.add(
        XRayDocument(
          kind: .subsegment, traceID: traceID, id: "00000000000000b1",
          parentID: "00000000000000a1", spans: [orphan]),
        now: Self.now)
    }
    #expect(assembler.traceCount == 2)
    #expect(output.map(\.traceID) == [String(repeating: "0", count: 31) + "1"])
    #expect(assembler.pendingCount == 2)
  }

  @Test func flushReleasesEverythingHeld() throws {
    var assembler = XRayAssembler()
    _ = try Self.add(
      [
        XRayDocuments.segment(id: Self.segmentID, end: nil),
        XRayDocuments.standalone(id: "00000000000000b1", parent: "00000000000000f1"),
      ], to: &assembler)
    let flushed = assembler.flush()
    #expect(flushed.map(\.spanID) == [Self.segmentID, "00000000000000b1"])
    #expect(assembler.pendingCount == 0)
  }
}
