import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// An open, read-only file descriptor of a tailed file; closed when the object is released.
///
/// All I/O of the tailer lives here: `open`, `fstat`, `stat`, `pread`, and the directory scan
/// that finds a rotated file by its ID.
final class TailFile {
  /// A failed system call.
  struct Failure: Error, CustomStringConvertible {
    /// The call that failed, e.g. `"open"`.
    var operation: String
    /// The path it was called for.
    var path: String
    /// The `errno` it left.
    var code: Int32

    /// `"<operation> <path>: <strerror>"`.
    var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
  }

  /// The path the file was opened under.
  let path: String
  private let descriptor: Int32

  /// Opens a file for reading.
  ///
  /// - Parameter path: The file to open.
  /// - Throws: ``Failure`` when `open` fails.
  init(opening path: String) throws(Failure) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw Failure(operation: "open", path: path, code: errno) }
    self.path = path
    self.descriptor = descriptor
  }

  deinit {
    close(descriptor)
  }

  /// `fstat` of the open descriptor, or `nil` if it fails.
  func currentStat() -> TailStateMachine.FileStat? {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    return Self.makeFileStat(info)
  }

  /// Reads up to `count` bytes at `offset`, fewer only at end of file.
  ///
  /// - Parameters:
  ///   - offset: The file offset to read at.
  ///   - count: The most bytes to read.
  /// - Returns: The bytes read; empty at end of file.
  /// - Throws: ``Failure`` when `pread` fails.
  func read(at offset: Int, count: Int) throws -> [UInt8] {
    guard count > 0 else { return [] }
    return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      var total = 0
      defer { initialized = total }
      while total < count {
        let result = pread(
          descriptor, buffer.baseAddress! + total, count - total, off_t(offset + total))
        if result > 0 {
          total += result
        } else if result == 0 {
          break
        } else if errno != EINTR {
          throw Failure(operation: "pread", path: path, code: errno)
        }
      }
    }
  }

  /// The file's first bytes, up to ``TailCheckpoint/fingerprintLength``; empty on error.
  func head() -> [UInt8] {
    (try? read(at: 0, count: TailCheckpoint.fingerprintLength)) ?? []
  }

  /// `stat` of a path, or `nil` if it does not exist or cannot be stat'ed.
  ///
  /// - Parameter path: The path to look at.
  static func statPath(_ path: String) -> TailStateMachine.FileStat? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return makeFileStat(info)
  }

  /// Finds the file with a given ID in a directory, trying names with a prefix first.
  ///
  /// - Parameters:
  ///   - fileID: The device and inode to look for.
  ///   - directory: The directory to scan.
  ///   - namePrefix: Names starting with this (`access.log.1`, `access.log-20240605`) are
  ///     tried first; the configured file itself is skipped.
  /// - Returns: The path of the file, or `nil` if no entry has that ID.
  static func find(_ fileID: TailFileID, in directory: String, namePrefix: String) -> String? {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return nil
    }
    let candidates = names.filter { $0 != namePrefix }.sorted { left, right in
      (left.hasPrefix(namePrefix) ? 0 : 1, left) < (right.hasPrefix(namePrefix) ? 0 : 1, right)
    }
    for name in candidates {
      let candidate = directory == "/" ? "/" + name : directory + "/" + name
      if statPath(candidate)?.fileID == fileID { return candidate }
    }
    return nil
  }

  private static func makeFileStat(_ info: stat) -> TailStateMachine.FileStat {
    TailStateMachine.FileStat(
      fileID: TailFileID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino)),
      size: Int(info.st_size))
  }
}
