import LookoutCore

/// The grouping rules of version 1: which normalised parts of an event decide its issue.
///
/// The first rule that yields something wins:
/// 1. a custom fingerprint, `{{ default }}` standing for the components of rules 2-5;
/// 2. the stack trace: in-app frames of the whole exception chain (all frames when none is
///    marked in-app), normalised by ``FrameNormalizer``, direct recursion collapsed, and the
///    type of each exception;
/// 3. the type and masked value of each exception;
/// 4. the message template, or the message masked by ``MessageMasker``;
/// 5. the level and the transaction.
///
/// Frozen: issues keep the hashes these rules gave them. Different rules make a new
/// `GroupingRulesV2` beside this one, chosen by ``IssueGrouper/version``.
struct GroupingRulesV1: Sendable {
  private let frames = FrameNormalizer()
  private let masker = MessageMasker()

  /// The method and components of `event`.
  func components(of event: ErrorEvent) -> (method: GroupingResult.Method, components: [String]) {
    let standard = defaultComponents(of: event)
    guard let fingerprint = event.fingerprint, !fingerprint.isEmpty else { return standard }
    var components: [String] = []
    var isCustom = false
    for element in fingerprint {
      if Self.isDefaultPlaceholder(element) {
        components += standard.components
      } else {
        isCustom = true
        components.append("fingerprint:" + element)
      }
    }
    // A fingerprint of only `{{ default }}` is the default grouping.
    return isCustom ? (.fingerprint, components) : standard
  }

  /// The components of rules 2-5, what `{{ default }}` stands for.
  func defaultComponents(of event: ErrorEvent) -> (
    method: GroupingResult.Method, components: [String]
  ) {
    if let stack = stackComponents(of: event) { return (.stacktrace, stack) }
    var exception: [String] = []
    for info in event.exceptions {
      let type = Self.trimmed(info.type)
      let value = Self.trimmed(info.value)
      if !type.isEmpty { exception.append("type:" + type) }
      if !value.isEmpty { exception.append("value:" + masker.mask(value)) }
    }
    if !exception.isEmpty { return (.exception, exception) }
    let template = Self.trimmed(event.messageTemplate)
    if !template.isEmpty { return (.message, ["message:" + template]) }
    let message = Self.trimmed(event.message)
    if !message.isEmpty { return (.message, ["message:" + masker.mask(message)]) }
    return (.fallback, ["level:" + event.level, "transaction:" + event.transaction])
  }

  /// The stack trace components, or nil when no exception has a usable frame.
  private func stackComponents(of event: ErrorEvent) -> [String]? {
    let anyInApp = event.exceptions.contains { $0.frames.contains { $0.inApp == true } }
    var components: [String] = []
    var frameCount = 0
    for exception in event.exceptions {
      var previous: String?
      for frame in exception.frames where !anyInApp || frame.inApp == true {
        guard let component = frames.component(of: frame), component != previous else {
          continue
        }
        components.append(component)
        previous = component
        frameCount += 1
      }
      let type = Self.trimmed(exception.type)
      if !type.isEmpty { components.append("type:" + type) }
    }
    return frameCount > 0 ? components : nil
  }

  /// Whether a fingerprint element is `{{ default }}`, with any white space inside.
  static func isDefaultPlaceholder(_ element: String) -> Bool {
    let bytes = Array(element.utf8)
    let outer = GroupingByte.trimmed(bytes[...])
    guard outer.count >= 4, outer.prefix(2).elementsEqual("{{".utf8),
      outer.suffix(2).elementsEqual("}}".utf8)
    else { return false }
    let inner = GroupingByte.trimmed(outer.dropFirst(2).dropLast(2))
    return inner.elementsEqual("default".utf8)
  }

  private static func trimmed(_ text: String) -> String {
    GroupingByte.trimmed(text)
  }
}
