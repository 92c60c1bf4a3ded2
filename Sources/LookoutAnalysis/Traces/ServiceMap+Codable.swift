extension ServiceMap: Codable {
  private enum CodingKeys: String, CodingKey {
    case edges
  }

  /// Decodes a map written by ``encode(to:)``.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    edges = try container.decode([EdgeKey: EdgeStats].self, forKey: .edges)
  }

  /// Encodes the map, so per-minute maps can be stored and merged later.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(edges, forKey: .edges)
  }
}

extension ServiceMap.EdgeStats: Codable {
  private enum CodingKeys: String, CodingKey {
    case calls, faults, clientErrors, durations
  }

  /// Decodes statistics written by ``encode(to:)``; the sketch travels as its serialized
  /// bytes.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    calls = try container.decode(Int.self, forKey: .calls)
    faults = try container.decode(Int.self, forKey: .faults)
    clientErrors = try container.decode(Int.self, forKey: .clientErrors)
    durations = try container.decodeSketch(forKey: .durations)
  }

  /// Encodes the statistics.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(calls, forKey: .calls)
    try container.encode(faults, forKey: .faults)
    try container.encode(clientErrors, forKey: .clientErrors)
    try container.encodeSketch(durations, forKey: .durations)
  }
}
