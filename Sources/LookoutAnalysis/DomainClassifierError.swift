/// Why a ``DomainClassifier`` could not be built.
public enum DomainClassifierError: Error, Sendable, Hashable {
  /// A ``DomainClassifier/Rule/pathPattern(_:domain:)`` expression does not compile.
  case invalidPattern(String, reason: String)
}
