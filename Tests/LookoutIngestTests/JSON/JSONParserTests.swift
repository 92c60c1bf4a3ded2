import Testing

@testable import LookoutIngest

@Suite("JSONParser")
struct JSONParserTests {
  static func parse(_ text: String) throws -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
  }

  @Test func keepsMemberOrderAndNumberText() throws {
    let value = try Self.parse(#" {"b":1.50,"a":[true,false,null],"c":-0.5e+3,"b":2} "#)
    #expect(value.members?.map(\.key) == ["b", "a", "c", "b"])
    #expect(value["b"] == .number("2"))
    #expect(value["c"] == .number("-0.5e+3"))
    #expect(value["a"] == .array([.bool(true), .bool(false), .null]))
    #expect(value.compactJSON == #"{"b":1.50,"a":[true,false,null],"c":-0.5e+3,"b":2}"#)
  }

  @Test(arguments: [
    (#""plain""#, "plain"),
    (#""tab\tnew\nquote\"slash\/back\\""#, "tab\tnew\nquote\"slash/back\\"),
    (#""\u00e9\u4e2d""#, "é中"),
    (#""\ud83d\ude00""#, "😀"),
    (#""lone \ud83d!""#, "lone \u{FFFD}!"),
    (#""lone \ude00""#, "lone \u{FFFD}"),
    (#""\ud83d\u0041""#, "\u{FFFD}A"),
    ("\"raw é 中\"", "raw é 中"),
    (#""\b\f\r""#, "\u{08}\u{0C}\r"),
  ])
  func decodesStrings(_ json: String, _ expected: String) throws {
    #expect(try Self.parse(json) == .string(expected))
  }

  @Test func replacesInvalidUTF8() throws {
    let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0x22]
    #expect(try JSONParser.parse(bytes) == .string("a\u{FFFD}b"))
  }

  @Test(arguments: [
    "", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "1e", ".5", "tru", "nul",
    "\"unterminated", "\"bad \\x escape\"", "\"ctrl \u{01} char\"", "{a:1}", "[1] x",
    "\"\\u12G4\"", "+1",
  ])
  func rejectsInvalidJSON(_ text: String) {
    #expect(throws: JSONParseError.self) { try Self.parse(text) }
  }

  @Test func roundTripsControlCharacters() throws {
    let value = JSONValue.string("a\u{01}\"\n\t\\b")
    #expect(value.compactJSON == #""a\u0001\"\n\t\\b""#)
    #expect(try Self.parse(value.compactJSON) == value)
  }

  @Test func measuresDepthOutsideStrings() throws {
    let nested = Array((String(repeating: "[", count: 5) + String(repeating: "]", count: 5)).utf8)
    #expect(try JSONParser.parse(nested, maxDepth: 5) != .null)
    #expect(throws: JSONParseError.tooDeep(limit: 4)) {
      try JSONParser.parse(nested, maxDepth: 4)
    }
    // Brackets inside strings do not count.
    let quoted = Array(#"["\"[[[[[[", {"k":"]]]"}]"#.utf8)
    #expect(try JSONParser.parse(quoted, maxDepth: 2) != .null)
    #expect(throws: JSONParseError.tooDeep(limit: 1)) {
      try JSONParser.parse(quoted, maxDepth: 1)
    }
  }

  @Test func skippedMembersAreCheckedButNotBuilt() throws {
    let text =
      #"{"a":1,"breadcrumbs":{"values":[{"m":"x\n\u00e9\"y","n":[1,2.5e3,true,null]}]},"b":"k"}"#
    let value = try JSONParser.parse(Array(text.utf8), skipping: ["breadcrumbs"])
    #expect(value["a"]?.integer == 1)
    #expect(value["b"]?.string == "k")
    #expect(value["breadcrumbs"] == nil)
    #expect(try JSONParser.parse(Array(text.utf8))["breadcrumbs"] != nil)
    // Invalid JSON inside a skipped member is still invalid.
    for bad in [
      #"{"breadcrumbs":[1,}"#, #"{"breadcrumbs":"\x"}"#, #"{"breadcrumbs":{"a" 1}}"#,
      #"{"breadcrumbs":[tru]}"#, #"{"breadcrumbs":"open"#,
    ] {
      #expect(throws: JSONParseError.self) {
        try JSONParser.parse(Array(bad.utf8), skipping: ["breadcrumbs"])
      }
    }
    // And so is depth.
    let deep = #"{"breadcrumbs":[[[[1]]]]}"#
    #expect(throws: JSONParseError.tooDeep(limit: 4)) {
      try JSONParser.parse(Array(deep.utf8), maxDepth: 4, skipping: ["breadcrumbs"])
    }
    #expect(
      try JSONParser.parse(Array(deep.utf8), maxDepth: 5, skipping: ["breadcrumbs"]) != .null)
  }

  @Test func parserGuardsDepthOnItsOwn() throws {
    #expect(throws: JSONParseError.tooDeep(limit: 3)) {
      try JSONParser.parse(Array("[[[[1]]]]".utf8), maxDepth: 3)
    }
    #expect(try JSONParser.parse(Array("[[[1]]]".utf8), maxDepth: 3) != .null)
  }

  @Test func convertsScalars() throws {
    let value = try Self.parse(#"{"i":12,"f":12.0,"s":"7","x":"7a","b":true,"o":{"k":[1]}}"#)
    #expect(value["i"]?.integer == 12)
    #expect(value["f"]?.integer == 12)
    #expect(value["s"]?.integer == 7)
    #expect(value["x"]?.integer == nil)
    #expect(value["b"]?.scalarText == "true")
    #expect(value["o"]?.scalarText == nil)
    #expect(value["o"]?.text == #"{"k":[1]}"#)
    #expect(value[path: "o", "k"]?.array?.count == 1)
    #expect(value[path: "o", "missing", "deeper"] == nil)
    #expect(JSONValue.null.text == nil)
  }

  @Test func describesErrors() {
    #expect(
      JSONParseError.unexpectedByte(0x01, offset: 3, expected: "a value").description
        == "unexpected byte 0x01 at offset 3, expected a value")
    #expect(
      JSONParseError.unexpectedByte(UInt8(ascii: "x"), offset: 0, expected: "a value")
        .description == "unexpected 'x' at offset 0, expected a value")
    #expect(JSONParseError.unexpectedEnd(expected: "']'").description.contains("ends early"))
    #expect(JSONParseError.trailingData(offset: 4).description.contains("offset 4"))
    #expect(JSONParseError.tooDeep(limit: 9).description.contains("9"))
  }
}
