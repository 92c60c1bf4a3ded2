import Foundation
import Logging
import Synchronization
import Testing

@testable import LookoutServer

@Suite("StandardErrorLogHandler")
struct StandardErrorLogHandlerTests {
  @Test("lines read like StreamLogHandler's, metadata rendered at write time, level respected")
  func lines() {
    let lines = Mutex<[String]>([])
    var logger = Logger(label: "lookout") { label in
      StandardErrorLogHandler(label: label, logLevel: .info) { line in
        lines.withLock { $0.append(line) }
      }
    }
    logger[metadataKey: "request"] = "7"
    logger[metadataKey: "a"] = "1"
    logger.info("started", metadata: ["port": "7700"], source: "HummingbirdCore")
    logger.debug("not written")
    logger[metadataKey: "request"] = nil
    logger.error("plain", source: "LookoutServer")
    let written = lines.withLock { $0 }
    #expect(written.count == 2)
    let first = written.first ?? ""
    #expect(first.contains(" info lookout: a=1 port=7700 request=7 [HummingbirdCore] started\n"))
    #expect(
      first.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} "#, options: .regularExpression)
        != nil)
    #expect(written.last?.hasSuffix(" error lookout: a=1 [LookoutServer] plain\n") == true)
  }
}
