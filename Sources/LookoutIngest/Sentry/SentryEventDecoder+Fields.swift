import LookoutCore

extension SentryEventDecoder {
  /// The message shown and its template: `logentry.formatted`, else `logentry.message`,
  /// else `message` (a string, or an object shaped like `logentry`). The template is the
  /// unformatted `message` when the entry has `params`, else empty.
  static func message(of root: JSONValue) -> (message: String, template: String) {
    message(candidates: root["logentry"], root["message"])
  }

  /// The message and template from the `logentry` and `message` members, in that order of
  /// preference.
  static func message(candidates logentry: JSONValue?, _ message: JSONValue?) -> (
    message: String, template: String
  ) {
    for candidate in [logentry, message] {
      switch candidate {
      case .object?:
        let template = candidate?["message"]?.nonEmptyString
        guard let text = candidate?["formatted"]?.nonEmptyString ?? template else { continue }
        return (text, hasParams(candidate?["params"]) ? template ?? "" : "")
      case .string(let text)? where !text.isEmpty:
        return (text, "")
      default:
        continue
      }
    }
    return ("", "")
  }

  private static func hasParams(_ params: JSONValue?) -> Bool {
    switch params {
    case .array(let elements)?: !elements.isEmpty
    case .object(let members)?: !members.isEmpty
    case .string?, .number?, .bool?: true
    case nil, .null?: false
    }
  }

  /// The fingerprint's entries as text (numbers and booleans as written); nil when absent,
  /// not an array, or left empty.
  static func fingerprint(_ value: JSONValue?) -> [String]? {
    guard let entries = value?.array?.compactMap(\.scalarText), !entries.isEmpty else {
      return nil
    }
    return entries
  }

  /// The user, with a numeric id as written; nil when absent or without any field.
  ///
  /// `{{auto}}` (the SDKs' request to fill in the client address) is dropped here: the
  /// decoder does not know the address.
  static func user(_ value: JSONValue?) -> EventUser? {
    guard let value, value.members != nil else { return nil }
    var ipAddress = value["ip_address"]?.string ?? ""
    if ipAddress == "{{auto}}" { ipAddress = "" }
    let user = EventUser(
      id: value["id"]?.scalarText ?? "", username: value["username"]?.scalarText ?? "",
      email: value["email"]?.string ?? "", ipAddress: ipAddress)
    return user.key == nil ? nil : user
  }

  /// Tags in the order sent, from an object or a list of `[key, value]` pairs; values
  /// stringified (objects and arrays as compact JSON), null values and empty keys dropped.
  static func tags(_ value: JSONValue?) -> [(key: String, value: String)] {
    var tags: [(key: String, value: String)] = []
    switch value {
    case .object(let members)?:
      for member in members where !member.key.isEmpty {
        if let text = member.value.text { tags.append((member.key, text)) }
      }
    case .array(let pairs)?:
      for pair in pairs {
        guard let elements = pair.array, elements.count == 2,
          let key = elements[0].scalarText, !key.isEmpty, let text = elements[1].text
        else { continue }
        tags.append((key, text))
      }
    default:
      break
    }
    return tags
  }
}
