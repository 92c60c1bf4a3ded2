import Foundation
import Testing

/// Paths and processes the tests need.
enum TestSupport {
  /// The repository root, found from this file's path.
  static let repoRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The bytes of a fixture file.
  static func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(
      Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
    return Array(try Data(contentsOf: url))
  }

  /// Runs a program and returns its standard output; fails the test on a non-zero exit.
  static func run(_ executable: String, _ arguments: [String], input: [UInt8]? = nil) throws
    -> [UInt8]
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = repoRoot
    let output = Pipe()
    process.standardOutput = output
    let inputPipe = Pipe()
    if input != nil { process.standardInput = inputPipe }
    try process.run()
    if let input {
      // Write on another thread: the child may fill its output pipe before reading all.
      let handle = inputPipe.fileHandleForWriting
      let bytes = Data(input)
      Thread.detachNewThread {
        handle.write(bytes)
        try? handle.close()
      }
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(executable) \(arguments) failed")
    return Array(data)
  }

  /// `gen_nginx_log.py` output: realistic `timed` lines.
  static func generatedLog(lines: Int, seed: Int) throws -> [UInt8] {
    try run(
      "/usr/bin/env",
      ["python3", "../shared/tools/gen_nginx_log.py", String(lines), "--seed", String(seed)])
  }

  /// The lines of a buffer, split on `\n`, without the last empty piece.
  static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }
}
