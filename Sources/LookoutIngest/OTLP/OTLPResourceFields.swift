/// What a resource gives each of its spans.
struct OTLPResourceFields {
  /// `service.name`, or `unknown_service`.
  var service = OTLPSpanMapper.unknownService
  /// `deployment.environment.name`, else `deployment.environment`, else empty.
  var environment = ""
  /// The other resource attributes, keys prefixed `resource.`, up to the attribute limit
  /// (they are copied into every span); `lookout.dropped_resource_attributes_count` says
  /// how many more there were.
  var attributes: [String: String] = [:]

  init(_ pairs: [OTLPSpanMapper.KeyValue], limits: OTLPLimits) {
    var legacyEnvironment: String?
    var environmentName: String?
    var copied = 0
    for pair in pairs {
      switch pair.key {
      case "service.name":
        let name = text(pair, limits)
        service = name.isEmpty ? OTLPSpanMapper.unknownService : name
      case "deployment.environment.name": environmentName = text(pair, limits)
      case "deployment.environment": legacyEnvironment = text(pair, limits)
      default:
        copied += 1
        if copied <= limits.attributesPerSpan {
          attributes["resource." + pair.key] = text(pair, limits)
        }
      }
    }
    environment = environmentName ?? legacyEnvironment ?? ""
    if copied > limits.attributesPerSpan {
      attributes["lookout.dropped_resource_attributes_count"] = String(
        copied - limits.attributesPerSpan)
    }
  }

  private func text(_ pair: OTLPSpanMapper.KeyValue, _ limits: OTLPLimits) -> String {
    OTLPAttributeText.truncated(
      OTLPAttributeText.text(pair.value), toUTF8Bytes: limits.attributeValueBytes)
  }
}
