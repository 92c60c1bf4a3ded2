/// The top of every OTLP/JSON export: one object whose `resource<Signal>` member (or its
/// snake_case spelling) lists the resources; an export of another signal is named as such.
enum OTLPJSONExport {
  /// The three signals, by the member that lists their resources.
  static let signals = [
    (name: "trace", keys: ["resourceSpans", "resource_spans"]),
    (name: "logs", keys: ["resourceLogs", "resource_logs"]),
    (name: "metrics", keys: ["resourceMetrics", "resource_metrics"]),
  ]

  /// The resource list of `signal` in `document`; `[]` when absent (an empty export).
  ///
  /// - Returns: The list, or the reason the document is not an export of `signal`: not an
  ///   object, the list not an array, or another signal's export.
  static func resources(of signal: String, in document: JSONValue) -> Result<[JSONValue], Reason> {
    guard let members = document.members else {
      return .failure(Reason("the JSON document is not an object"))
    }
    let wanted = signals.first { $0.name == signal }?.keys ?? []
    var list: [JSONValue]?
    var otherSignal: String?
    for member in members {
      if case .null = member.value { continue }
      if wanted.contains(member.key) {
        guard let array = member.value.array else {
          return .failure(Reason("\(wanted[0]) is not an array"))
        }
        list = array
      } else if let other = signals.first(where: { $0.keys.contains(member.key) }) {
        otherSignal = other.name
      }
    }
    if list == nil, let otherSignal {
      return .failure(Reason("it is a \(otherSignal) export"))
    }
    return .success(list ?? [])
  }

  /// Why a document is not the export expected.
  struct Reason: Error {
    var text: String
    init(_ text: String) { self.text = text }
  }
}
