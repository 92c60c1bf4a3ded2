/// Counts the spans a decoder rejects and keeps the first reason, for `partial_success`.
struct OTLPRejections: Sendable {
  /// How many spans were rejected.
  private(set) var count = 0
  /// Why the first one was.
  private(set) var firstReason = ""

  /// Counts one rejected span.
  ///
  /// - Parameters:
  ///   - name: the span's name, to find it in the sender's code.
  ///   - reason: what is wrong, as a phrase (`trace_id is 15 bytes, expected 16`).
  mutating func reject(spanNamed name: String, because reason: String) {
    if count == 0 {
      let shown = name.utf8.count > 100 ? String(name.prefix(100)) + "…" : name
      firstReason = name.isEmpty ? "unnamed span: \(reason)" : "span \"\(shown)\": \(reason)"
    }
    count += 1
  }

  /// The `error_message` of a partial success: the count and the first reason; empty when
  /// nothing was rejected.
  var message: String {
    switch count {
    case 0: ""
    case 1: "1 span rejected: \(firstReason)"
    default: "\(count) spans rejected, the first: \(firstReason)"
    }
  }
}
