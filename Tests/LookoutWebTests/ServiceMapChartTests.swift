import Foundation
import Testing

@testable import LookoutWeb

@Suite("Service map")
struct ServiceMapChartTests {
  func node(_ id: String, _ kind: ServiceMapChart.NodeKind = .service, href: String? = nil)
    -> ServiceMapChart.Node
  {
    ServiceMapChart.Node(id: id, label: id, kind: kind, callsPerMinute: 60, href: href)
  }

  func edge(_ from: String, _ to: String, href: String? = nil) -> ServiceMapChart.Edge {
    ServiceMapChart.Edge(from: from, to: to, callsPerMinute: 120, p95Milliseconds: 35, href: href)
  }

  /// The `data-chart` nodes keyed by id.
  func placedNodes(_ svg: String) throws -> [String: [String: Any]] {
    let json = try chartData(MarkupDocument(svg))
    let nodes = try #require(json["nodes"] as? [[String: Any]])
    return Dictionary(uniqueKeysWithValues: nodes.map { ($0["id"] as? String ?? "", $0) })
  }

  func x(_ node: [String: Any]?) -> Double { node?["x"] as? Double ?? .nan }
  func y(_ node: [String: Any]?) -> Double { node?["y"] as? Double ?? .nan }

  @Test("a map is well-formed XML; nodes and edges are links with titles and health classes")
  func structure() throws {
    let svg = ServiceMapChart(
      nodes: [
        ServiceMapChart.Node(
          id: "web", label: "web", health: .warning, callsPerMinute: 900, href: "/s/web"),
        ServiceMapChart.Node(id: "db", label: "orders", kind: .database, callsPerMinute: 2_400),
      ],
      edges: [
        ServiceMapChart.Edge(
          from: "web", to: "db", callsPerMinute: 2_400, errorRate: 0.01, faultRate: 0.002,
          p95Milliseconds: 4.5, health: .critical, href: "/e/web-db")
      ],
      title: "Map"
    ).svg()
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    let root = try #require(document.root)
    #expect(root.classes == ["service-map"])
    #expect(root.attributes["aria-label"] == "Map")
    #expect(root.attributes["role"] == "img")
    let nodes = document.all("g", class: "node")
    #expect(nodes.map { $0.attributes["data-node"] } == ["db", "web"])
    #expect(
      nodes.map(\.classes) == [
        ["node", "database", "health-ok"], ["node", "service", "health-warning"],
      ])
    let links = document.all("a")
    #expect(links.map { $0.attributes["href"] } == ["/e/web-db", "/s/web"])
    let edge = try #require(document.all("g", class: "edge").first)
    #expect(edge.classes == ["edge", "health-critical"])
    #expect(
      document.descendants(of: edge, "title").first?.text
        == "web → orders: 2.4k calls/min, p95 4.5 ms, errors 1%, faults 0.2%")
    #expect(
      document.descendants(of: edge, "text", class: "edge-label").first?.text == "2.4k/min · 4.5 ms"
    )
    #expect(document.descendants(of: edge, "path", class: "edge-arrow").count == 1)
    #expect(document.all("text", class: "node-stat").map(\.text) == ["2.4k/min", "900/min"])
    for forbidden in ["fill=\"#", "stroke=\"#", "style="] { #expect(!svg.contains(forbidden)) }
  }

  @Test("a -> b -> c is laid out in three layers, left to right")
  func chainLayering() throws {
    let nodes = try placedNodes(
      ServiceMapChart(
        nodes: [node("c"), node("a"), node("b")], edges: [edge("b", "c"), edge("a", "b")]
      )
      .svg())
    #expect(nodes["a"]?["layer"] as? Int == 0)
    #expect(nodes["b"]?["layer"] as? Int == 1)
    #expect(nodes["c"]?["layer"] as? Int == 2)
    #expect(x(nodes["a"]) < x(nodes["b"]) && x(nodes["b"]) < x(nodes["c"]))
    #expect(y(nodes["a"]) == y(nodes["b"]) && y(nodes["b"]) == y(nodes["c"]))
  }

  @Test("longest-path layering: a shortcut edge does not pull a node left")
  func longestPath() throws {
    let svg = ServiceMapChart(
      nodes: ["a", "b", "c", "d"].map { node($0) },
      edges: [edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("a", "d")]
    ).svg()
    let nodes = try placedNodes(svg)
    #expect(["a", "b", "c", "d"].map { nodes[$0]?["layer"] as? Int } == [0, 1, 2, 3])
    // The long edge goes through two dummy points: one curve segment per layer it spans.
    let document = MarkupDocument(svg)
    let long = try #require(
      document.all("g", class: "edge").first {
        $0.attributes["data-from"] == "a" && $0.attributes["data-to"] == "d"
      })
    let path = try #require(document.descendants(of: long, "path", class: "edge-line").first)
    #expect((path.attributes["d"] ?? "").filter { $0 == "C" }.count == 3)
  }

  @Test("barycenter sweeps remove a crossing that the id order creates")
  func crossingReduction() throws {
    // In id order the second layer would be c, d: a -> d and b -> c would cross.
    let chart = ServiceMapChart(
      nodes: ["a", "b", "c", "d"].map { node($0) }, edges: [edge("a", "d"), edge("b", "c")])
    let svg = chart.svg()
    let json = try chartData(MarkupDocument(svg))
    #expect(json["crossings"] as? Int == 0)
    let nodes = try placedNodes(svg)
    #expect(y(nodes["a"]) < y(nodes["b"]))
    #expect(y(nodes["d"]) < y(nodes["c"]))
    let layout = ServiceMapLayout(nodes: chart.nodes, edges: chart.edges)
    #expect(layout.order.map { $0.map { layout.nodes[$0].id } } == [["a", "b"], ["d", "c"]])
  }

  @Test("the layout does not depend on the order of the input", arguments: 0..<5)
  func determinism(seed: UInt64) throws {
    let ids = (0..<30).map { "svc-\($0)" }
    var edges: [ServiceMapChart.Edge] = []
    for index in 1..<30 {
      edges.append(edge(ids[(index * 7) % index], ids[index]))
      if index % 4 == 0 { edges.append(edge(ids[index], ids[index / 2])) }  // cycles
    }
    edges.append(edge(ids[3], ids[3]))
    let reference = ServiceMapChart(nodes: ids.map { node($0) }, edges: edges).svg()
    var generator = SplitMix(state: seed)
    let shuffled = ServiceMapChart(
      nodes: ids.map { node($0) }.shuffled(using: &generator),
      edges: edges.shuffled(using: &generator)
    ).svg()
    #expect(shuffled == reference)
    #expect(ServiceMapChart(nodes: ids.map { node($0) }, edges: edges).svg() == reference)
    #expect(MarkupDocument(reference).all("g", class: "node").count == 30)
  }

  @Test("cycles are broken by reversing exactly one edge; every edge is still drawn")
  func cycles() throws {
    let svg = ServiceMapChart(
      nodes: ["a", "b", "c"].map { node($0) },
      edges: [edge("a", "b"), edge("b", "c"), edge("c", "a")]
    ).svg()
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    #expect(document.all("g", class: "edge").count == 3)
    let json = try chartData(document)
    let edges = try #require(json["edges"] as? [[String: Any]])
    #expect(edges.filter { $0["reversed"] as? Bool == true }.count == 1)
    let nodes = try placedNodes(svg)
    #expect(Set(["a", "b", "c"].compactMap { nodes[$0]?["layer"] as? Int }) == [0, 1, 2])

    // A two-node cycle: the reversed edge bows below the other, so the two do not overlap.
    let pair = MarkupDocument(
      ServiceMapChart(nodes: [node("a"), node("b")], edges: [edge("a", "b"), edge("b", "a")]).svg())
    let paths = pair.all("path", class: "edge-line").compactMap { $0.attributes["d"] }
    #expect(paths.count == 2)
    #expect(Set(paths).count == 2)
  }

  @Test("a single node, a self-call and an isolated node")
  func selfLoop() throws {
    let one = MarkupDocument(ServiceMapChart(nodes: [node("solo")], edges: []).svg())
    #expect(one.parseError == nil)
    #expect(one.all("g", class: "node").count == 1)

    let svg = ServiceMapChart(
      nodes: [node("worker"), node("idle", .external)], edges: [edge("worker", "worker")]
    ).svg()
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    let loop = try #require(document.all("g", class: "edge").first)
    #expect(loop.attributes["data-from"] == "worker" && loop.attributes["data-to"] == "worker")
    let nodes = try placedNodes(svg)
    #expect(nodes["worker"]?["layer"] as? Int == 0)
    #expect(nodes["idle"]?["layer"] as? Int == 0)
  }

  @Test("no nodes gives the empty state")
  func empty() throws {
    let document = MarkupDocument(
      ServiceMapChart(nodes: [], edges: [edge("a", "b")], title: "Map").svg())
    #expect(document.parseError == nil)
    #expect(document.root?.attributes["data-empty"] == "true")
    #expect(document.all("text", class: "empty").first?.text == "No services in this range")
  }

  @Test("edges to unknown nodes, repeated edges and repeated ids are skipped and counted")
  func skipped() throws {
    let svg = ServiceMapChart(
      nodes: [
        node("a"), node("b"), ServiceMapChart.Node(id: "a", label: "again", callsPerMinute: 1),
      ],
      edges: [edge("a", "b"), edge("a", "b"), edge("a", "ghost"), edge("ghost", "b")]
    ).svg()
    let document = MarkupDocument(svg)
    #expect(document.all("g", class: "edge").count == 1)
    #expect(document.all("g", class: "node").count == 2)
    let json = try chartData(document)
    #expect(json["skippedNodes"] as? Int == 1)
    #expect(json["skippedEdges"] as? Int == 3)
    #expect(!svg.contains("again"))
  }

  @Test("each kind has its own shape")
  func shapes() throws {
    let kinds = ServiceMapChart.NodeKind.allCases
    let document = MarkupDocument(
      ServiceMapChart(nodes: kinds.map { node($0.rawValue, $0) }, edges: []).svg())
    var shapes: [String: String] = [:]
    for group in document.all("g", class: "node") {
      let shape = try #require(document.descendants(of: group, nil, class: "shape").first)
      shapes[group.attributes["data-node"] ?? ""] =
        shape.name + (shape.attributes["d"] ?? "") + (shape.attributes["width"] ?? "")
    }
    #expect(shapes.count == kinds.count)
    #expect(Set(shapes.values).count == kinds.count)
    #expect(shapes["service"] == "circle")
  }

  @Test("hostile labels and ids are escaped; script links are dropped")
  func escaping() throws {
    let svg = ServiceMapChart(
      nodes: [
        ServiceMapChart.Node(
          id: hostileLabel, label: hostileLabel, callsPerMinute: 1, href: "javascript:alert(1)"),
        node("b"),
      ],
      edges: [
        ServiceMapChart.Edge(
          from: hostileLabel, to: "b", callsPerMinute: 1, p95Milliseconds: 1,
          href: "JAVASCRIPT:x")
      ],
      title: hostileLabel
    ).svg()
    #expect(!svg.contains("<script>"))
    #expect(!svg.contains("javascript:"))
    #expect(!svg.contains("JAVASCRIPT:"))
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    #expect(document.all("a").isEmpty)
    let cleaned = hostileLabel.replacingOccurrences(of: "\u{1}", with: "")
    #expect(document.all("g", class: "node").contains { $0.attributes["data-node"] == cleaned })
    let label = try #require(
      document.all("text", class: "node-label").first { $0.text.hasPrefix("<") })
    #expect(label.text == String(cleaned.prefix(25)) + "…")
    let nodes = try placedNodes(svg)
    #expect(nodes[hostileLabel] != nil)
  }

  @Test("100 nodes: every node and edge is drawn once, inside the viewBox")
  func hundredNodes() throws {
    let ids = (0..<100).map { "n\($0)" }
    var edges: [ServiceMapChart.Edge] = []
    for index in 1..<100 {
      edges.append(edge(ids[(index * 13) % index], ids[index]))
      if index % 9 == 0 { edges.append(edge(ids[index], ids[index / 4])) }
    }
    let svg = ServiceMapChart(nodes: ids.map { node($0) }, edges: edges).svg()
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    #expect(document.all("g", class: "node").count == 100)
    #expect(document.all("g", class: "edge").count == edges.count)
    let root = try #require(document.root)
    let width = try #require(root.number("width"))
    let height = try #require(root.number("height"))
    let nodes = try placedNodes(svg)
    #expect(nodes.count == 100)
    for node in nodes.values {
      #expect(x(node) > 0 && x(node) < width)
      #expect(y(node) > 0 && y(node) < height)
    }
    // No two nodes share a place.
    #expect(Set(nodes.values.map { "\(x($0)),\(y($0))" }).count == 100)
  }
}

extension ServiceMapChartTests {
  @Test("long edges share a budget of dummy points, so a pathological map stays small")
  func dummyBudget() throws {
    let ids = (0..<120).map { "n" + String(1_000 + $0) }
    var edges = zip(ids, ids.dropFirst()).map { edge($0, $1) }
    edges += ids[60...].map { edge($0, ids[0]) }  // 60 calls back over 60 to 119 layers
    let svg = ServiceMapChart(nodes: ids.map { node($0) }, edges: edges).svg()
    let document = MarkupDocument(svg)
    #expect(document.parseError == nil)
    let paths = document.all("path", class: "edge-line").compactMap { $0.attributes["d"] }
    #expect(paths.count == edges.count)
    let segments = paths.map { $0.filter { $0 == "C" }.count }.reduce(0, +)
    #expect(segments <= edges.count + ServiceMapLayout.maxDummies)
    // The first long edges (in sorted order) still get their dummy points.
    #expect(paths.contains { $0.filter { $0 == "C" }.count > 50 })
    let nodes = try placedNodes(svg)
    #expect(nodes["n1119"]?["layer"] as? Int == 119)
  }
}

/// A small seeded generator, so that the shuffles are reproducible.
struct SplitMix: RandomNumberGenerator {
  /// The generator state.
  var state: UInt64

  /// The next 64 random bits (SplitMix64 step).
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
