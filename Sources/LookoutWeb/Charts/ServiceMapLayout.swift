/// The layered left-to-right placement of a service map, computed once per rendering.
///
/// The steps are the classic ones (Sugiyama et al.), each chosen to be deterministic:
///
/// 1. Nodes are de-duplicated by id (the first wins) and sorted by id; edges whose ends are
///    unknown, and repeated `(from, to)` pairs, are skipped and counted. From here on the input
///    order no longer matters.
/// 2. Cycles are broken by a depth-first search that starts from the nodes without callers
///    (then any node left), in id order, following callees in id order; every edge that closes
///    a cycle is reversed for layering (it is still drawn in its own direction). Self-calls are
///    left out of the layering and drawn as loops.
/// 3. Longest-path layering: a node's layer is the length of the longest path to it from a
///    node without callers, so every edge points right.
/// 4. An edge that spans several layers gets a dummy point in each layer it crosses, which
///    keeps other nodes out of its way and lets the ordering see it. A map has at most
///    `maxDummies` of them (edges in sorted order take them while they last; later long edges
///    are drawn as one curve), so that a pathological graph, such as a chain of a thousand
///    services with calls back to its start, stays quick to lay out and small to send.
/// 5. Nodes in a layer start in id order, then four barycenter sweeps (down, up, down, up)
///    sort each layer by the mean position of its neighbours in the previous layer (ties keep
///    the current order). The ordering with the fewest crossings seen is kept.
/// 6. Layers are `layerGap` apart; each layer's column is centred vertically.
struct ServiceMapLayout {
  /// A point in viewBox units.
  struct Point: Equatable {
    /// Horizontal position.
    var x: Double
    /// Vertical position.
    var y: Double
  }

  /// An accepted edge with the node indexes of its ends.
  struct Link {
    /// Index of the calling node in ``ServiceMapLayout/nodes``.
    var from: Int
    /// Index of the called node in ``ServiceMapLayout/nodes``.
    var to: Int
    /// The edge as given.
    var edge: ServiceMapChart.Edge
    /// Whether the edge was reversed to break a cycle.
    var reversed = false
    /// Centres the edge passes through, from caller to callee (empty for a self-call).
    var points: [Point] = []
    /// Whether the edge calls its own node.
    var isSelfCall: Bool { from == to }
  }

  /// Horizontal distance between layers.
  static let layerGap = 200.0
  /// Vertical room of a node: the shape and two lines of label.
  static let nodeSlot = 92.0
  /// Where the node centre sits inside its slot.
  static let nodeCenter = 32.0
  /// Vertical room of a dummy point.
  static let dummySlot = 24.0
  /// Space above the tallest column (room for a self-call loop).
  static let topMargin = 30.0
  /// Space left of the first and right of the last layer (half a label).
  static let sideMargin = 90.0
  /// Barycenter sweeps run.
  static let sweeps = 4
  /// Most dummy points in one map.
  static let maxDummies = 2_000

  /// Accepted nodes, sorted by id.
  let nodes: [ServiceMapChart.Node]
  /// Accepted edges, sorted by (caller, callee) index, with their routes.
  let links: [Link]
  /// Input nodes dropped because their id was already taken.
  let skippedNodes: Int
  /// Input edges dropped for an unknown end or a repeated `(from, to)` pair.
  let skippedEdges: Int
  /// Layer of each node (0 is leftmost).
  let layers: [Int]
  /// Node indexes per layer, top to bottom.
  let order: [[Int]]
  /// Centre of each node.
  let positions: [Point]
  /// Edge crossings between adjacent layers in the chosen ordering (dummy segments included).
  let crossings: Int
  /// Width of the viewBox.
  let width: Double
  /// Height of the viewBox.
  let height: Double

  /// Lays out `nodes` and `edges`; see the type's documentation for the steps.
  init(nodes input: [ServiceMapChart.Node], edges inputEdges: [ServiceMapChart.Edge]) {
    var seenIDs = Set<String>()
    let unique = input.filter { seenIDs.insert($0.id).inserted }
    nodes = unique.sorted { $0.id < $1.id }
    skippedNodes = input.count - unique.count
    var indexByID: [String: Int] = [:]
    for (index, node) in nodes.enumerated() { indexByID[node.id] = index }

    struct Pair: Hashable {
      var from: Int
      var to: Int
    }
    var seenPairs = Set<Pair>()
    var links: [Link] = []
    for edge in inputEdges {
      guard let from = indexByID[edge.from], let to = indexByID[edge.to],
        seenPairs.insert(Pair(from: from, to: to)).inserted
      else { continue }
      links.append(Link(from: from, to: to, edge: edge))
    }
    skippedEdges = inputEdges.count - links.count
    links.sort { ($0.from, $0.to) < ($1.from, $1.to) }

    let reversed = ServiceMapLayout.cycleEdges(nodeCount: nodes.count, links: links)
    for index in links.indices { links[index].reversed = reversed[index] }
    let layers = ServiceMapLayout.longestPathLayers(nodeCount: nodes.count, links: links)
    self.layers = layers

    // Virtual nodes: the real ones, then one dummy per layer crossed by a long edge.
    var virtualLayer = layers
    var chains: [[Int]] = Array(repeating: [], count: links.count)
    var dummiesLeft = ServiceMapLayout.maxDummies
    for (index, link) in links.enumerated() where !link.isSelfCall {
      let (upper, lower) = link.reversed ? (link.to, link.from) : (link.from, link.to)
      var chain = [upper]
      let crossed = (layers[upper] + 1)..<max(layers[lower], layers[upper] + 1)
      if crossed.count <= dummiesLeft {
        dummiesLeft -= crossed.count
        for layer in crossed {
          chain.append(virtualLayer.count)
          virtualLayer.append(layer)
        }
      }
      chain.append(lower)
      chains[index] = chain
    }
    let (virtualOrder, crossings) = ServiceMapLayout.orderLayers(
      virtualLayer: virtualLayer, chains: chains)
    self.crossings = crossings
    order = virtualOrder.map { $0.filter { $0 < layers.count } }

    var virtualPositions = Array(repeating: Point(x: 0, y: 0), count: virtualLayer.count)
    let isReal = { (node: Int) in node < layers.count }
    let columnHeights = virtualOrder.map { column in
      column.reduce(0.0) {
        $0 + (isReal($1) ? ServiceMapLayout.nodeSlot : ServiceMapLayout.dummySlot)
      }
    }
    let tallest = columnHeights.max() ?? 0
    for (layer, column) in virtualOrder.enumerated() {
      let x = ServiceMapLayout.sideMargin + Double(layer) * ServiceMapLayout.layerGap
      var top = ServiceMapLayout.topMargin + (tallest - columnHeights[layer]) / 2
      for node in column {
        let real = isReal(node)
        let center = real ? ServiceMapLayout.nodeCenter : ServiceMapLayout.dummySlot / 2
        virtualPositions[node] = Point(x: x, y: top + center)
        top += real ? ServiceMapLayout.nodeSlot : ServiceMapLayout.dummySlot
      }
    }
    positions = Array(virtualPositions.prefix(layers.count))
    for index in links.indices where !links[index].isSelfCall {
      let points = chains[index].map { virtualPositions[$0] }
      links[index].points = links[index].reversed ? points.reversed() : points
    }
    self.links = links
    let layerCount = virtualOrder.count
    width = max(
      240,
      2 * ServiceMapLayout.sideMargin + Double(max(layerCount - 1, 0)) * ServiceMapLayout.layerGap)
    height = max(140, ServiceMapLayout.topMargin + tallest + 8)
  }

  /// Which links close a cycle, found by an iterative depth-first search (no recursion, so a
  /// long chain cannot overflow the stack).
  static func cycleEdges(nodeCount: Int, links: [Link]) -> [Bool] {
    var callees: [[(node: Int, link: Int)]] = Array(repeating: [], count: nodeCount)
    var callers = Array(repeating: 0, count: nodeCount)
    for (index, link) in links.enumerated() where !link.isSelfCall {
      callees[link.from].append((link.to, index))
      callers[link.to] += 1
    }
    let roots =
      (0..<nodeCount).filter { callers[$0] == 0 } + (0..<nodeCount).filter { callers[$0] > 0 }
    // 0: not seen, 1: on the current path, 2: finished.
    var state = Array(repeating: UInt8(0), count: nodeCount)
    var reversed = Array(repeating: false, count: links.count)
    for root in roots where state[root] == 0 {
      state[root] = 1
      var path: [(node: Int, next: Int)] = [(root, 0)]
      while let top = path.last {
        guard top.next < callees[top.node].count else {
          state[top.node] = 2
          path.removeLast()
          continue
        }
        path[path.count - 1].next += 1
        let callee = callees[top.node][top.next]
        switch state[callee.node] {
        case 0:
          state[callee.node] = 1
          path.append((callee.node, 0))
        case 1:
          reversed[callee.link] = true
        default:
          break
        }
      }
    }
    return reversed
  }

  /// Longest-path layers of the graph with the cycle edges reversed (Kahn's algorithm).
  static func longestPathLayers(nodeCount: Int, links: [Link]) -> [Int] {
    var lower: [[Int]] = Array(repeating: [], count: nodeCount)
    var pending = Array(repeating: 0, count: nodeCount)
    for link in links where !link.isSelfCall {
      let (from, to) = link.reversed ? (link.to, link.from) : (link.from, link.to)
      lower[from].append(to)
      pending[to] += 1
    }
    var layer = Array(repeating: 0, count: nodeCount)
    var queue = (0..<nodeCount).filter { pending[$0] == 0 }
    var head = 0
    while head < queue.count {
      let node = queue[head]
      head += 1
      for next in lower[node] {
        layer[next] = max(layer[next], layer[node] + 1)
        pending[next] -= 1
        if pending[next] == 0 { queue.append(next) }
      }
    }
    return layer
  }

  /// Orders every layer with barycenter sweeps; returns the virtual nodes per layer and the
  /// crossings of that ordering.
  static func orderLayers(virtualLayer: [Int], chains: [[Int]]) -> (order: [[Int]], crossings: Int)
  {
    let layerCount = (virtualLayer.max() ?? -1) + 1
    var order: [[Int]] = Array(repeating: [], count: layerCount)
    for (node, layer) in virtualLayer.enumerated() { order[layer].append(node) }
    var above: [[Int]] = Array(repeating: [], count: virtualLayer.count)
    var below: [[Int]] = Array(repeating: [], count: virtualLayer.count)
    for chain in chains {
      // Long edges drawn without dummy points take no part in the ordering.
      for (upper, lower) in zip(chain, chain.dropFirst())
      where virtualLayer[lower] == virtualLayer[upper] + 1 {
        above[lower].append(upper)
        below[upper].append(lower)
      }
    }
    var position = Array(repeating: 0, count: virtualLayer.count)
    func index(_ layer: Int) {
      for (slot, node) in order[layer].enumerated() { position[node] = slot }
    }
    for layer in 0..<layerCount { index(layer) }

    func crossingCount() -> Int {
      var total = 0
      for layer in 0..<max(layerCount - 1, 0) {
        let segments = order[layer].flatMap { upper in
          below[upper].map { (position[upper], position[$0]) }
        }
        for (i, first) in segments.enumerated() {
          for second in segments[(i + 1)...]
          where (first.0 - second.0) * (first.1 - second.1) < 0 {
            total += 1
          }
        }
      }
      return total
    }

    var best = order
    var fewest = crossingCount()
    for sweep in 0..<sweeps where fewest > 0 {
      let downward = sweep % 2 == 0
      let sequence =
        downward ? Array(1..<max(layerCount, 1)) : Array((0..<max(layerCount - 1, 0)).reversed())
      for layer in sequence {
        let keyed = order[layer].enumerated().map { slot, node in
          let neighbours = downward ? above[node] : below[node]
          let key =
            neighbours.isEmpty
            ? Double(slot)
            : Double(neighbours.reduce(0) { $0 + position[$1] }) / Double(neighbours.count)
          return (node: node, key: key, slot: slot)
        }
        order[layer] = keyed.sorted { ($0.key, $0.slot) < ($1.key, $1.slot) }.map(\.node)
        index(layer)
      }
      let count = crossingCount()
      if count < fewest {
        fewest = count
        best = order
      }
    }
    return (best, fewest)
  }
}
