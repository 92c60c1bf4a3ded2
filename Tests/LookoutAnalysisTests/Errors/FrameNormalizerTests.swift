import LookoutCore
import Testing

@testable import LookoutAnalysis

@Suite("FrameNormalizer")
struct FrameNormalizerTests {
  /// File names lose their directory, query, line numbers, build hashes and versions.
  @Test(
    "file names",
    arguments: [
      ("app/views.py", "views.py"),
      ("/srv/releases/20240605/app/views.py", "views.py"),
      ("C:\\app\\src\\Handler.cs", "Handler.cs"),
      ("https://cdn.example.com/static/js/app.3f9a2b7c.js", "app.<hash>.js"),
      ("https://cdn.example.com/static/js/app.3f9a2b7c.js?v=12#x", "app.<hash>.js"),
      ("/static/js/main.a1b2c3d4e5f60718.chunk.js", "main.<hash>.chunk.js"),
      ("/static/js/2.3f9a2b7c.chunk.js", "<n>.<hash>.chunk.js"),
      ("app.js:12:345", "app.js"),
      ("app.js:12", "app.js"),
      ("/assets/index-DiwrgTda.js", "index-<hash>.js"),
      ("/assets/index-B7x2kQ9a.js", "index-<hash>.js"),
      ("/assets/index-Settings.js", "index-Settings.js"),
      ("/vendor/jquery-3.6.0.min.js", "jquery-<n>.min.js"),
      ("/vendor/lodash-v4.17.21.js", "lodash-<n>.js"),
      ("base64.py", "base64.py"),
      ("facade.js", "facade.js"),
      ("", ""),
    ])
  func fileNames(path: String, expected: String) {
    #expect(FrameNormalizer().fileName(Array(path.utf8)[...]) == expected)
  }

  /// Modules keep their names; generated hashes, addresses and `$` numbers go.
  @Test(
    "modules",
    arguments: [
      ("myapp.views", "myapp.views"),
      ("com.example.Foo$$Lambda$123/0x0000000800c0b000", "com.example.Foo$$Lambda$<n>/<hash>"),
      ("com.example.Foo$1", "com.example.Foo$<n>"),
      ("app.3f9a2b7c", "app.<hash>"),
      ("http2.client", "http2.client"),
    ])
  func modules(module: String, expected: String) {
    #expect(FrameNormalizer().module(Array(module.utf8)[...]) == expected)
  }

  /// Function names keep their words; only the numbers of numbered variants are unified.
  @Test(
    "functions",
    arguments: [
      ("get_user", "get_user"),
      ("<lambda>", "<lambda>"),
      ("<module>", "<module>"),
      ("<listcomp>", "<listcomp>"),
      ("anonymous", "anonymous"),
      ("Object.<anonymous>", "Object.<anonymous>"),
      ("lambda$0", "lambda$<n>"),
      ("lambda$main$12", "lambda$main$<n>"),
      ("$anonfun$run$1", "$anonfun$run$<n>"),
      ("closure #1 in UserService.load()", "closure #<n> in UserService.load()"),
      ("implicit closure #2 in f()", "implicit closure #<n> in f()"),
      ("main.main.func1", "main.main.func<n>"),
      ("main.(*Server).Serve.func3.2", "main.(*Server).Serve.func<n>"),
      ("<Main>b__0_1", "<Main>b__<n>_<n>"),
      ("<>c__DisplayClass4_0", "<>c__DisplayClass<n>_<n>"),
      ("lambda_3", "lambda_<n>"),
      ("anonymous_12", "anonymous_<n>"),
      ("block (2 levels) in perform", "block in perform"),
      ("block in perform", "block in perform"),
      ("core::panicking::panic::h0123456789abcdef", "core::panicking::panic"),
      ("handler:12:5", "handler"),
      ("parse_v2", "parse_v2"),
      ("sha256", "sha256"),
      ("  padded  ", "padded"),
    ])
  func functions(name: String, expected: String) {
    #expect(FrameNormalizer().function(name) == expected)
  }

  /// The whole component: location, function and a short context line.
  @Test func components() {
    let normalizer = FrameNormalizer()
    let python = StackFrame(
      filename: "app/views.py", function: "get_user", module: "app.views", lineno: 12,
      contextLine: "    user = User.objects.get(id=user_id)  ")
    #expect(
      normalizer.component(of: python)
        == "frame:app.views | get_user | user = User.objects.get(id=user_id)")

    let minified = StackFrame(
      filename: "https://cdn.example.com/js/app.3f9a2b7c.js", function: "a", lineno: 1,
      contextLine: String(repeating: "x", count: 120))
    #expect(normalizer.component(of: minified) == "frame:app.<hash>.js | a")

    let justShort = StackFrame(filename: "a.js", contextLine: String(repeating: "é", count: 119))
    #expect(
      normalizer.component(of: justShort) == "frame:a.js | ? | "
        + String(repeating: "é", count: 119))

    let fromAbsPath = StackFrame(absPath: "/srv/a/lib.rb", function: "run")
    #expect(normalizer.component(of: fromAbsPath) == "frame:lib.rb | run")

    #expect(normalizer.component(of: StackFrame(lineno: 3)) == nil)
  }
}
