extension TraceTree {
  /// The service-map edges this trace walked.
  ///
  /// - Every parent -> child link between spans of different services is a call
  ///   `parent.service -> child.service` (timed by the parent when it is a client or
  ///   producer span, else by the child).
  /// - A client or producer span with no child in another service called something that
  ///   sent no spans: a call to the node ``ServiceNode/inferred(from:)`` names, if any.
  /// - A server span without a known parent (a root or an orphan) was called from outside:
  ///   a call from ``ServiceNode/client``.
  ///
  /// Links inside one service are not edges.
  ///
  /// - Returns: The calls, in the order of ``preorder``.
  public func serviceEdges() -> [ServiceEdgeObservation] {
    var edges: [ServiceEdgeObservation] = []
    for index in preorder {
      let span = spans[index]
      if let parent = parentIndices[index] {
        if spans[parent].service != span.service {
          edges.append(.call(caller: CallSide(spans[parent]), callee: CallSide(span)))
        }
      } else if span.kind == .server {
        edges.append(.entry(into: CallSide(span)))
      }
      if span.isOutgoing,
        !childIndices[index].contains(where: { spans[$0].service != span.service }),
        let call = ServiceEdgeObservation.inferredCall(from: CallSide(span))
      {
        edges.append(call)
      }
    }
    return edges
  }
}
