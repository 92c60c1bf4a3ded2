extension KeyedEncodingContainer {
  /// Encodes a sketch as its serialized bytes (``QuantileSketch/serialized()``).
  mutating func encodeSketch(_ sketch: QuantileSketch, forKey key: Key) throws {
    try encode(sketch.serialized(), forKey: key)
  }
}

extension KeyedDecodingContainer {
  /// Decodes a sketch written by `encodeSketch(_:forKey:)`.
  ///
  /// - Throws: `DecodingError.dataCorrupted` when the bytes are not a valid sketch.
  func decodeSketch(forKey key: Key) throws -> QuantileSketch {
    let bytes = try decode([UInt8].self, forKey: key)
    do {
      return try QuantileSketch(serialized: bytes)
    } catch {
      throw DecodingError.dataCorruptedError(
        forKey: key, in: self, debugDescription: "not a quantile sketch: \(error)")
    }
  }
}
