import Foundation
import LookoutAnalysis
import Testing

@Suite("LogPatternMiner")
struct LogPatternMinerTests {
  /// The template a single line gets, i.e. what masking and tokenisation make of it.
  static func template(_ line: String) -> String? {
    var miner = LogPatternMiner()
    miner.add(line)
    return miner.patterns.first?.template
  }

  @Test(
    "masking",
    arguments: [
      ("Received block from 10.250.19.102:50010", "Received block from <*>:<*>"),
      ("retry 3 of 5", "retry <*> of <*>"),
      ("block blk_-1608999687919862906 done", "block <*> done"),
      ("session 0x14ed93111f20027 closed", "session <*> closed"),
      ("mask ffffffff set", "mask <*> set"),
      ("deadline not hit", "deadline not hit"),
      ("trace 3b241101-e2bb-4255-8caf-4136c566a962 kept", "trace <*> kept"),
      ("took 35 ms", "took <*>"),
      ("stored 12.5 KB in memory", "stored <*> in memory"),
      ("seen at Sun Jul 10 03:55:15 2005", "seen at <*>:<*>:<*>"),
      ("ask 10.250.14.224:50010 to delete blk_1 blk_2 blk_3", "ask <*>:<*> to delete <*>"),
      ("worker w42 started", "worker <*> started"),
      ("v1.2.3 released", "<*> released"),
    ])
  func masking(line: String, expected: String) {
    #expect(Self.template(line) == expected)
  }

  @Test("key=value, colons and brackets keep their key and lose their value")
  func tokenisation() {
    #expect(Self.template("acquire lock=233570404, flags=0x1") == "acquire lock=<*>, flags=<*>")
    #expect(Self.template("onExtend:1514038530000 14 0 4") == "onExtend:<*>")
    #expect(
      Self.template("Received disconnect from 1.2.3.4: 11: Bye")
        == "Received disconnect from <*>: <*>: Bye")
    #expect(
      Self.template("Surface(name=PopupWindow:9b04807) gone")
        == "Surface(name=PopupWindow:<*>) gone")
    #expect(Self.template("  leading and  double  spaces ") == "  leading and  double  spaces ")
    #expect(Self.template("") == "")
  }

  @Test("a position with enough values becomes a variable; two values stay two patterns")
  func generalisation() {
    var miner = LogPatternMiner()
    for user in ["admin", "oracle", "test", "support", "guest"] {
      miner.add("Invalid user \(user) from 10.0.0.\(user.count)")
    }
    miner.add("cupsd startup succeeded")
    miner.add("cupsd shutdown succeeded")
    miner.add("cupsd startup succeeded")
    let templates = Dictionary(uniqueKeysWithValues: miner.patterns.map { ($0.template, $0.count) })
    #expect(templates["Invalid user <*> from <*>"] == 5)
    #expect(templates["cupsd startup succeeded"] == 2)
    #expect(templates["cupsd shutdown succeeded"] == 1)
    #expect(miner.patternCount == 3)
  }

  @Test("a word where numbers were seen is a variable at once")
  func maskedAndWord() {
    var miner = LogPatternMiner()
    let first = miner.add("reverse mapping for 10-1-2-3.example.net [10.1.2.3] failed")
    let second = miner.add("reverse mapping for ns.example.com [10.9.8.7] failed")
    #expect(miner.currentID(of: first) == miner.currentID(of: second))
    #expect(miner.patterns.first?.template == "reverse mapping for <*> [<*>] failed")
  }

  @Test("empty and filled brackets are one pattern")
  func emptyBrackets() {
    var miner = LogPatternMiner()
    miner.add("connection from 10.0.0.1 () at 12:00")
    for host in ["alpha.example.org", "beta.example.org", "gamma.example.org"] {
      miner.add("connection from 10.0.0.2 (\(host)) at 12:01")
    }
    #expect(miner.patternCount == 1)
    #expect(miner.patterns.first?.template == "connection from <*> (<*>) at <*>:<*>")
  }

  @Test("ids stay valid when patterns merge; the oldest id survives with the summed count")
  func stableIDs() {
    var miner = LogPatternMiner()
    let ids = ["alice", "bob", "carol", "dave"].map { miner.add("session opened for user \($0)") }
    #expect(Set(ids.prefix(3)).count == 3)  // three values: still three patterns
    #expect(ids.map { miner.currentID(of: $0) } == Array(repeating: ids[0], count: 4))
    #expect(miner.pattern(id: ids[1])?.id == ids[0])
    #expect(miner.pattern(id: ids[1])?.count == 4)
    #expect(miner.patterns.map(\.id) == [ids[0]])
    #expect(miner.patterns.first?.template == "session opened for user <*>")
    #expect(miner.patterns.first?.sample == "session opened for user alice")
    #expect(miner.add("session opened for user erin") == ids[0])
    #expect(miner.add("session opened for user bob") == ids[0])
    #expect(miner.pattern(id: 999) == nil)
  }

  @Test("match finds the pattern without learning")
  func match() {
    var miner = LogPatternMiner()
    let id = miner.add("Accepted password for root from 1.2.3.4 port 22 ssh2")
    #expect(miner.match("Accepted password for root from 5.6.7.8 port 2222 ssh2") == id)
    #expect(miner.match("Connection closed by 1.2.3.4") == nil)
    #expect(miner.lineCount == 1)
    #expect(miner.patterns.first?.count == 1)
  }

  @Test("patterns come most frequent first and keep their first line as sample")
  func ordering() {
    var miner = LogPatternMiner()
    miner.add("disk full on /dev/sda1")
    for index in 0..<3 { miner.add("GET /index.html 200 \(index)ms") }
    let patterns = miner.patterns
    #expect(patterns.map(\.count) == [3, 1])
    #expect(patterns.first?.sample == "GET /index.html 200 0ms")
    #expect(miner.lineCount == 4)
  }

  @Test(
    "severity label",
    arguments: [
      ("2024-06-05 12:00:01 ERROR disk full", "ERROR"),
      ("[error] client denied", "ERROR"),
      ("level=warning msg=slow", "WARN"),
      ("Jun 14 INFO started", "INFO"),
      ("notice: workerEnv.init() ok", "INFO"),
      ("DEBUG cache miss", "DEBUG"),
      ("FATAL out of memory", "ERROR"),
      ("errors=0 ErrorCode=none", "UNKNOWN"),
      ("plain message", "UNKNOWN"),
    ])
  func severity(line: String, expected: String) {
    #expect(PatternSeverity.label(of: line) == expected)
    var miner = LogPatternMiner()
    miner.add(line)
    #expect(miner.patterns.first?.severityLabel == expected)
  }

  @Test("the pattern cap sends further new lines to one overflow pattern")
  func patternCap() {
    var miner = LogPatternMiner(configuration: LogPatternConfiguration(maxPatterns: 2))
    let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    let ids = words.map { miner.add("\($0) happened") }
    #expect(Set(ids).count == 3)
    #expect(miner.patternCount == 3)
    let overflow = miner.patterns.first { $0.template == "<*>" }
    #expect(overflow?.count == 4)
    #expect(overflow?.sample == "charlie happened")
  }

  @Test("a full leaf makes new lines join its most similar group")
  func leafCap() {
    let configuration = LogPatternConfiguration(maxChildrenPerLength: 1, maxGroupsPerLeaf: 1)
    var miner = LogPatternMiner(configuration: configuration)
    miner.add("alpha bravo charlie delta")
    miner.add("echo foxtrot golf hotel")
    miner.add("india juliet kilo lima")
    // Only `alpha` got a first-token child; the others share the wildcard leaf, whose one
    // group takes them all in spite of the threshold. Their patterns stay apart: no position
    // has four values among lines equal elsewhere.
    #expect(miner.patternCount == 3)
    for word in ["sierra", "tango"] { miner.add("\(word) oscar papa quebec") }
    #expect(miner.patternCount == 5)
    #expect(miner.patterns.contains { $0.template == "tango oscar papa quebec" })
  }

  @Test("clearing the full sequence cache keeps the answers")
  func cacheCap() {
    var small = LogPatternMiner(configuration: LogPatternConfiguration(maxCachedSequences: 2))
    var large = LogPatternMiner()
    let lines = (0..<200).map { "job \(["build", "test", "deploy"][$0 % 3]) step \($0 % 7) ok" }
    for line in lines { #expect(small.add(line) == large.add(line)) }
    #expect(small.patterns == large.patterns)
  }

  @Test("long and odd input does not crash")
  func oddInput() {
    var miner = LogPatternMiner(configuration: LogPatternConfiguration(maxLineBytes: 64))
    miner.add(String(repeating: "word ", count: 10_000))
    miner.add("héllo wörld \u{0} \u{7f} ✓ =:,;()[]{}\"|")
    miner.add("==::,,")
    #expect(miner.patternCount == 3)
    #expect(miner.patterns.allSatisfy { $0.template.utf8.count <= 200 })
    #expect(miner.patterns.allSatisfy { $0.sample.utf8.count <= 64 })
    // A cut inside a character backs off to the character before it.
    var cut = LogPatternMiner(configuration: LogPatternConfiguration(maxLineBytes: 64))
    cut.add(String(repeating: "a", count: 63) + "é and more")
    #expect(cut.patterns.first?.sample == String(repeating: "a", count: 63))
  }

  @Test("past the evidence budget the evidence is forgotten, not the patterns")
  func evidenceCap() {
    let lines = ["one", "two", "six"].flatMap { round in
      ["ann", "ben", "cid", "dan", "eve", "fay"].map {
        "session opened for user \($0) round \(round)"
      }
    }
    var tiny = LogPatternMiner(configuration: LogPatternConfiguration(maxEvidenceEntries: 16))
    var normal = LogPatternMiner()
    let ids = lines.map { tiny.add($0) }
    for line in lines { normal.add(line) }
    // A line of 7 tokens adds 6 or 7 entries, so 16 are passed every third new line and no
    // position ever shows 4 values: nothing merges. With the default budget the names do.
    #expect(tiny.patternCount == 18)
    #expect(tiny.patterns.allSatisfy { !$0.template.contains("<*>") })
    #expect(ids.allSatisfy { tiny.pattern(id: $0)?.count == 1 })
    #expect(normal.patterns.contains { $0.template == "session opened for user <*> round one" })
  }

}
