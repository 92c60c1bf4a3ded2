extension EndpointBottlenecks: Codable {
  private enum CodingKeys: String, CodingKey {
    case endpoint, traceCount, durations, totalDuration, totalSelfTime, totals
  }

  /// Decodes an accumulator written by ``encode(to:)``; the duration sketch travels as its
  /// serialized bytes.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    endpoint = try container.decode(EndpointKey.self, forKey: .endpoint)
    traceCount = try container.decode(Int.self, forKey: .traceCount)
    durations = try container.decodeSketch(forKey: .durations)
    totalDuration = try container.decode(Int64.self, forKey: .totalDuration)
    totalSelfTime = try container.decode(Int64.self, forKey: .totalSelfTime)
    totals = try container.decode([SpanClassification: Totals].self, forKey: .totals)
  }

  /// Encodes the accumulator, so partial results can be stored and merged later.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(endpoint, forKey: .endpoint)
    try container.encode(traceCount, forKey: .traceCount)
    try container.encodeSketch(durations, forKey: .durations)
    try container.encode(totalDuration, forKey: .totalDuration)
    try container.encode(totalSelfTime, forKey: .totalSelfTime)
    try container.encode(totals, forKey: .totals)
  }
}
