/// Vets the link targets that charts put on `<a href>` elements.
///
/// Chart links are built by the pages (`/traces/…`), but their parts come from ingested data,
/// so a chart never emits a link a browser would run as script: a target with a scheme other
/// than `http` or `https` (`javascript:`, `data:`, `vbscript:` …) is dropped and the element is
/// drawn without a link. Relative targets (`/traces/ab12`, `?span=3`, `#row-4`) pass unchanged;
/// the writer escapes them like any attribute.
///
/// ```swift
/// ChartLink.safe("/traces/4bf9")          // "/traces/4bf9"
/// ChartLink.safe("javascript:alert(1)")   // nil
/// ```
enum ChartLink {
  /// `href` when it is safe to link to, nil when it is missing, empty or has a disallowed
  /// scheme.
  static func safe(_ href: String?) -> String? {
    guard let href else { return nil }
    // Browsers skip leading spaces and controls, and drop tabs and newlines anywhere, before
    // they parse the scheme, so `" java\tscript:"` is a script link too: decide on the
    // stripped form. Only the bytes up to the first `:`, `/`, `?` or `#` matter.
    var scheme: [UInt8] = []
    for byte in href.utf8 {
      switch byte {
      case 0x09, 0x0A, 0x0D: continue
      case 0...0x20 where scheme.isEmpty: continue
      case UInt8(ascii: ":"):
        let name = String(decoding: scheme, as: UTF8.self).lowercased()
        return name == "http" || name == "https" ? href : nil
      case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"):
        return href
      default:
        scheme.append(byte)
      }
    }
    return scheme.isEmpty ? nil : href
  }
}
