import LookoutCore

/// Decodes an X-Ray segment or standalone subsegment document into spans.
///
/// Mapping choices (the span model's conventions are in ``SpanRecord``):
/// - A segment is a ``SpanRecord/Kind/server`` span of the service named by its `name`.
///   When it has `http.request.method` and `http.request.url`, the span is named
///   `METHOD /path` (what OpenTelemetry server spans are called; route templating happens
///   later, in enrichment), else by its `name`. Its `parent_id`, when present, is the
///   calling service's subsegment.
/// - Subsegments become spans of the segment's service, named by their `name`, children
///   of the enclosing (sub)segment; ``SpanRecord/Kind/client`` when the namespace is
///   `remote` or `aws` or they carry `sql` (with `peer.service` set to the name, the
///   inferred node of the service map), else ``SpanRecord/Kind/internal``.
/// - The environment is `aws.elastic_beanstalk.environment_name`, else the annotation
///   `environment`, else empty (the server then assigns the source's environment).
///
/// ```swift
/// let document = try XRayDocumentDecoder().decode(datagram.document)
/// ```
public struct XRayDocumentDecoder: Sendable {
  /// Caps on one document.
  public struct Limits: Sendable, Hashable {
    /// Deepest subsegment nesting kept (the root is depth 0); deeper ones are dropped.
    public var maxSubsegmentDepth: Int
    /// Most spans one document yields.
    public var maxSpans: Int
    /// Caps on each span's attributes and events.
    public var span: SpanAttributeLimits

    /// Limits with defaults far above what SDKs send in a 64 KB datagram.
    ///
    /// - Parameters:
    ///   - maxSubsegmentDepth: deepest nesting kept.
    ///   - maxSpans: most spans per document.
    ///   - span: per-span caps.
    public init(
      maxSubsegmentDepth: Int = 64, maxSpans: Int = 2_000, span: SpanAttributeLimits = .init()
    ) {
      self.maxSubsegmentDepth = maxSubsegmentDepth
      self.maxSpans = maxSpans
      self.span = span
    }
  }

  /// The caps this decoder applies.
  public var limits: Limits

  /// Creates a decoder.
  ///
  /// - Parameter limits: caps on depth, span count and attributes.
  public init(limits: Limits = .init()) {
    self.limits = limits
  }

  /// Decodes one document.
  ///
  /// - Parameter bytes: the document (``XRayDatagram/document``).
  /// - Returns: the spans, root first.
  /// - Throws: ``XRayDocumentError`` when the JSON is invalid, or the root lacks a valid
  ///   `trace_id`, `id`, `name`, `start_time`, `end_time` (unless in progress), or, for a
  ///   standalone subsegment, `parent_id`.
  public func decode(_ bytes: [UInt8]) throws(XRayDocumentError) -> XRayDocument {
    let root: JSONValue
    do {
      // Each subsegment level costs two JSON levels (array, object); metadata adds more.
      root = try JSONParser.parse(bytes, maxDepth: 2 * limits.maxSubsegmentDepth + 32)
    } catch {
      throw .invalidJSON(error.description)
    }
    guard root.members != nil else { throw .notAnObject }
    guard let traceText = root["trace_id"]?.string else { throw .missingField("trace_id") }
    guard let traceID = XRayTraceID.hex(traceText) else { throw .invalidTraceID(traceText) }
    let kind: XRayDocument.Kind = root["type"]?.string == "subsegment" ? .subsegment : .segment
    let parentID: String
    switch root["parent_id"] {
    case nil, .null?:
      guard kind == .segment else { throw .missingField("parent_id") }
      parentID = ""
    case let value?:
      guard let text = value.string, let id = XRayTraceID.spanID(text) else {
        throw .invalidSpanID(field: "parent_id", value: value.text ?? "")
      }
      parentID = id
    }
    let piece = try Self.piece(root)
    let service = kind == .segment ? piece.name : ""
    let environment =
      root[path: "aws", "elastic_beanstalk", "environment_name"]?.nonEmptyString
      ?? root[path: "annotations", "environment"]?.nonEmptyString ?? ""
    var walk = Walk(
      traceID: traceID, service: service, environment: environment, limits: limits)
    walk.add(root, piece: piece, parentID: parentID, depth: 0, isSegment: kind == .segment)
    if walk.dropped > 0, !walk.spans.isEmpty {
      walk.spans[0].attributes["lookout.dropped_subsegments_count"] = String(walk.dropped)
    }
    return XRayDocument(
      kind: kind, traceID: traceID, id: piece.id, parentID: parentID, spans: walk.spans,
      droppedSubsegments: walk.dropped)
  }

  /// The fields every (sub)segment must have.
  struct Piece {
    var id: String
    var name: String
    var start: Int64
    /// nil while in progress.
    var end: Int64?
  }

  /// Reads the required fields of a (sub)segment.
  static func piece(_ object: JSONValue) throws(XRayDocumentError) -> Piece {
    guard let idText = object["id"]?.string else { throw .missingField("id") }
    guard let id = XRayTraceID.spanID(idText) else {
      throw .invalidSpanID(field: "id", value: idText)
    }
    guard let name = object["name"]?.nonEmptyString else { throw .missingField("name") }
    guard let start = microseconds(object["start_time"]) else {
      throw .invalidTime(field: "start_time")
    }
    if object["in_progress"]?.bool == true {
      return Piece(id: id, name: name, start: start, end: nil)
    }
    guard let end = microseconds(object["end_time"]) else { throw .invalidTime(field: "end_time") }
    return Piece(id: id, name: name, start: start, end: end)
  }

  /// Epoch seconds (a JSON number) as µs since epoch.
  static func microseconds(_ value: JSONValue?) -> Int64? {
    guard case .number(let text)? = value else { return nil }
    return SentryTimestamp.microseconds(epochSeconds: text)
  }

  /// The depth-first walk over a document's subsegments, collecting spans under the caps.
  private struct Walk {
    let traceID: String
    let service: String
    let environment: String
    let limits: Limits
    var spans: [SpanRecord] = []
    var dropped = 0

    init(traceID: String, service: String, environment: String, limits: Limits) {
      self.traceID = traceID
      self.service = service
      self.environment = environment
      self.limits = limits
    }

    mutating func add(
      _ object: JSONValue, piece: Piece, parentID: String, depth: Int, isSegment: Bool
    ) {
      guard spans.count < limits.maxSpans else {
        dropped += 1 + Self.countSubsegments(in: object)
        return
      }
      var builder = XRaySpanBuilder(object: object, piece: piece, limits: limits.span)
      spans.append(
        builder.span(
          traceID: traceID, parentID: parentID, service: service, environment: environment,
          isSegment: isSegment))
      for child in object["subsegments"]?.array ?? [] {
        guard depth + 1 <= limits.maxSubsegmentDepth, child.members != nil,
          let childPiece = try? XRayDocumentDecoder.piece(child)
        else {
          dropped += 1 + Self.countSubsegments(in: child)
          continue
        }
        add(child, piece: childPiece, parentID: piece.id, depth: depth + 1, isSegment: false)
      }
    }

    /// How many subsegments `object` holds, at any depth.
    static func countSubsegments(in object: JSONValue) -> Int {
      var count = 0
      var stack = object["subsegments"]?.array ?? []
      while let next = stack.popLast() {
        count += 1
        stack.append(contentsOf: next["subsegments"]?.array ?? [])
      }
      return count
    }
  }
}
