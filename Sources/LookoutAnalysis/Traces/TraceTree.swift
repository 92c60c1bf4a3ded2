import LookoutCore

/// The spans of one trace arranged as a forest: parents, children sorted by start, depths,
/// the trace's extent and its root span.
///
/// Built from spans in any order and tolerant of what real ingest delivers:
///
/// - **Duplicates** (the same span id twice, as X-Ray sends an in-progress segment and then
///   the complete one) keep one copy: the longest, the first of equal length.
/// - **Missing parents** make a span a root of its own subtree (an *orphan*).
/// - **Parent cycles** (hostile input) are cut: in each cycle, the span that starts first
///   (then the smallest span id) loses its parent and becomes a root.
/// - **Clock skew** (a child that starts before its parent) is kept as recorded; the
///   analyses clip children to their parent where they need to.
/// - **Negative durations** count as zero.
///
/// Spans are addressed by their index in ``spans``, which are sorted by start, then span
/// id, so every list of indices here is in start order. Building is `O(n log n)` and every
/// walk is iterative, so a 100,000-span chain builds without deep recursion.
///
/// ```swift
/// let tree = TraceTree(spans: spansOfOneTrace)
/// if let root = tree.rootIndex {
///   print(tree.spans[root].name, tree.duration)
///   for child in tree.childIndices[root] { print(" ", tree.spans[child].name) }
/// }
/// ```
public struct TraceTree: Sendable, Hashable {
  /// The distinct spans, sorted by start, then span id.
  public let spans: [SpanRecord]
  /// For each span, the index of its parent, or `nil` for a root.
  public let parentIndices: [Int?]
  /// For each span, the indices of its children, sorted by start.
  public let childIndices: [[Int]]
  /// Spans without a known parent, sorted by start: true roots (no parent id), orphans
  /// whose parent is missing, and spans whose parent link was cut to break a cycle.
  public let rootIndices: [Int]
  /// For each span, its distance from its root (a root has depth 0).
  public let depths: [Int]
  /// Every span once, parents before children and siblings in start order: the rows of a
  /// waterfall, top to bottom.
  public let preorder: [Int]
  /// The root span: the earliest span with no parent id, else the earliest orphan; `nil`
  /// for an empty trace.
  ///
  /// A span that names a missing parent is only chosen when no true root exists, because an
  /// orphan that starts first is usually a remote child with a skewed clock, not the
  /// request's entry point.
  public let rootIndex: Int?
  /// Spans whose parent link was cut to break a cycle, sorted by start.
  public let cycleBreakIndices: [Int]
  /// Spans dropped as duplicates of a span id already present.
  public let duplicateCount: Int
  /// Earliest start of any span, µs since epoch (0 for an empty trace).
  public let start: Int64
  /// Latest end of any span, µs since epoch (0 for an empty trace).
  public let end: Int64

  /// The trace's end-to-end extent, `end - start` (at most `Int64.max`), µs.
  public var duration: Int64 { end.saturatingSubtract(start) }

  /// The trace id of the first span, or `""` for an empty trace.
  public var traceID: String { spans.first?.traceID ?? "" }

  /// The root span, see ``rootIndex``.
  public var rootSpan: SpanRecord? { rootIndex.map { spans[$0] } }

  /// Builds the tree of one trace's spans.
  ///
  /// - Parameter spans: The spans, in any order; they are assumed to share a trace id (the
  ///   caller groups by trace). Spans with an empty span id are kept but can be no one's
  ///   parent.
  public init(spans input: some Sequence<SpanRecord>) {
    let distinct = Self.deduplicated(input)
    spans = distinct.spans
    duplicateCount = distinct.duplicates
    let count = spans.count

    var parents = [Int?](repeating: nil, count: count)
    for index in spans.indices where !spans[index].parentSpanID.isEmpty {
      if let slot = distinct.slotByID[spans[index].parentSpanID] {
        let parent = distinct.positionOfSlot[slot]
        if parent != index { parents[index] = parent }
      }
    }
    cycleBreakIndices = Self.breakCycles(&parents)
    parentIndices = parents

    var children = [[Int]](repeating: [], count: count)
    var roots: [Int] = []
    // Indices ascend in start order, so appending keeps every child list sorted.
    for index in 0..<count {
      if let parent = parents[index] {
        children[parent].append(index)
      } else {
        roots.append(index)
      }
    }
    childIndices = children
    rootIndices = roots
    (preorder, depths) = Self.walk(roots: roots, children: children)
    let sorted = spans
    rootIndex = roots.first { sorted[$0].parentSpanID.isEmpty } ?? roots.first

    var earliest = Int64.max
    var latest = Int64.min
    for index in spans.indices {
      earliest = min(earliest, spans[index].start)
      latest = max(latest, spans[index].clampedEnd)
    }
    start = count == 0 ? 0 : earliest
    end = count == 0 ? 0 : latest
  }

  /// The index of the span with this id, if the trace has it.
  public func index(ofSpanID spanID: String) -> Int? {
    // Binary search is impossible (sorted by start), so this is linear; callers that look
    // up many ids should build their own dictionary once.
    spans.firstIndex { $0.spanID == spanID }
  }

  /// One copy per span id, sorted by start then span id, with the way from an id to its
  /// span: `slotByID` gives the kept copy's position in the input, `positionOfSlot` that
  /// input position's place in `spans` (one dictionary serves both the deduplication and
  /// the parent lookups).
  private static func deduplicated(
    _ input: some Sequence<SpanRecord>
  ) -> (spans: [SpanRecord], duplicates: Int, slotByID: [String: Int], positionOfSlot: [Int]) {
    let all = Array(input)
    var slotByID: [String: Int] = [:]
    slotByID.reserveCapacity(all.count)
    var keep = [Bool](repeating: true, count: all.count)
    var duplicates = 0
    for index in all.indices where !all[index].spanID.isEmpty {
      if let slot = slotByID[all[index].spanID] {
        duplicates += 1
        // The longer copy wins, the first of equal ones.
        if all[index].duration > all[slot].duration {
          keep[slot] = false
          slotByID[all[index].spanID] = index
        } else {
          keep[index] = false
        }
      } else {
        slotByID[all[index].spanID] = index
      }
    }
    // Sorting indices moves integers, not whole records.
    var order: [(start: Int64, slot: Int)] = []
    order.reserveCapacity(all.count - duplicates)
    for slot in all.indices where keep[slot] { order.append((all[slot].start, slot)) }
    order.sort {
      $0.start != $1.start ? $0.start < $1.start : all[$0.slot].spanID < all[$1.slot].spanID
    }
    var positionOfSlot = [Int](repeating: 0, count: all.count)
    for (position, entry) in order.enumerated() { positionOfSlot[entry.slot] = position }
    return (order.map { all[$0.slot] }, duplicates, slotByID, positionOfSlot)
  }

  /// Cuts one parent link in every cycle, in place, and returns the spans cut loose.
  ///
  /// Each span is visited once: the walk climbs parent links from an unvisited span,
  /// marking the path; meeting a span of the same path closes a cycle.
  private static func breakCycles(_ parents: inout [Int?]) -> [Int] {
    // 0: not visited, 1: on the path being climbed, 2: finished.
    var state = [UInt8](repeating: 0, count: parents.count)
    var path: [Int] = []
    var cut: [Int] = []
    for first in parents.indices where state[first] == 0 {
      path.removeAll(keepingCapacity: true)
      var current: Int? = first
      while let index = current, state[index] == 0 {
        state[index] = 1
        path.append(index)
        current = parents[index]
      }
      if let index = current, state[index] == 1, let from = path.firstIndex(of: index) {
        // Indices ascend in start order, so the smallest index in the cycle starts first.
        if let earliest = path[from...].min() {
          parents[earliest] = nil
          cut.append(earliest)
        }
      }
      for index in path { state[index] = 2 }
    }
    return cut.sorted()
  }

  /// Depth-first preorder of the forest, and every span's depth, without recursion.
  private static func walk(roots: [Int], children: [[Int]]) -> (preorder: [Int], depths: [Int]) {
    var order: [Int] = []
    order.reserveCapacity(children.count)
    var depths = [Int](repeating: 0, count: children.count)
    var stack: [Int] = roots.reversed()
    while let index = stack.popLast() {
      order.append(index)
      for child in children[index].reversed() {
        depths[child] = depths[index] + 1
        stack.append(child)
      }
    }
    return (order, depths)
  }
}

extension SpanRecord {
  /// Duration, with negative values read as zero.
  var clampedDuration: Int64 { max(0, duration) }

  /// `start + duration`, never overflowing (hostile timestamps saturate at `Int64.max`).
  var clampedEnd: Int64 {
    let (sum, overflow) = start.addingReportingOverflow(clampedDuration)
    return overflow ? Int64.max : sum
  }
}
