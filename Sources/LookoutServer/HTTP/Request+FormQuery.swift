import Foundation
import Hummingbird

extension Request {
  /// The query parameters as HTML forms and `urlencode` write them: `+` is a space, then
  /// percent escapes are decoded (Hummingbird's `queryParameters` keeps `+` as it is, so a
  /// search typed into a GET form would arrive with pluses). The last of repeated names wins.
  var formQuery: [String: String] {
    guard let raw = uri.query, !raw.isEmpty else { return [:] }
    var parameters: [String: String] = [:]
    for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
      }
      parameters[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
    }
    return parameters
  }
}
