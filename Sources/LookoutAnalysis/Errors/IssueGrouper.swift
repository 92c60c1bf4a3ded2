import LookoutCore

/// Decides which issue an error event belongs to, the way Sentry groups: events with the
/// same ``GroupingResult/hash`` are one issue.
///
/// The rules are versioned (see `GroupingRulesV1` for version 1): an issue keeps the hash
/// its version gave it, so rules can improve in a new version while stored issues stay
/// reproducible. In short, version 1 groups by the custom fingerprint, else the in-app stack
/// frames and exception types, else exception types and masked values, else the message
/// template or masked message, else level and transaction. Messages are masked by
/// ``MessageMasker``, so `User 123 not found` and `User 98765 not found` are one issue while
/// `Order 123 not found` is another.
///
/// The hash is the first 16 bytes of the SHA-256 of the components, each written as
/// `<UTF-8 length>:<bytes>,`, in lowercase hex.
///
/// ```swift
/// var event = ErrorEvent(eventID: "fc6d8c0c43fc4630ad850ee518f1b9d0", timestamp: 1_717_545_600_000_000)
/// event.exceptions = [
///   ExceptionInfo(
///     type: "ZeroDivisionError", value: "division by zero",
///     frames: [StackFrame(function: "ratio", module: "shop.stats", inApp: true)])
/// ]
/// let result = IssueGrouper().group(event)
/// result.method   // .stacktrace
/// result.title    // "ZeroDivisionError: division by zero"
/// result.culprit  // "shop.stats in ratio"
/// ```
public struct IssueGrouper: Sendable {
  /// The newest rules version, used unless another is asked for.
  public static let currentVersion = 1
  /// The rules versions this build can compute.
  public static let supportedVersions: ClosedRange<Int> = 1...1

  /// The rules version this grouper applies.
  public let version: Int
  private let rulesV1 = GroupingRulesV1()

  /// Creates a grouper for one rules version.
  ///
  /// - Parameter version: A version in ``supportedVersions``; asking for another is a
  ///   programming error.
  public init(version: Int = currentVersion) {
    precondition(
      Self.supportedVersions.contains(version), "unsupported grouping version \(version)")
    self.version = version
  }

  /// Groups `event`: its issue hash, the rule that decided it, and its title and culprit.
  public func group(_ event: ErrorEvent) -> GroupingResult {
    let grouping: (method: GroupingResult.Method, components: [String])
    switch version {
    case 1: grouping = rulesV1.components(of: event)
    default: preconditionFailure("unsupported grouping version \(version)")
    }
    return GroupingResult(
      hash: Self.hash(grouping.components), version: version, method: grouping.method,
      title: Self.title(of: event), culprit: Self.culprit(of: event),
      components: grouping.components)
  }

  /// 32 lowercase hex digits: the first half of the SHA-256 of the length-prefixed
  /// components. Frozen with version 1.
  static func hash(_ components: [String]) -> String {
    var input: [UInt8] = []
    input.reserveCapacity(components.reduce(0) { $0 + $1.utf8.count + 8 })
    for component in components {
      input.append(contentsOf: String(component.utf8.count).utf8)
      input.append(UInt8(ascii: ":"))
      input.append(contentsOf: component.utf8)
      input.append(UInt8(ascii: ","))
    }
    let digest = PortableSHA256.digest(input)
    let hexDigits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(32)
    for byte in digest.prefix(16) {
      hex.append(hexDigits[Int(byte >> 4)])
      hex.append(hexDigits[Int(byte & 0x0f)])
    }
    return String(decoding: hex, as: UTF8.self)
  }
}
