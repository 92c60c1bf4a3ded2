import Testing

@testable import LookoutQuery

@Suite("Bounded regex engine")
struct RegexTests {
  @Test(arguments: [
    ("abc", "xxabcxx", true), ("^abc", "xabc", false), ("abc$", "xxabc", true),
    ("a.c", "a\u{e9}c", true), ("a.c", "a\nc", false), ("[a-c]+z", "xbcaz", true),
    ("[^a-c]", "abc", false), ("[^a-c]", "abd", true), ("\\d{3}", "ab12c", false),
    ("\\d{3}", "a123", true), ("\\w+@\\w+", "mail ana@host", true), ("\\s", "nospace", false),
    ("\\S+", "   ", false), ("(?i)HeLLo", "say hello", true), ("colou?r", "color", true),
    ("\\bone$", "line one", true), ("\\Bone", "line one", false), ("\\Bne", "line one", true),
    ("x{2,}", "axxb", true), ("x{2,}", "axb", false), ("a|b|c", "zzc", true), ("^$", "", true),
    ("caf\u{e9}", "un caf\u{e9}", true), ("[\u{e9}\u{e8}]t\u{e9}", "\u{e9}t\u{e9}", true),
    ("\\.", "a.b", true), ("\\.", "ab", false), ("a{0}b", "b", true),
  ])
  func matches(pattern: String, text: String, expected: Bool) throws {
    #expect(try BoundedRegex(pattern).matches(text) == expected, "\(pattern) on \(text)")
  }

  @Test func capturesAreLeftmostFirstWithGreedyAndLazyQuantifiers() throws {
    let greedy = try BoundedRegex("(?<head>a+)(?<tail>a*)")
    #expect(greedy.captures(in: "baaa") == ["head": "aaa", "tail": ""])
    let lazy = try BoundedRegex("(?<head>a+?)(?<tail>a*)")
    #expect(lazy.captures(in: "baaa") == ["head": "a", "tail": "aa"])
    let alternation = try BoundedRegex("(?<word>ab|abc)")
    #expect(alternation.captures(in: "xabc") == ["word": "ab"])
    let optional = try BoundedRegex("(?<a>x)?(?<b>y)")
    #expect(optional.captures(in: "y") == ["b": "y"])
    #expect(try BoundedRegex("(?<n>\\d+)").captures(in: "none") == nil)
    #expect(try BoundedRegex("(?P<n>\\d+)").groupNames == ["n"])
  }

  @Test func catastrophicPatternsRunInLinearTime() throws {
    let input = String(repeating: "a", count: 10_000) + "b"
    let patterns = try ["(a+)+$", "^(a|aa)+$", "(a*)*b"].map { try BoundedRegex($0) }
    let clock = ContinuousClock()
    var results: [Bool] = []
    let elapsed = clock.measure {
      results = patterns.map { $0.matches(input) }
    }
    #expect(results == [false, false, true])
    // A backtracking engine needs about 2^10000 steps here (it would never finish); this one
    // about 10^5 per pattern. The bound only catches a hang: the cores are shared.
    #expect(elapsed < .seconds(60))
  }

  @Test(arguments: [
    ("(a", "missing ')' for the group"), ("a)", "unmatched ')'"),
    ("[a-", "missing ']' for the character class"),
    ("*a", "nothing to repeat before '*'"), ("a{3,1}", "repetition {3,1} has max below min"),
    ("\\q", "unsupported escape '\\q'"), ("(?=a)", "unsupported group syntax '(?'"),
    ("[z-a]", "class range out of order"),
  ])
  func syntaxErrors(pattern: String, message: String) {
    #expect(throws: QueryError.self) { try BoundedRegex(pattern) }
    do {
      _ = try BoundedRegex(pattern)
    } catch {
      #expect(error.message == "bad regular expression: \(message)")
    }
  }
}
