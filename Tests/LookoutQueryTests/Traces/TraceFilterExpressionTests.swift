import LookoutCore
import LookoutStore
import Testing

@testable import LookoutQuery

@Suite("Trace filter expressions")
struct TraceFilterExpressionTests {
  @Test func xrayStyleClauses() throws {
    let filter = try TraceFilterExpression.parse(
      #"service("orders") AND duration > 1s AND http.status = 500 AND annotation.customer = "a \"b\"" AND fault"#
    )
    #expect(filter.services == ["orders"])
    #expect(filter.minDuration == 1_000_001)
    #expect(filter.httpStatus == 500...500)
    #expect(
      filter.attributes == [
        .init(key: "annotation.customer", comparison: .equals, value: #"a "b""#)
      ])
    #expect(filter.outcomes == [.fault])
  }

  @Test func durationsUnitsAndRanges() throws {
    let filter = try TraceFilterExpression.parse("responsetime >= 250ms && duration < 2")
    #expect(filter.minDuration == 250_000)
    #expect(filter.maxDuration == 1_999_999)
    #expect(try TraceFilterExpression.parse("duration = 100us").minDuration == 100)
    #expect(try TraceFilterExpression.parse("http.status = 5xx").httpStatus == 500...599)
    #expect(try TraceFilterExpression.parse("http.status >= 400").httpStatus == 400...999)
  }

  @Test func namesKindsFlagsAndAttributes() throws {
    let filter = try TraceFilterExpression.parse(
      #"name = "GET /orders/{id}" and kind = server and root and http.method = POST and db.statement CONTAINS "orders" and user.id"#
    )
    #expect(filter.operations == ["GET /orders/{id}"])
    #expect(filter.kinds == [.server])
    #expect(filter.rootsOnly)
    #expect(
      filter.attributes == [
        .init(key: "http.request.method", comparison: .equals, value: "POST"),
        .init(key: "db.statement", comparison: .contains, value: "orders"),
        .init(key: "user.id", comparison: .exists),
      ])
    #expect(try TraceFilterExpression.parse(#"service("a") { fault }"#).outcomes == [.fault])
    #expect(try TraceFilterExpression.parse("").services == nil)
  }

  @Test func errorsPointAtThePosition() {
    func failure(_ text: String) -> TraceFilterExpression.ParseError? {
      do {
        _ = try TraceFilterExpression.parse(text)
        return nil
      } catch {
        return error
      }
    }
    #expect(failure("duration > fast")?.position == 11)
    #expect(failure("service = \"x")?.position == 10)
    #expect(failure("kind = sideways")?.position == 7)
    #expect(failure("fault fault")?.position == 6)
    #expect(failure("duration")?.position == 8)
    #expect(failure("a = 1 AND %")?.message.contains("unexpected character") == true)
    #expect(failure("service != x")?.position == 0)
  }
}
