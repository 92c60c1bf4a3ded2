/// What a SQL statement does, from its leading keyword.
///
/// `REPLACE` counts as an insert; a `WITH` statement takes the kind of the statement that
/// follows its common table expressions (`WITH x AS (...) DELETE FROM ...` is a delete).
/// Everything else (`SET`, `SHOW`, `CALL`, DDL, transaction control, administrator
/// commands) is ``other``.
public enum SQLStatementKind: String, Sendable, Hashable, CaseIterable {
  /// `SELECT`, also when it starts with a parenthesis or a `WITH` clause.
  case select
  /// `INSERT` or `REPLACE`.
  case insert
  /// `UPDATE`.
  case update
  /// `DELETE`.
  case delete
  /// Any other statement.
  case other
}
