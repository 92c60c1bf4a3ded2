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
  public static func table(_ result: QueryResult) -> String {
    let cells = [result.columns] + result.rows.map { $0.map { printable($0.description) } }
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
}
