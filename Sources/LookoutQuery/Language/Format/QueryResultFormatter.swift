import LookoutCore

/// Prints a ``QueryResult`` as an aligned text table or as CSV, for the CLI and tests.
///
/// ```swift
/// print(QueryResultFormatter.table(result))
/// // route  count(*)
/// // /a     3
/// ```
public enum QueryResultFormatter {
  /// RFC 4180 CSV: a header line, then one line per row; nulls are empty fields, and fields
  /// with commas, quotes, line breaks or edge spaces are quoted.
  public static func csv(_ result: QueryResult) -> String {
    var lines = [result.columns.map(csvField).joined(separator: ",")]
    for row in result.rows {
      lines.append(row.map { csvField($0.description) }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Columns padded to their widest value, separated by two spaces, with a note when the
  /// result is partial.
  ///
  /// - Parameters:
  ///   - result: The result to print.
  ///   - readableTimes: Whether integers in time columns (`@timestamp`, `bin(...)`,
  ///     `datefloor(...)`, `dateceil(...)`) print as UTC times instead of microseconds.
  public static func table(_ result: QueryResult, readableTimes: Bool = false) -> String {
    let timeColumns = result.columns.map { readableTimes && isTimeColumn($0) }
    let cells =
      [result.columns]
      + result.rows.map { row in
        row.enumerated().map { index, value in
          if index < timeColumns.count, timeColumns[index], case .int(let micros) = value {
            return utcTime(micros)
          }
          return printable(value.description)
        }
      }
    var widths = [Int](repeating: 0, count: result.columns.count)
    for row in cells {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    var lines = cells.map { row in
      row.enumerated().map { index, cell in
        index == row.count - 1
          ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
      }.joined(separator: "  ")
    }
    if result.partial {
      lines.append("(partial result: \(result.partialReason ?? "budget exceeded"))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func csvField(_ text: String) -> String {
    let needsQuotes =
      text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
      || text.first == " " || text.last == " "
    guard needsQuotes else { return text }
    return "\"" + text.replacing("\"", with: "\"\"") + "\""
  }

  /// Line breaks and tabs shown as escapes, so that one row stays on one line.
  private static func printable(_ text: String) -> String {
    text.replacing("\n", with: "\\n").replacing("\t", with: "\\t")
  }

  private static func isTimeColumn(_ name: String) -> Bool {
    name == "@timestamp" || ["bin(", "datefloor(", "dateceil("].contains { name.hasPrefix($0) }
  }

  /// `2024-06-05 09:00:00Z`, with milliseconds when there are any.
  static func utcTime(_ micros: Int64) -> String {
    let seconds = Micros.floor(micros, to: Micros.perSecond) / Micros.perSecond
    let millis = (micros - seconds * Micros.perSecond) / Micros.perMillisecond
    var days = Micros.floor(seconds, to: 86_400) / 86_400
    let secondOfDay = seconds - days * 86_400
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    days += 719_468
    let era = (days >= 0 ? days : days - 146_096) / 146_097
    let dayOfEra = days - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    var text =
      "\(year)-\(two(month))-\(two(day)) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))"
    if millis > 0 { text += "." + String(String(millis + 1000).dropFirst()) }
    return text + "Z"
  }
}
