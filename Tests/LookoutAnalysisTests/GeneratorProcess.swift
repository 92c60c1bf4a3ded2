import Foundation

/// Runs the Python generators of `../shared/tools` one at a time.
///
/// Foundation's `Process` on Linux crashed (a bad read in `Process.run()`) while another
/// test of this module waited for its own generator: parallel tests spawning processes
/// race inside it. The generators are short, so they take turns.
enum GeneratorProcess {
  private static let lock = NSLock()

  /// Runs `process` to its end, alone among the generators.
  static func runToEnd(_ process: Process) throws {
    try lock.withLock {
      try process.run()
      process.waitUntilExit()
    }
  }
}
