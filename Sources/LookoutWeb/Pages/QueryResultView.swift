import Foundation
import LookoutCore
import LookoutQuery

/// How a query's result is drawn: the values of a saved query's chart kind.
public enum QueryChartKind: String, Sendable, CaseIterable {
  /// A time series when the query bins by time, bars otherwise.
  case auto
  /// Lines over the `bin()` column (bars when the query does not bin).
  case line
  /// One bar per row.
  case bar
  /// The table alone.
  case table

  /// The name in the chart picker.
  public var label: String {
    switch self {
    case .auto: "Automatic"
    case .line: "Time series"
    case .bar: "Bars"
    case .table: "Table only"
    }
  }
}

/// A query result as the Logs page and the Overview's panels show it: a table of text cells
/// and a chart chosen from the shape of the query.
///
/// A query that groups by `bin(period)` gets a time series: the bin column is the time axis,
/// and each numeric column of each group (the other `by` columns) is a line, the 8 largest
/// kept. Any other result with a text column and a number gets bars (first text column as
/// the label, first numeric column as the value); a single row of numbers gets one bar per
/// column.
///
/// ```swift
/// let view = QueryResultView(
///   result: result, query: "source requests | stats count(*) by bin(5m)", range: range)
/// view.chart  // "<svg class=\"chart timeseries\" ..."
/// ```
public struct QueryResultView: Sendable {
  /// A column heading.
  public struct Column: Sendable {
    /// The column name.
    public var name: String
    /// Whether its values are numbers (right-aligned).
    public var numeric: Bool
  }

  /// One cell: its text, and the instant when it is a time.
  public struct Cell: Sendable {
    /// The value as shown.
    public var text: String
    /// Whether the value is a number (right-aligned).
    public var numeric: Bool
    /// Whether the value is an instant (shown in local time by the script).
    public var isTime: Bool
    /// The instant in µs when ``isTime``.
    public var micros: Int64
    /// An inline SVG sparkline drawn instead of the text (a pattern's `@timeline`), or
    /// empty; the text stays as its accessible label.
    public var sparkline: String = ""
    /// Whether ``sparkline`` is drawn.
    public var hasSparkline = false
  }

  /// One row of cells.
  public struct Row: Sendable {
    /// One cell per column.
    public var cells: [Cell]
  }

  /// The headings.
  public var columns: [Column]
  /// The rows shown (at most `maxRows`).
  public var rows: [Row]
  /// The chart's SVG, empty when there is none.
  public var chart: String
  /// Whether there is a chart.
  public var hasChart: Bool
  /// `timeseries`, `bars` or `none`.
  public var chartShape: String
  /// Whether the result has no row.
  public var isEmpty: Bool
  /// Whether rows were left out of the table.
  public var isTruncated: Bool
  /// "120 rows", "showing 10 of 120 rows".
  public var rowSummary: String
  /// The series left out of the time series (only the 8 largest are drawn), 0 when none.
  public var hiddenSeries: Int
  /// Whether series were left out.
  public var hasHiddenSeries: Bool

  /// Lines drawn at most.
  public static let maxSeries = 8

  /// Builds the table and the chart of `result`.
  ///
  /// - Parameters:
  ///   - result: The query's answer.
  ///   - query: The query text, read for its `bin()` and groups.
  ///   - range: The range the query ran over: the time axis.
  ///   - chart: The chart kind asked for.
  ///   - maxRows: Rows of the table at most.
  ///   - title: Accessible name of the chart.
  ///   - width: Width of the chart's viewBox (the page scales it to its column).
  ///   - height: Height of a time series' viewBox.
  public init(
    result: QueryResult, query: String, range: TimeRange, chart: QueryChartKind = .auto,
    maxRows: Int = 1_000, title: String = "Query result", width: Int = 720, height: Int = 220
  ) {
    let shape = QueryShape(query)
    let numericColumns = Self.numericColumns(result)
    let timeColumns = Set(["@timestamp"] + (shape.binColumn.map { [$0] } ?? []))
    columns = result.columns.enumerated().map { index, name in
      Column(name: name, numeric: numericColumns.contains(index) && !timeColumns.contains(name))
    }
    rows = result.rows.prefix(maxRows).map { values in
      Row(
        cells: values.enumerated().map { index, value in
          let name = index < result.columns.count ? result.columns[index] : ""
          if name == "@timeline", case .string(let counts) = value {
            return Self.timelineCell(counts)
          }
          return Self.cell(value, isTimeColumn: timeColumns.contains(name))
        })
    }
    isEmpty = result.rows.isEmpty
    isTruncated = result.rows.count > maxRows
    rowSummary =
      isTruncated
      ? "showing \(maxRows) of \(result.rows.count) rows"
      : "\(result.rows.count) row\(result.rows.count == 1 ? "" : "s")"
    hiddenSeries = 0
    var svg = ""
    var drawn = "none"
    if chart != .table {
      if let binColumn = shape.binColumn, chart != .bar,
        let binIndex = result.columns.firstIndex(of: binColumn)
      {
        let (markup, hidden) = Self.timeSeries(
          result, shape: shape, binIndex: binIndex, numeric: numericColumns, range: range,
          title: title, width: width, height: height)
        svg = markup
        hiddenSeries = hidden
        drawn = "timeseries"
      } else if let markup = Self.bars(
        result, shape: shape, numeric: numericColumns, timeColumns: timeColumns, title: title,
        width: width)
      {
        svg = markup
        drawn = "bars"
      }
    }
    self.chart = svg
    hasHiddenSeries = hiddenSeries > 0
    hasChart = !svg.isEmpty
    chartShape = drawn
  }

  /// Indexes of the columns whose present values are all numbers (at least one present).
  static func numericColumns(_ result: QueryResult) -> Set<Int> {
    var numeric = Set<Int>()
    for index in result.columns.indices {
      var seen = false
      var allNumbers = true
      for row in result.rows where index < row.count {
        switch row[index] {
        case .null: continue
        case .int, .double: seen = true
        case .string, .bool: allNumbers = false
        }
        if !allNumbers { break }
      }
      if seen && allNumbers { numeric.insert(index) }
    }
    return numeric
  }

  /// A `pattern` result's `@timeline` (counts separated by spaces) as a sparkline.
  static func timelineCell(_ counts: String) -> Cell {
    let values = counts.split(separator: " ").compactMap { Double($0) }
    guard !values.isEmpty else {
      return Cell(text: counts, numeric: false, isTime: false, micros: 0)
    }
    return Cell(
      text: "counts over the range: \(counts)", numeric: false, isTime: false, micros: 0,
      sparkline: Sparkline(values: values, width: 160, height: 24).svg(), hasSparkline: true)
  }

  static func cell(_ value: QueryValue, isTimeColumn: Bool) -> Cell {
    switch value {
    case .int(let micros) where isTimeColumn:
      return Cell(text: HumanFormat.isoTime(micros), numeric: false, isTime: true, micros: micros)
    case .int(let number):
      return Cell(text: String(number), numeric: true, isTime: false, micros: 0)
    case .double(let number):
      let text =
        number.isFinite
        ? HumanFormat.fixed(number, decimals: abs(number) >= 100 ? 1 : 3) : value.description
      return Cell(text: text, numeric: true, isTime: false, micros: 0)
    default:
      return Cell(text: value.description, numeric: false, isTime: false, micros: 0)
    }
  }

  /// The time series of a binned result, and how many series were left out.
  static func timeSeries(
    _ result: QueryResult, shape: QueryShape, binIndex: Int, numeric: Set<Int>,
    range: TimeRange, title: String, width: Int, height: Int
  ) -> (String, Int) {
    let step = max(shape.binMicros, 1)
    let groupIndexes = shape.groupColumns.compactMap { result.columns.firstIndex(of: $0) }
    let valueIndexes = numeric.subtracting(groupIndexes + [binIndex]).sorted()
    var stamps = Set<Int64>()
    for row in result.rows where binIndex < row.count {
      if case .int(let micros) = row[binIndex] { stamps.insert(micros) }
    }
    // The range's steps, so that the axis covers the range and quiet steps show; the data's
    // own steps when the range would need too many.
    let first = Micros.floor(range.from, to: step)
    let count = range.to > first ? (range.to - first + step - 1) / step : 0
    let times: [Int64]
    if count > 0 && count <= 2_000 && stamps.allSatisfy({ $0 >= first && $0 < range.to }) {
      times = (0..<count).map { first + $0 * step }
    } else {
      times = stamps.sorted()
    }
    let slot = Dictionary(uniqueKeysWithValues: times.enumerated().map { ($1, $0) })
    // One series per (group, numeric column), in first-seen order.
    var order: [String] = []
    var values: [String: [Double?]] = [:]
    var counting: [String: Bool] = [:]
    for row in result.rows {
      guard binIndex < row.count, case .int(let micros) = row[binIndex], let at = slot[micros]
      else { continue }
      let group = groupIndexes.map { index in
        let text = index < row.count ? row[index].description : ""
        return text.isEmpty ? "(none)" : text
      }.joined(separator: " · ")
      for index in valueIndexes where index < row.count {
        let column = result.columns[index]
        let name =
          group.isEmpty
          ? column : (valueIndexes.count == 1 ? group : "\(group) · \(column)")
        if values[name] == nil {
          order.append(name)
          values[name] = Array(repeating: nil, count: times.count)
          counting[name] = shape.countingColumns.contains(column)
        }
        if let number = row[index].doubleValue, number.isFinite {
          let sum = (values[name]?[at] ?? nil).map { $0 + number } ?? number
          values[name]?[at] = sum
        }
      }
    }
    let totals = order.map { name in
      (name, (values[name] ?? []).reduce(0.0) { $0 + abs($1 ?? 0) })
    }
    let kept = Set(
      totals.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }
        .prefix(maxSeries).map(\.element.0))
    let series = order.filter(kept.contains).enumerated().map { index, name in
      let line = values[name] ?? []
      return ChartSeries(
        name: name, values: counting[name] == true ? line.map { $0 ?? 0 } : line,
        colorIndex: index)
    }
    let units = Set(
      valueIndexes.map { index in
        Self.unit(
          column: result.columns[index], shape: shape,
          values: result.rows.compactMap { index < $0.count ? $0[index].doubleValue : nil })
      })
    let chartUnit: ChartUnit = units.count == 1 ? units.first ?? .count : .count
    let chart = TimeSeriesChart(
      times: times, stepMicros: step, series: series, unit: chartUnit, width: width,
      height: height, title: title)
    return (chart.svg(), order.count - series.count)
  }

  /// The unit of a column: milliseconds for aggregates of durations, a percentage for a
  /// `rate` or `ratio` column whose values are fractions, else a count.
  static func unit(column: String, shape: QueryShape, values: [Double]) -> ChartUnit {
    if shape.durationColumns.contains(column) { return .milliseconds }
    let lower = column.lowercased()
    if lower.hasSuffix("rate") || lower.hasSuffix("ratio"),
      values.allSatisfy({ $0 >= 0 && $0 <= 1 })
    {
      return .percent
    }
    return .count
  }

  /// Bars of the first text column by the first numeric one; a single row of numbers as one
  /// bar per column; nil when the result has neither shape.
  static func bars(
    _ result: QueryResult, shape: QueryShape, numeric: Set<Int>, timeColumns: Set<String>,
    title: String, width: Int
  ) -> String? {
    let valueIndexes = result.columns.indices.filter {
      numeric.contains($0) && !timeColumns.contains(result.columns[$0])
    }
    guard let valueIndex = valueIndexes.first else { return nil }
    let unit = Self.unit(
      column: result.columns[valueIndex], shape: shape,
      values: result.rows.compactMap { valueIndex < $0.count ? $0[valueIndex].doubleValue : nil })
    let labelIndex = result.columns.indices.first { index in
      !numeric.contains(index) && !timeColumns.contains(result.columns[index])
        && result.rows.contains { index < $0.count && !$0[index].isNull }
    }
    if let labelIndex {
      let bars = result.rows.compactMap { row -> BarChart.Bar? in
        guard labelIndex < row.count, valueIndex < row.count,
          let value = row[valueIndex].doubleValue
        else { return nil }
        let label = row[labelIndex].description
        return BarChart.Bar(label: label.isEmpty ? "(none)" : label, value: value)
      }
      return BarChart(bars: bars, unit: unit, width: width, title: title).svg()
    }
    guard result.rows.count == 1, let row = result.rows.first else { return nil }
    let bars = valueIndexes.compactMap { index -> BarChart.Bar? in
      guard index < row.count, let value = row[index].doubleValue else { return nil }
      return BarChart.Bar(label: result.columns[index], value: value)
    }
    return BarChart(bars: bars, unit: unit, width: width, title: title).svg()
  }
}
