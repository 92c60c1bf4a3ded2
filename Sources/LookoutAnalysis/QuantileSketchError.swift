/// Why bytes could not be read back as a ``QuantileSketch``.
public enum QuantileSketchError: Error, Sendable, Hashable {
  /// The bytes end before the sketch does.
  case truncated
  /// The format version byte is not one this build reads.
  case unsupportedVersion(UInt8)
  /// A field holds a value no sketch can have; the text names the field.
  case invalid(String)
}
