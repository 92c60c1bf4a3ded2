/// Errors of the store layer; the HTTP edge maps each to a status once.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The write queue is full; the caller should retry after the given number of seconds.
  case overloaded(retryAfterSeconds: Int)
  /// The writer is shutting down and takes no more work.
  case closed
  /// A stored value could not be decoded (a bug or a damaged file).
  case corrupt(String)
  /// A record that must exist does not.
  case notFound(String)
  /// A value breaks a constraint (a duplicate name, a key already taken).
  case conflict(String)
  /// The disk refused a read, a write or a flush; what it acknowledged before is intact.
  case io(String)

  public var description: String {
    switch self {
    case .overloaded(let seconds): "write queue full, retry after \(seconds) s"
    case .closed: "store is shutting down"
    case .corrupt(let detail): "corrupt data: \(detail)"
    case .notFound(let what): "\(what) not found"
    case .conflict(let detail): "conflict: \(detail)"
    case .io(let detail): "disk error: \(detail)"
    }
  }
}
