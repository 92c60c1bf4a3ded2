import LookoutCore
import Testing

@testable import LookoutQuery

@Suite("Query planner")
struct QueryPlannerTests {
  static let fields: [QueryFieldInfo] = [
    .init(name: "@timestamp", type: .timestamp),
    .init(name: "route", type: .string, isDictionary: true),
    .init(name: "domain", type: .string, isDictionary: true),
    .init(name: "duration", type: .double),
    .init(name: "status", type: .int), .init(name: "url", type: .string),
    .init(name: "@message", type: .string),
  ]
  static let range = TimeRange(from: 0, to: 3_600_000_000)

  func plan(_ text: String) throws -> QueryPlan {
    try QueryPlanner.plan(
      QueryParser.parse(text), fields: QueryPlannerTests.fields, range: QueryPlannerTests.range)
  }

  @Test func pushdownTakesDictionaryEqualityNumericOrderAndTime() throws {
    let plan = try plan(
      #"source requests | filter route = "/a" and domain in ["x", "y"] and 500 <= status and duration > 1.5 and url = "/q" and @timestamp >= 60000000 | filter @timestamp < 120000000 | fields url"#
    )
    #expect(
      plan.pushdown == [
        PushdownPredicate(field: "route", op: .equal, values: [.string("/a")]),
        PushdownPredicate(field: "domain", op: .in, values: [.string("x"), .string("y")]),
        PushdownPredicate(field: "status", op: .greaterOrEqual, values: [.int(500)]),
        PushdownPredicate(field: "duration", op: .greater, values: [.double(1.5)]),
      ])
    #expect(plan.range == TimeRange(from: 60_000_000, to: 120_000_000))
    #expect(plan.scanFields == ["@timestamp", "route", "domain", "duration", "status", "url"])
    #expect(plan.rollup == nil)
  }

  @Test func noPushdownAfterCommandsThatChangeRowsOrUnderOr() throws {
    #expect(try plan(#"source requests | filter route = "/a" or status = 500"#).pushdown.isEmpty)
    #expect(try plan(#"source requests | fields route | filter route = "/a""#).pushdown.isEmpty)
    #expect(try plan(#"source requests | filter not route = "/a""#).pushdown.isEmpty)
  }

  @Test func simpleStatsBecomeARollupRequest() throws {
    let plan = try plan(
      #"source requests | filter route in ["/a", "/b"] and domain = "api" | stats count(*), avg(duration), pct(duration, 95) by route, bin(5m) | sort route"#
    )
    let request = try #require(plan.rollup)
    #expect(plan.rollupStage == 1)
    #expect(request.groupBy == ["route"])
    #expect(request.binWidth == 300_000_000)
    #expect(request.binName == "bin(5m)")
    #expect(
      request.aggregates == [
        RollupAggregate(function: .count, field: nil, outputName: "count(*)"),
        RollupAggregate(function: .avg, field: "duration", outputName: "avg(duration)"),
        RollupAggregate(
          function: .percentile(95), field: "duration", outputName: "pct(duration, 95)"),
      ])
    #expect(request.predicates.count == 2)
    #expect(request.range == QueryPlannerTests.range)
    #expect(
      request.outputNames == ["route", "bin(5m)", "count(*)", "avg(duration)", "pct(duration, 95)"])
    #expect(try self.plan("source requests | stats count(*) by route, bin(5m)").rollup != nil)
  }

  @Test(arguments: [
    #"source requests | parse @message "x=*" as x | stats count(*), avg(duration), pct(duration, 95) by route, bin(5m)"#,
    #"source requests | filter url = "/q" | stats count(*), avg(duration), pct(duration, 95) by route, bin(5m)"#,
    #"source requests | filter duration > 3 | stats count(*) by route"#,
    "source requests | stats count(*) by url",
    "source requests | stats count_distinct(url) by route",
    "source requests | stats avg(duration * 2) by route",
    "source requests | stats count(*) by route as r",
    "source requests | fields route | stats count(*) by route",
  ])
  func statsThatRollupsCannotAnswer(text: String) throws {
    #expect(try plan(text).rollup == nil)
  }

  @Test func scanFieldsAreOnlyThoseUsedUnlessNothingNarrows() throws {
    #expect(
      try plan("source requests | stats count(*) by route").scanFields == ["@timestamp", "route"])
    #expect(
      try plan("source requests | filter status = 1").scanFields
        == QueryPlannerTests.fields.map(\.name))
    #expect(
      try plan("source requests | fields duration * 2 as d | filter d > 1").scanFields == [
        "@timestamp", "duration",
      ])
  }

  @Test func fieldsPerStage() throws {
    let plan = try plan(
      #"source requests | parse @message "u=*" as u | filter u = "a" and status > 1 | stats count(*) as n by route, bin(5m) | sort n desc"#
    )
    #expect(plan.stageFields == [["@message"], ["u", "status"], ["route", "@timestamp"], ["n"]])
  }

  @Test func undeclaredFieldsAreScannedWhenTheSourceAllowsThem() throws {
    let query = try QueryParser.parse(
      "source logs | filter attributes.user = \"ana\" | fields attributes.user")
    let plan = try QueryPlanner.plan(
      query, fields: [.init(name: "@timestamp", type: .timestamp)], acceptsUndeclaredFields: true,
      range: QueryPlannerTests.range)
    #expect(plan.scanFields == ["@timestamp", "attributes.user"])
    #expect(throws: QueryError.self) {
      try QueryPlanner.plan(
        query, fields: [.init(name: "@timestamp", type: .timestamp)], range: QueryPlannerTests.range
      )
    }
  }
}
