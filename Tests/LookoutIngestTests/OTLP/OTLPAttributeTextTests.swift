import Testing

@testable import LookoutIngest

@Suite("OTLP attribute text")
struct OTLPAttributeTextTests {
  @Test(arguments: [
    (0.0, "0"), (-0.0, "0"), (2.0, "2"), (-3.0, "-3"), (0.25, "0.25"), (0.1, "0.1"),
    (1e-7, "1e-7"), (1.5e300, "1.5e+300"), (9_007_199_254_740_992.0, "9007199254740992"),
    (1e20, "1e+20"), (123.456, "123.456"), (Double.nan, "NaN"), (Double.infinity, "Infinity"),
    (-Double.infinity, "-Infinity"),
  ])
  func doubles(value: Double, text: String) {
    #expect(OTLPAttributeText.number(value) == text)
  }

  @Test func finiteDoublesReadBack() {
    for value in [0.1, 1.0 / 3, 1e-300, 6.02214076e23, -2.5e-12, 1234567.891] {
      #expect(Double(OTLPAttributeText.number(value)) == value)
    }
  }

  @Test(arguments: [
    ("héllo", 2, "h"), ("héllo", 3, "hé"), ("☕☕", 5, "☕"), ("☕☕", 6, "☕☕"), ("abc", 0, ""),
    ("abc", 10, "abc"),
  ])
  func truncation(text: String, limit: Int, expected: String) {
    #expect(OTLPAttributeText.truncated(text, toUTF8Bytes: limit) == expected)
  }

  @Test func controlCharactersInArraysAreEscaped() {
    var value = Opentelemetry_Proto_Common_V1_AnyValue()
    var array = Opentelemetry_Proto_Common_V1_ArrayValue()
    var element = Opentelemetry_Proto_Common_V1_AnyValue()
    element.value = .stringValue("tab\tquote\"nul\u{0}")
    array.values = [element]
    value.value = .arrayValue(array)
    #expect(OTLPAttributeText.text(value) == #"["tab\tquote\"nul\u0000"]"#)
  }
}
