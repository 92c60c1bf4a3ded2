import LookoutCore

/// The service map: services, databases and remote endpoints as a layered left-to-right graph
/// of who calls whom, rendered as a self-contained SVG string.
///
/// Layout is ``ServiceMapLayout`` (longest-path layers, cycles broken deterministically,
/// barycenter sweeps against crossings), so the same nodes and edges always give the same
/// markup, whatever their order. Nodes are shapes by kind (circle for a service, cylinder for
/// a database, cloud for an external endpoint, hexagon for an AWS service, rounded square for
/// clients, slotted box for a queue) labelled with their name and calls per minute. Edges are curves with an arrowhead
/// at the callee, labelled `calls/min · p95`; an edge that closes a cycle bows below the
/// others and a self-call is a loop above its node. Nodes and edges with an `href` are links,
/// and each has a `<title>` with its figures in words. Colours come only from CSS classes:
/// `health-ok`, `health-warning`, `health-critical` on every `g.node` and `g.edge`.
///
/// The root `<svg class="service-map">` has its natural size as `width`/`height` (the
/// stylesheet only scales it down) and `data-chart` JSON:
/// `{"nodes":[{"id":..,"label":..,"kind":..,"health":..,"calls":..,"layer":..,"x":..,"y":..}],
/// "edges":[{"from":..,"to":..,"calls":..,"errorRate":..,"faultRate":..,"p95":..,
/// "health":..,"reversed":false}],"skippedNodes":0,"skippedEdges":0,"crossings":0}`.
///
/// ```swift
/// let chart = ServiceMapChart(
///   nodes: [ServiceMapChart.Node(id: "web", label: "web", callsPerMinute: 900),
///           ServiceMapChart.Node(id: "db", label: "orders", kind: .database, callsPerMinute: 2_400)],
///   edges: [ServiceMapChart.Edge(from: "web", to: "db", callsPerMinute: 2_400, p95Milliseconds: 4)],
///   title: "Service map")
/// ```
public struct ServiceMapChart: Sendable {
  /// Node radius (half the shape's width).
  static let radius = 18.0
  /// Length of an arrowhead.
  static let arrowLength = 7.0
  /// Labels longer than this are shortened with an ellipsis.
  static let maxLabelCharacters = 26

  /// The nodes; ids must be unique (repeats are skipped and counted).
  public var nodes: [ServiceMapChart.Node]
  /// The edges; edges with an unknown end and repeated pairs are skipped and counted.
  public var edges: [ServiceMapChart.Edge]
  /// Accessible name of the chart (`aria-label`).
  public var title: String

  /// Creates a service map; nothing is computed until ``svg()``.
  ///
  /// - Parameters:
  ///   - nodes: The nodes, in any order.
  ///   - edges: The edges between them, in any order.
  ///   - title: Accessible name of the chart.
  public init(
    nodes: [ServiceMapChart.Node], edges: [ServiceMapChart.Edge], title: String = "Service map"
  ) {
    self.nodes = nodes
    self.edges = edges
    self.title = title
  }

  /// Renders the map as an `<svg>` element, or the "No services in this range" state when
  /// there are no nodes.
  public func svg() -> String {
    guard !nodes.isEmpty else {
      var writer = SVGWriter(capacity: 512)
      writer.open(
        "svg",
        [
          ("class", "service-map"), ("viewBox", "0 0 480 120"), ("width", "480"),
          ("height", "120"), ("role", "img"), ("aria-label", title), ("data-empty", "true"),
          ("xmlns", "http://www.w3.org/2000/svg"),
        ])
      writer.element(
        "text",
        [
          ("class", "empty"), ("x", "240"), ("y", "60"), ("text-anchor", "middle"),
          ("dominant-baseline", "middle"),
        ],
        text: "No services in this range")
      return writer.finish()
    }
    let layout = ServiceMapLayout(nodes: nodes, edges: edges)
    let width = SVGWriter.number(layout.width)
    let height = SVGWriter.number(layout.height)
    var writer = SVGWriter(capacity: 4_096 + layout.links.count * 500 + layout.nodes.count * 500)
    writer.open(
      "svg",
      [
        ("class", "service-map"), ("viewBox", "0 0 \(width) \(height)"), ("width", width),
        ("height", height), ("role", "img"), ("aria-label", title),
        ("data-chart", json(layout)), ("xmlns", "http://www.w3.org/2000/svg"),
      ])
    writer.open("g", [("class", "edges")])
    for link in layout.links {
      writeEdge(link, layout: layout, into: &writer)
    }
    writer.close()
    writer.open("g", [("class", "nodes")])
    for (index, node) in layout.nodes.enumerated() {
      writeNode(node, at: layout.positions[index], into: &writer)
    }
    writer.close()
    return writer.finish()
  }

  /// Writes one edge: its path, arrowhead and label, wrapped in a link when it has one.
  private func writeEdge(
    _ link: ServiceMapLayout.Link, layout: ServiceMapLayout, into writer: inout SVGWriter
  ) {
    let edge = link.edge
    let href = ChartLink.safe(edge.href)
    if let href { writer.open("a", [("href", href)]) }
    writer.open(
      "g",
      [
        ("class", "edge \(edge.health.cssClass)"), ("data-from", edge.from),
        ("data-to", edge.to),
      ])
    let from = layout.nodes[link.from].label
    let to = layout.nodes[link.to].label
    writer.element(
      "title",
      text: "\(from) → \(to): \(HumanFormat.count(edge.callsPerMinute)) calls/min, p95 "
        + "\(HumanFormat.milliseconds(edge.p95Milliseconds)), errors "
        + "\(HumanFormat.percent(edge.errorRate)), faults \(HumanFormat.percent(edge.faultRate))")
    let route =
      link.isSelfCall
      ? ServiceMapChart.loopRoute(around: layout.positions[link.from])
      : ServiceMapChart.route(link.points, bowed: link.reversed)
    writer.element("path", [("class", "edge-line"), ("d", route.path)])
    writer.element("path", [("class", "edge-arrow"), ("d", route.arrow)])
    writer.element(
      "text",
      [
        ("class", "edge-label"), ("x", SVGWriter.number(route.label.x)),
        ("y", SVGWriter.number(route.label.y)), ("text-anchor", "middle"),
      ],
      text: "\(HumanFormat.count(edge.callsPerMinute))/min · "
        + HumanFormat.milliseconds(edge.p95Milliseconds))
    writer.close()
    if href != nil { writer.close() }
  }

  /// Writes one node: its shape by kind, name and calls per minute.
  private func writeNode(
    _ node: ServiceMapChart.Node, at point: ServiceMapLayout.Point, into writer: inout SVGWriter
  ) {
    let href = ChartLink.safe(node.href)
    if let href { writer.open("a", [("href", href)]) }
    writer.open(
      "g",
      [
        ("class", "node \(node.kind.rawValue) \(node.health.cssClass)"), ("data-node", node.id),
        ("transform", "translate(\(SVGWriter.number(point.x)) \(SVGWriter.number(point.y)))"),
      ])
    let calls = HumanFormat.count(node.callsPerMinute) + "/min"
    writer.element(
      "title", text: "\(node.label) (\(node.kind.rawValue), \(node.health.rawValue)): \(calls)")
    ServiceMapChart.writeShape(node.kind, into: &writer)
    let label =
      node.label.count > ServiceMapChart.maxLabelCharacters
      ? String(node.label.prefix(ServiceMapChart.maxLabelCharacters - 1)) + "…" : node.label
    let below = ServiceMapChart.radius
    writer.element(
      "text",
      [("class", "node-label"), ("y", SVGWriter.number(below + 14)), ("text-anchor", "middle")],
      text: label)
    writer.element(
      "text",
      [("class", "node-stat"), ("y", SVGWriter.number(below + 27)), ("text-anchor", "middle")],
      text: calls)
    writer.close()
    if href != nil { writer.close() }
  }

  /// Writes the shape of `kind`, centred on the origin, with class `shape`.
  static func writeShape(_ kind: ServiceMapChart.NodeKind, into writer: inout SVGWriter) {
    switch kind {
    case .service:
      writer.element("circle", [("class", "shape"), ("r", SVGWriter.number(radius))])
    case .database:
      writer.element(
        "path", [("class", "shape"), ("d", "M-16 -11V11A16 6 0 0 0 16 11V-11A16 6 0 0 0 -16 -11Z")])
      writer.element(
        "ellipse", [("class", "shape-rim"), ("cy", "-11"), ("rx", "16"), ("ry", "6")])
    case .external:
      writer.element(
        "path",
        [
          ("class", "shape"),
          ("d", "M-11 12H11A7 7 0 0 0 13 -1.5A9 9 0 0 0 -3 -9A8 8 0 0 0 -15 0A6 6 0 0 0 -11 12Z"),
        ])
    case .aws:
      writer.element(
        "path", [("class", "shape"), ("d", "M-18 0L-9 -15.6H9L18 0L9 15.6H-9Z")])
    case .client:
      writer.element(
        "rect",
        [
          ("class", "shape"), ("x", "-15"), ("y", "-15"), ("width", "30"), ("height", "30"),
          ("rx", "6"),
        ])
    case .messaging:
      writer.element(
        "rect",
        [
          ("class", "shape"), ("x", "-18"), ("y", "-11"), ("width", "36"), ("height", "22"),
          ("rx", "3"),
        ])
      writer.element("path", [("class", "shape-rim"), ("d", "M-6 -11V11M6 -11V11")])
    }
  }

  /// Path data, arrowhead and label position of a drawn edge.
  struct Route {
    /// The curve (`d`).
    var path: String
    /// The arrowhead triangle (`d`).
    var arrow: String
    /// Where the label's baseline centre goes.
    var label: ServiceMapLayout.Point
  }

  /// The curve through `points` (node and dummy centres, caller first).
  ///
  /// It leaves the caller on its right and enters the callee on its left; an edge that closes
  /// a cycle runs right to left instead and `bowed` drops its control points, so that it does
  /// not lie on an edge going the other way. Each step between layers is a cubic Bézier with
  /// horizontal tangents, so the curve is smooth through the dummy points.
  static func route(_ points: [ServiceMapLayout.Point], bowed: Bool) -> Route {
    guard let first = points.first, let last = points.last, points.count >= 2 else {
      return Route(path: "", arrow: "", label: ServiceMapLayout.Point(x: 0, y: 0))
    }
    let direction: Double = last.x >= first.x ? 1 : -1
    let shift = bowed ? 6.0 : 0
    let bow = bowed ? 22.0 : 0
    var anchors = points.map { ServiceMapLayout.Point(x: $0.x, y: $0.y + shift) }
    anchors[0].x += direction * radius
    let tip = ServiceMapLayout.Point(x: last.x - direction * radius, y: last.y + shift)
    anchors[anchors.count - 1].x = tip.x - direction * arrowLength
    var d = "M" + SVGWriter.number(anchors[0].x) + " " + SVGWriter.number(anchors[0].y)
    for (a, b) in zip(anchors, anchors.dropFirst()) {
      let middle = (a.x + b.x) / 2
      d += "C" + SVGWriter.number(middle) + " " + SVGWriter.number(a.y + bow) + " "
      d += SVGWriter.number(middle) + " " + SVGWriter.number(b.y + bow) + " "
      d += SVGWriter.number(b.x) + " " + SVGWriter.number(b.y)
    }
    let base = anchors[anchors.count - 1]
    let arrow =
      "M" + SVGWriter.number(tip.x) + " " + SVGWriter.number(tip.y) + "L"
      + SVGWriter.number(base.x) + " " + SVGWriter.number(base.y - 4) + "L"
      + SVGWriter.number(base.x) + " " + SVGWriter.number(base.y + 4) + "Z"
    // The middle step's midpoint; with these control points it is the mean of its ends, moved
    // by three quarters of the bow.
    let step = (anchors.count - 2) / 2
    let a = anchors[step]
    let b = anchors[step + 1]
    let label = ServiceMapLayout.Point(x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 + bow * 0.75 - 5)
    return Route(path: d, arrow: arrow, label: label)
  }

  /// A loop over the top of the node at `center`, for a self-call, with the arrowhead
  /// pointing down into the node.
  static func loopRoute(around center: ServiceMapLayout.Point) -> Route {
    let top = center.y - radius
    let x = center.x
    func n(_ value: Double) -> String { SVGWriter.number(value) }
    let path =
      "M\(n(x + 7)) \(n(top + 1))C\(n(x + 30)) \(n(top - 36)) \(n(x - 30)) \(n(top - 36)) "
      + "\(n(x - 7)) \(n(top - arrowLength))"
    let arrow =
      "M\(n(x - 7)) \(n(top))L\(n(x - 11)) \(n(top - arrowLength))L\(n(x - 3)) "
      + "\(n(top - arrowLength))Z"
    return Route(
      path: path, arrow: arrow, label: ServiceMapLayout.Point(x: x, y: top - 30))
  }

  /// The `data-chart` JSON: nodes with their placement, edges, and what was skipped.
  private func json(_ layout: ServiceMapLayout) -> String {
    let nodeItems = layout.nodes.enumerated().map { index, node in
      "{\"id\":\(JSONText.quoted(node.id)),\"label\":\(JSONText.quoted(node.label)),"
        + "\"kind\":\"\(node.kind.rawValue)\",\"health\":\"\(node.health.rawValue)\","
        + "\"calls\":\(SVGWriter.jsonNumber(node.callsPerMinute)),"
        + "\"layer\":\(layout.layers[index]),"
        + "\"x\":\(SVGWriter.jsonNumber(layout.positions[index].x)),"
        + "\"y\":\(SVGWriter.jsonNumber(layout.positions[index].y))}"
    }
    let edgeItems = layout.links.map { link in
      let edge = link.edge
      return "{\"from\":\(JSONText.quoted(edge.from)),\"to\":\(JSONText.quoted(edge.to)),"
        + "\"calls\":\(SVGWriter.jsonNumber(edge.callsPerMinute)),"
        + "\"errorRate\":\(SVGWriter.jsonNumber(edge.errorRate)),"
        + "\"faultRate\":\(SVGWriter.jsonNumber(edge.faultRate)),"
        + "\"p95\":\(SVGWriter.jsonNumber(edge.p95Milliseconds)),"
        + "\"health\":\"\(edge.health.rawValue)\",\"reversed\":\(link.reversed)}"
    }
    return "{\"nodes\":[\(nodeItems.joined(separator: ","))],"
      + "\"edges\":[\(edgeItems.joined(separator: ","))],"
      + "\"skippedNodes\":\(layout.skippedNodes),\"skippedEdges\":\(layout.skippedEdges),"
      + "\"crossings\":\(layout.crossings)}"
  }
}
