import Testing

@testable import LookoutQuery

@Suite("Query lexer and parser")
struct QueryParserTests {
  @Test func tokensCarryOffsetLineAndColumn() throws {
    let tokens = try Lexer.tokenize("source logs\n| filter x =~ /a\\/b/ and y >= 2.5e1")
    let summary = tokens.map {
      "\($0.text)@\($0.position.line):\($0.position.column)/\($0.position.offset)"
    }
    #expect(
      summary == [
        "source@1:1/0", "logs@1:8/7", "|@2:1/12", "filter@2:3/14", "x@2:10/21", "=~@2:12/23",
        "/a\\/b/@2:15/26", "and@2:22/33", "y@2:26/37", ">=@2:28/39", "2.5e1@2:31/42", "@2:36/47",
      ])
    #expect(tokens[6].kind == .regex("a/b"))
    #expect(tokens[10].kind == .number(25))
  }

  @Test func slashIsDivisionAfterAValueAndARegexElsewhere() throws {
    let division = try QueryParser.parseExpression("a / 2")
    #expect(division.description == "a / 2")
    #expect(division.position.column == 3)
    let regex = try QueryParser.parseExpression("a like /x/")
    guard case .binary(.like, _, let rhs) = regex.kind else {
      Issue.record("not a like: \(regex)")
      return
    }
    #expect(rhs.kind == .literal(.regex("x")))
  }

  @Test func durationsStringsAndNames() throws {
    #expect(try Lexer.tokenize("5m")[0].kind == .duration(300_000_000))
    #expect(try Lexer.tokenize("250ms")[0].kind == .duration(250_000))
    #expect(try Lexer.tokenize("1.5h")[0].kind == .duration(5_400_000_000))
    #expect(try Lexer.tokenize(#""a\"b\n\u00e9""#)[0].kind == .string("a\"b\né"))
    #expect(try Lexer.tokenize("'it''s'")[0].kind == .string("it"))
    #expect(try Lexer.tokenize("`user agent`")[0].kind == .quotedIdentifier("user agent"))
    #expect(try Lexer.tokenize("http.status")[0].kind == .identifier("http.status"))
    #expect(try Lexer.tokenize("@timestamp")[0].kind == .identifier("@timestamp"))
  }

  @Test func precedenceAndCanonicalNames() throws {
    let expression = try QueryParser.parseExpression("not a = 1 or b > 2 and c in [1, 2]")
    #expect(expression.description == "not (a = 1) or ((b > 2) and (c in [1, 2]))")
    #expect(try QueryParser.parseExpression("1 + 2 * 3 ^ 2").description == "1 + (2 * (3 ^ 2))")
    #expect(try QueryParser.parseExpression("-x").description == "-x")
    #expect(try QueryParser.parseExpression("x not like \"a\"").description == #"not (x like "a")"#)
    #expect(try QueryParser.parseExpression("`odd-name`").description == "`odd-name`")
  }

  @Test func fullQueryTree() throws {
    let query = try QueryParser.parse(
      """
      source requests
      | filter status >= 500
      | parse @message "user=* " as user
      | stats count(*) as n, pct(duration, 95) by route, bin(5m)
      | sort n desc
      | limit 5
      """)
    #expect(query.source == "requests")
    #expect(query.stages.count == 5)
    #expect(query.stages[1].position == SourcePosition(offset: 41, line: 3, column: 3))
    guard case .stats(let stats) = query.stages[2].command else {
      Issue.record("stage 3 is not stats")
      return
    }
    #expect(stats.aggregates.map(\.name) == ["n", "pct(duration, 95)"])
    #expect(stats.groups.map(\.name) == ["route", "bin(5m)"])
    guard case .sort(let keys) = query.stages[3].command else {
      Issue.record("stage 4 is not sort")
      return
    }
    #expect(keys.map(\.expression.description) == ["n"])
    #expect(keys.map(\.descending) == [true])
    #expect(keys[0].expression.position.line == 5)
    #expect(query.stages[4].command == .limit(5))
  }

  @Test(arguments: [
    (
      "source requests | stats count(*) by",
      "expected a field name after 'by', found the end of the query at 1:36"
    ),
    (
      "source requests | stats count(*) by route,",
      "expected a field name after ',', found the end of the query at 1:43"
    ),
    (
      "source requests | sort",
      "expected a field to sort by after 'sort', found the end of the query at 1:23"
    ),
    (
      "source requests | filter",
      "expected a field, value or function call, found the end of the query at 1:25"
    ),
    ("source requests | filter a in 1", "expected '[' after 'in', found '1' at 1:31"),
    (
      "source requests | fields a as",
      "expected a field name after 'as', found the end of the query at 1:30"
    ),
    (
      "source requests | diff yesterday",
      "expected previousDay or previousWeek after 'diff', found 'yesterday' at 1:24"
    ),
    ("source requests | fields a b", "expected '|' or the end of the query, found 'b' at 1:28"),
    ("source requests\n  | filter x = 'a", "unterminated string (missing closing quote) at 2:16"),
  ])
  func syntaxErrorsHavePositions(text: String, message: String) {
    do {
      _ = try QueryParser.parse(text)
      Issue.record("parsed: \(text)")
    } catch {
      #expect(error.kind == .syntax)
      #expect(error.description == message)
    }
  }
}
