/// The identity of a file on disk: the device it lives on and its inode number.
///
/// A path can point to a different file after a rotation; the file ID cannot. The tailer uses
/// it to notice a `mv access.log access.log.1` rotation and to find the rotated file again
/// after a restart.
///
/// The Codable form is one string, `"<device>:<inode>"`, because inode numbers may use all
/// 64 bits (overlayfs sets high bits) and SQLite integers are signed.
public struct TailFileID: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The device number (`st_dev`).
  public var device: UInt64
  /// The inode number (`st_ino`).
  public var inode: UInt64

  /// Creates a file ID from a device and an inode number.
  ///
  /// - Parameters:
  ///   - device: The device number (`st_dev`).
  ///   - inode: The inode number (`st_ino`).
  public init(device: UInt64, inode: UInt64) {
    self.device = device
    self.inode = inode
  }

  /// The file ID as `"<device>:<inode>"`, the same text as its Codable form.
  public var description: String { "\(device):\(inode)" }

  /// Decodes a file ID from its `"<device>:<inode>"` string.
  ///
  /// - Throws: `DecodingError.dataCorrupted` when the string is not two decimal numbers
  ///   separated by a colon.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "expected \"<device>:<inode>\", got \"\(text)\"")
    }
    self.init(device: device, inode: inode)
  }

  /// Encodes the file ID as its `"<device>:<inode>"` string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
