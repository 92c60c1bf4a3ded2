/// A streaming slow-log decoder: fed chunk by chunk, it hands out the entries each chunk
/// completes, and the last one when the stream ends.
///
/// ``MySQLSlowLogDecoder`` and ``PostgresLogDecoder`` conform; callers that read either
/// kind of log hold `any SlowLogDecoding`.
///
/// ```swift
/// var decoder: any SlowLogDecoding = MySQLSlowLogDecoder()
/// let batch = decoder.feed(chunk)
/// ```
public protocol SlowLogDecoding: Sendable {
  /// Decodes the next chunk of the stream; returns the entries it completed.
  mutating func feed(_ bytes: UnsafeRawBufferPointer) -> SlowLogBatch
  /// Ends the stream: a last unterminated line is read and the open entry completed. The
  /// decoder can go on with a new stream afterwards (offsets keep counting).
  mutating func finish() -> SlowLogBatch
}

extension SlowLogDecoding {
  /// Decodes the next chunk of the stream.
  ///
  /// - Parameter bytes: the bytes following the previous chunk.
  /// - Returns: the entries completed by this chunk.
  public mutating func feed(_ bytes: some Collection<UInt8>) -> SlowLogBatch {
    let done = bytes.withContiguousStorageIfAvailable { buffer in
      feed(UnsafeRawBufferPointer(buffer))
    }
    if let done { return done }
    return Array(bytes).withUnsafeBytes { feed($0) }
  }
}
