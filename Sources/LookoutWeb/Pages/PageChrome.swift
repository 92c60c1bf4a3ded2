import LookoutCore

/// The header and navigation every page shares, as the layout template reads them.
public struct PageChrome: Sendable {
  /// A link of the navigation, the environment or the range picker.
  public struct Link: Sendable {
    public var label: String
    public var url: String
    public var selected: Bool
  }

  /// Title of the page (in `<title>` and the heading).
  public var title: String
  /// Project name.
  public var project: String
  /// Navigation between pages.
  public var navigation: [Link]
  /// Environment choices, "All" first.
  public var environments: [Link]
  /// Time range presets.
  public var ranges: [Link]
  /// The shown range as text, and as µs for the JS (local time, zoom).
  public var rangeLabel: String
  public var rangeFrom: Int64
  public var rangeTo: Int64
  /// Auto-refresh period in seconds; 0 is off.
  public var refreshSeconds: Int
  /// Whether the page reloads itself. Stored, for Mustache reads stored properties only,
  /// and treats every number, 0 too, as true.
  public var refreshes: Bool
  /// Refresh choices.
  public var refreshChoices: [Link]
  /// The URL of this view, reloaded by the refresh button.
  public var selfURL: String
  /// Path of this page, where the custom range form sends its fields.
  public var path: String
  /// A field of the custom range form.
  public struct Field: Sendable {
    public var name: String
    public var value: String
  }
  /// The state the custom range form keeps (environment, refresh, page parameters).
  public var hiddenFields: [Field]
  /// The range's ends as `yyyy-MM-ddTHH:mm` in UTC, for the form's fields (the script
  /// rewrites them in local time).
  public var fromField: String
  public var toField: String

  /// Builds the chrome of the page at `path`, one of the ``Page`` cases.
  public init(
    page: Page, title: String, project: String, state: PageState, environments: [String],
    range: TimeRange
  ) {
    self.title = title
    self.project = project
    navigation = Page.allCases.filter(\.inNavigation).map { item in
      Link(
        label: item.label, url: state.url(item.path, Page.dropPageParameters),
        selected: item == page)
    }
    let path = page.path
    self.environments =
      [
        Link(
          label: "All environments", url: state.url(path, ["env": nil]),
          selected: state.environment == nil)
      ]
      + environments.map { name in
        Link(label: name, url: state.url(path, ["env": name]), selected: state.environment == name)
      }
    ranges = PageState.presets.map { preset in
      Link(
        label: preset.label, url: state.url(path, ["range": preset.value]),
        selected: state.rangeValue == preset.value)
    }
    rangeLabel =
      state.rangeValue == "custom"
      ? "\(HumanFormat.isoTime(range.from)) – \(HumanFormat.isoTime(range.to))"
      : PageState.presets.first { $0.value == state.rangeValue }?.label ?? "Last hour"
    rangeFrom = range.from
    rangeTo = range.to
    refreshSeconds = state.refreshSeconds
    refreshes = state.refreshSeconds > 0
    refreshChoices = [0, 30, 60, 300].map { seconds in
      Link(
        label: seconds == 0 ? "Off" : "\(seconds >= 60 ? "\(seconds / 60)m" : "\(seconds)s")",
        url: state.url(path, ["refresh": seconds == 0 ? nil : String(seconds)]),
        selected: state.refreshSeconds == seconds)
    }
    selfURL = state.url(path)
    self.path = path
    hiddenFields = state.fieldsBesidesRange().map { Field(name: $0.name, value: $0.value) }
    fromField = String(HumanFormat.isoTime(range.from).prefix(16))
    toField = String(HumanFormat.isoTime(range.to).prefix(16))
  }
}

/// The pages of the UI.
public enum Page: String, CaseIterable, Sendable {
  case overview, issues, endpoints, endpoint, traces, serviceMap, bottlenecks, slowQueries, logs,
    ingest

  /// URL path.
  public var path: String {
    switch self {
    case .overview: "/"
    case .issues: "/issues"
    case .endpoints: "/endpoints"
    case .endpoint: "/endpoint"
    case .traces: "/traces"
    case .serviceMap: "/service-map"
    case .bottlenecks: "/bottlenecks"
    case .slowQueries: "/slow-queries"
    case .logs: "/logs"
    case .ingest: "/ingest"
    }
  }

  /// Name in the navigation.
  public var label: String {
    switch self {
    case .overview: "Overview"
    case .issues: "Issues"
    case .endpoints: "Endpoints"
    case .endpoint: "Endpoint"
    case .traces: "Traces"
    case .serviceMap: "Service map"
    case .bottlenecks: "Bottlenecks"
    case .slowQueries: "Slow queries"
    case .logs: "Logs"
    case .ingest: "Ingest health"
    }
  }

  var inNavigation: Bool { self != .endpoint }

  /// Page parameters that do not carry over to another page.
  public static let dropPageParameters: [String: String?] = [
    "sort": nil, "method": nil, "route": nil, "status": nil, "query": nil, "release": nil,
    "q": nil, "service": nil, "operation": nil, "baseline": nil, "tab": nil, "source": nil,
    "saved": nil, "chart": nil,
  ]
}
