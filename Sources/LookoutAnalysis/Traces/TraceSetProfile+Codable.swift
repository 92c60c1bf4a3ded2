extension TraceSetProfile.Operation: Codable {
  private enum CodingKeys: String, CodingKey {
    case spanCount, traceCount, totalSelfTime, perTraceSelfTime
  }

  /// Decodes figures written by ``encode(to:)``; the sketch travels as its serialized bytes.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    spanCount = try container.decode(Int.self, forKey: .spanCount)
    traceCount = try container.decode(Int.self, forKey: .traceCount)
    totalSelfTime = try container.decode(Int64.self, forKey: .totalSelfTime)
    perTraceSelfTime = try container.decodeSketch(forKey: .perTraceSelfTime)
  }

  /// Encodes the figures, so a profile can be stored pre-aggregated.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(spanCount, forKey: .spanCount)
    try container.encode(traceCount, forKey: .traceCount)
    try container.encode(totalSelfTime, forKey: .totalSelfTime)
    try container.encodeSketch(perTraceSelfTime, forKey: .perTraceSelfTime)
  }
}
