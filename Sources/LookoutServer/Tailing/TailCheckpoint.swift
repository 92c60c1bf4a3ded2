/// How far a tailed file has been consumed: the point to resume from after a restart.
///
/// The tailer hands one out with every ``TailBatch``; the handler stores it in the same
/// transaction as the rows decoded from the batch, so after a crash the tailer resumes exactly
/// after the last line that became durable: no line is lost or counted twice.
///
/// ```swift
/// let checkpoint = TailCheckpoint(
///   path: "/var/log/nginx/access.log", fileID: TailFileID(device: 2049, inode: 131_075),
///   offset: 4096, headFingerprint: TailCheckpoint.fingerprint(of: headBytes), lineNumber: 31)
/// ```
public struct TailCheckpoint: Sendable, Codable, Hashable {
  /// How many leading bytes of a file ``headFingerprint`` covers at most.
  public static let fingerprintLength = 256

  /// The configured path being tailed; the key under which the checkpoint is stored.
  ///
  /// While a rotated file is being finished this is still the configured path, not the
  /// rotated file's name; ``fileID`` tells which file ``offset`` belongs to.
  public var path: String
  /// The file the offset belongs to.
  public var fileID: TailFileID
  /// Bytes fully consumed: the end of the last complete line handed out (after its `\n`).
  public var offset: Int
  /// ``fingerprint(of:)`` of the file's first `min(256, offset)` bytes.
  ///
  /// Only consumed bytes are covered, because they are the ones that cannot change in an
  /// append-only file; a mismatch means the inode was reused by a different file.
  public var headFingerprint: Int64
  /// Lines handed out so far from this file (counting from where tailing started in it).
  public var lineNumber: Int

  /// Creates a checkpoint.
  ///
  /// - Parameters:
  ///   - path: The configured path being tailed.
  ///   - fileID: The file the offset belongs to.
  ///   - offset: Bytes fully consumed.
  ///   - headFingerprint: ``fingerprint(of:)`` of the first `min(256, offset)` bytes.
  ///   - lineNumber: Lines handed out so far from this file.
  public init(
    path: String, fileID: TailFileID, offset: Int, headFingerprint: Int64, lineNumber: Int
  ) {
    self.path = path
    self.fileID = fileID
    self.offset = offset
    self.headFingerprint = headFingerprint
    self.lineNumber = lineNumber
  }

  /// The number of head bytes that ``headFingerprint`` covers for a given offset.
  ///
  /// - Parameter offset: Bytes fully consumed.
  /// - Returns: `min(256, offset)`.
  public static func fingerprintedLength(forOffset offset: Int) -> Int {
    min(fingerprintLength, max(0, offset))
  }

  /// Hashes bytes with 64-bit FNV-1a, returned as the hash's bit pattern in an `Int64`.
  ///
  /// The hash is stable across processes and platforms (unlike `Hasher`), so it can be
  /// stored. A signed type keeps it storable as an SQLite integer.
  ///
  /// - Parameter bytes: The bytes to hash, usually the first bytes of a file.
  /// - Returns: The FNV-1a hash of `bytes`.
  public static func fingerprint<Bytes: Collection<UInt8>>(of bytes: Bytes) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    return Int64(bitPattern: hash)
  }
}
