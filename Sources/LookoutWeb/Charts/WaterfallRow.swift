/// One span of a ``WaterfallChart``, in display order (a parent directly before its children).
///
/// Times are microseconds relative to the start of the trace. The row's parent is the nearest
/// earlier row with a smaller ``depth``, which is how the chart finds the part of a critical
/// span that is not covered by its critical children.
///
/// ```swift
/// let row = WaterfallRow(
///   spanID: "4bf92f35", label: "GET /cart", service: "shop", colorIndex: 2, depth: 1,
///   startMicros: 1_200, durationMicros: 8_500, selfMicros: 3_100, flags: [.critical],
///   href: "/traces/0af7651916cd43dd?span=4bf92f35")
/// ```
public struct WaterfallRow: Sendable, Equatable {
  /// What the chart highlights on a row.
  public struct Flags: OptionSet, Sendable, Hashable {
    /// The bits; see the static members.
    public let rawValue: UInt8

    /// Creates flags from their bits.
    public init(rawValue: UInt8) {
      self.rawValue = rawValue
    }

    /// The span is on the trace's critical path (CSS class `critical`).
    public static let critical = Flags(rawValue: 1 << 0)
    /// The span failed: an error status or a server fault (CSS class `fault`).
    public static let fault = Flags(rawValue: 1 << 1)
    /// The span got a client error, such as HTTP 4xx (CSS class `error`).
    public static let clientError = Flags(rawValue: 1 << 2)
    /// The span has not ended yet; its duration is the time so far (CSS class `in-progress`).
    public static let inProgress = Flags(rawValue: 1 << 3)

    /// The CSS class of each flag, in the order they are written.
    static let classes: [(Flags, String)] = [
      (.critical, "critical"), (.fault, "fault"), (.clientError, "error"),
      (.inProgress, "in-progress"),
    ]
  }

  /// The span id, written as `data-span` on the row.
  public var spanID: String
  /// The operation name.
  public var label: String
  /// The service that recorded the span.
  public var service: String
  /// Palette slot of the service; the bar uses CSS class `s{colorIndex mod 8}`.
  public var colorIndex: Int
  /// Nesting depth, 0 for the root; indentation stops growing at ``WaterfallChart/maxIndent``.
  public var depth: Int
  /// Start, in microseconds after the trace start.
  public var startMicros: Int64
  /// Duration in microseconds (for an in-progress span, the time so far).
  public var durationMicros: Int64
  /// Time not covered by child spans, in microseconds.
  public var selfMicros: Int64
  /// Highlights for the row.
  public var flags: Flags
  /// Where the row links to (usually the span detail); nil draws the row without a link.
  public var href: String?

  /// Creates a row; see the properties for the meaning of each argument.
  public init(
    spanID: String, label: String, service: String, colorIndex: Int, depth: Int,
    startMicros: Int64, durationMicros: Int64, selfMicros: Int64, flags: Flags = [],
    href: String? = nil
  ) {
    self.spanID = spanID
    self.label = label
    self.service = service
    self.colorIndex = colorIndex
    self.depth = depth
    self.startMicros = startMicros
    self.durationMicros = durationMicros
    self.selfMicros = selfMicros
    self.flags = flags
    self.href = href
  }
}
