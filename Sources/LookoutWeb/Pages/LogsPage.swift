import Foundation
import LookoutCore
import LookoutQuery

/// The Logs page: the query editor, the result of the query (table, chart, cost) or its
/// error marked at its position, the Patterns tab, and the saved queries.
///
/// Everything is in the URL: `q` (the query), `from`/`to` (time expressions), `tab`
/// (`query` or `patterns`), `source` (the Patterns tab's source) and `saved` (the saved
/// query being edited).
public struct LogsPage: Sendable {
  /// What running the query gave.
  public enum Outcome: Sendable {
    /// The result.
    case result(QueryResult)
    /// The query did not parse, plan or run.
    case error(QueryError)
  }

  /// A saved query as the page lists it.
  public struct SavedInput: Sendable {
    /// The saved query's id.
    public var id: Int64
    /// Its name.
    public var name: String
    /// Its text.
    public var query: String
    /// Start of its range, a time expression.
    public var from: String
    /// End of its range.
    public var to: String
    /// Its chart kind (`auto`, `line`, `bar`, `table`).
    public var chart: String
    /// Whether the Overview shows it.
    public var onDashboard: Bool

    /// Creates a saved query value.
    public init(
      id: Int64, name: String, query: String, from: String, to: String, chart: String,
      onDashboard: Bool
    ) {
      self.id = id
      self.name = name
      self.query = query
      self.from = from
      self.to = to
      self.chart = chart
      self.onDashboard = onDashboard
    }
  }

  /// A row of the saved-query list.
  public struct SavedRow: Sendable {
    /// The saved query's id.
    public var id: Int64
    /// Its name.
    public var name: String
    /// Its text.
    public var query: String
    /// The Logs page with it loaded.
    public var url: String
    /// Whether the Overview shows it.
    public var onDashboard: Bool
    /// Whether it is the one being edited.
    public var isCurrent: Bool
  }

  /// A choice of a picker.
  public struct Choice: Sendable {
    /// The value sent.
    public var value: String
    /// The text shown.
    public var label: String
    /// Whether it is the current choice.
    public var selected: Bool
    /// Where choosing it leads (empty for a form's choice).
    public var url: String
  }

  /// The query when the URL has none.
  public static let defaultQuery =
    "source requests\n| stats count(*) as requests by bin(5m), status_class"

  /// The field the Patterns tab groups, by source.
  public static func patternField(source: String) -> String {
    switch source {
    case "requests": "path"
    case "slowqueries": "statement"
    case "spans": "name"
    default: "@message"
    }
  }

  /// The query the Patterns tab runs.
  public static func patternQuery(source: String) -> String {
    "source \(source) | pattern \(patternField(source: source))"
  }

  /// The query in the editor, and the one that ran.
  public var query: String
  /// Start of the range as typed (`now-1h`).
  public var from: String
  /// End of the range as typed (`now`).
  public var to: String
  /// Whether the Patterns tab is shown.
  public var isPatterns: Bool
  /// The Query tab, with this query.
  public var queryTabURL: String
  /// The Patterns tab, with this range.
  public var patternsTabURL: String
  /// Sources of the Patterns tab.
  public var patternSources: [Choice]
  /// The source the Patterns tab groups.
  public var patternSource: String

  /// Whether the query ran.
  public var hasResult: Bool
  /// Its table and chart.
  public var result: QueryResultView?
  /// Rows scanned, elapsed, as text.
  public var rowsScanned: String
  public var elapsed: String
  /// Whether minute rollups answered it.
  public var usedRollups: Bool
  /// Whether the budget ran out before every row was read.
  public var isPartial: Bool
  /// Why the result is partial.
  public var partialReason: String

  /// Whether the query failed.
  public var hasError: Bool
  /// The error, without its position.
  public var errorMessage: String
  /// Line of the error, from 1.
  public var errorLine: Int
  /// Column of the error, from 1.
  public var errorColumn: Int
  /// Whether the error has a position in the text.
  public var hasErrorPosition: Bool
  /// Where the error is, in UTF-16 code units (the editor script's index), -1 when the error
  /// has no position.
  public var errorIndex: Int
  /// The query cut at the error, to mark the character without the script.
  public var errorBefore: String
  public var errorAt: String
  public var errorAfter: String

  /// The saved queries, by name.
  public var saved: [SavedRow]
  /// Whether there is any saved query.
  public var hasSaved: Bool
  /// The saved query being edited (`saved=` in the URL), whose changes "Save" writes back.
  public var current: SavedRow?
  /// Whether a saved query is being edited.
  public var hasCurrent: Bool
  /// Chart kinds for the save form.
  public var chartChoices: [Choice]
  /// This page's URL, where forms come back to.
  public var selfURL: String

  /// Builds the page.
  ///
  /// - Parameters:
  ///   - query: The query text shown in the editor (and run).
  ///   - from: Start of the range as typed.
  ///   - to: End of the range as typed.
  ///   - range: The range the query ran over.
  ///   - outcome: What running it gave; nil when it did not run.
  ///   - patterns: Whether the Patterns tab is shown.
  ///   - patternSource: The Patterns tab's source.
  ///   - sources: Every source the server offers.
  ///   - saved: The project's saved queries.
  ///   - currentID: The saved query being edited.
  ///   - chart: The chart kind asked for.
  public init(
    query: String, from: String, to: String, range: TimeRange, outcome: Outcome?,
    patterns: Bool, patternSource: String, sources: [String], saved: [SavedInput],
    currentID: Int64?, chart: QueryChartKind
  ) {
    self.query = query
    self.from = from
    self.to = to
    isPatterns = patterns
    self.patternSource = patternSource
    let savedParameter = currentID.map { [("saved", String($0))] } ?? []
    queryTabURL = Self.url(
      [("q", patterns ? "" : query), ("from", from), ("to", to)] + savedParameter)
    patternsTabURL = Self.url(
      [("tab", "patterns"), ("source", patternSource), ("from", from), ("to", to)])
    patternSources = sources.map { source in
      Choice(
        value: source, label: source, selected: source == patternSource,
        url: Self.url([("tab", "patterns"), ("source", source), ("from", from), ("to", to)]))
    }
    selfURL =
      patterns
      ? patternsTabURL
      : Self.url([("q", query), ("from", from), ("to", to)] + savedParameter)

    hasResult = false
    result = nil
    rowsScanned = ""
    elapsed = ""
    usedRollups = false
    isPartial = false
    partialReason = ""
    hasError = false
    errorMessage = ""
    errorLine = 0
    errorColumn = 0
    hasErrorPosition = false
    errorIndex = -1
    errorBefore = ""
    errorAt = ""
    errorAfter = ""
    switch outcome {
    case .result(let answer):
      hasResult = true
      result = QueryResultView(
        result: answer, query: query, range: range, chart: patterns ? .table : chart,
        title: patterns ? "Patterns" : "Query result", width: 1_400, height: 300)
      rowsScanned = HumanFormat.count(Double(answer.statistics.rowsScanned))
      elapsed = HumanFormat.milliseconds(answer.statistics.elapsedSeconds * 1_000)
      usedRollups = answer.statistics.usedRollups
      isPartial = answer.partial
      partialReason = answer.partialReason ?? "the query's budget ran out"
    case .error(let error):
      hasError = true
      errorMessage = error.message
      if let position = error.position {
        hasErrorPosition = true
        errorLine = position.line
        errorColumn = position.column
        (errorBefore, errorAt, errorAfter) = Self.cut(query, atUTF8: position.offset)
        errorIndex = errorBefore.utf16.count
      }
    case nil:
      break
    }

    let rows = saved.map { item in
      SavedRow(
        id: item.id, name: item.name, query: item.query,
        url: Self.url([
          ("q", item.query), ("from", item.from), ("to", item.to), ("saved", String(item.id)),
          ("chart", item.chart),
        ]), onDashboard: item.onDashboard, isCurrent: item.id == currentID)
    }
    self.saved = rows
    hasSaved = !rows.isEmpty
    current = rows.first { $0.isCurrent }
    hasCurrent = current != nil
    chartChoices = QueryChartKind.allCases.map { kind in
      Choice(value: kind.rawValue, label: kind.label, selected: kind == chart, url: "")
    }
  }

  /// `query` cut before the character at UTF-8 offset `offset`: the text before, the
  /// character (a space at the end of the text), and the rest.
  static func cut(_ query: String, atUTF8 offset: Int) -> (String, String, String) {
    let utf8 = query.utf8
    let bounded = min(max(offset, 0), utf8.count)
    var index = utf8.index(utf8.startIndex, offsetBy: bounded)
    // An offset inside a character is moved back to the character's start.
    while index > query.startIndex, String.Index(index, within: query) == nil {
      index = utf8.index(before: index)
    }
    guard index < query.endIndex else { return (query, " ", "") }
    let next = query.index(after: index)
    return (String(query[..<index]), String(query[index..<next]), String(query[next...]))
  }

  /// `/logs` with the non-empty `parameters`, in order.
  public static func url(_ parameters: [(String, String)]) -> String {
    let allowed = CharacterSet(
      charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
    let items = parameters.filter { !$0.1.isEmpty }.map { key, value in
      "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }
    return items.isEmpty ? "/logs" : "/logs?" + items.joined(separator: "&")
  }
}
