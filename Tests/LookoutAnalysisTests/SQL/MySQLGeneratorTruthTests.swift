import LookoutAnalysis
import Testing

/// Fingerprinting against the ground truth of `gen_mysql_slowlog.py`, whose statements come
/// from 12 shapes with random literals (including `it''s` and `テスト`, which pt-query-digest
/// splits into extra classes).
@Suite("Fingerprint classes on generated slow logs", .enabled(if: GeneratedSlowLog.isAvailable))
struct MySQLGeneratorTruthTests {
  /// The classes are exactly the shapes: each class holds one shape and each shape one class.
  @Test(arguments: [(2_000, 3), (5_000, 11)])
  func classesMatchShapes(queries: Int, seed: Int) throws {
    let log = try GeneratedSlowLog.make(queries: queries, seed: seed)
    #expect(log.statements.count == queries)
    #expect(log.shapes.count == queries)
    var fingerprinter = MySQLFingerprinter()
    var shapesOfClass: [String: Set<Int>] = [:]
    var classesOfShape: [Int: Set<String>] = [:]
    for (statement, shape) in zip(log.statements, log.shapes) {
      let id = fingerprinter.fingerprint(statement).classID
      shapesOfClass[id, default: []].insert(shape)
      classesOfShape[shape, default: []].insert(id)
    }
    #expect(shapesOfClass.count == 12)
    #expect(classesOfShape.count == 12)
    #expect(shapesOfClass.values.allSatisfy { $0.count == 1 })
    #expect(classesOfShape.values.allSatisfy { $0.count == 1 })
  }

  /// The generator's shapes as Lookout fingerprints them; each shape is also one
  /// pt-query-digest class except the two whose strings hold `it''s`.
  @Test func shapeFingerprints() throws {
    let log = try GeneratedSlowLog.make(queries: 500, seed: 3)
    var fingerprinter = MySQLFingerprinter()
    let texts = Set(log.statements.map { fingerprinter.fingerprintText($0) })
    #expect(
      texts == [
        "select * from users where id = ?",
        "select id, title, price from services where category_id = ? and status = ?"
          + " order by created_at desc limit ?",
        "select count(*) from orders where buyer_id = ? and created_at > ?",
        "update users set last_login_at = ? where id = ?",
        "insert into messages (room_id, sender_id, body) values(?+)",
        "select s.* from services s join reviews r on r.service_id = s.id where r.rating >= ?"
          + " group by s.id having count(*) > ?",
        "select * from favorites where user_id in(?+)",
        "delete from sessions where expires_at < ?",
        "select * from talents where name like ?",
        "insert into access_logs (user_id, path) values(?+)",
        "select date(created_at) d, sum(amount) from payments where created_at between ? and ?"
          + " group by d",
        "select id from users where email = ?",
      ])
  }
}
