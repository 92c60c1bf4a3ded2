import LookoutIngest
import Testing

@Suite("Preset names")
struct NginxPresetNameTests {
  @Test("names find their preset in any case; other text is no preset")
  func names() {
    #expect(NginxLogFormat.preset(named: "combined") == .combined)
    #expect(NginxLogFormat.preset(named: "Timed") == .timed)
    #expect(NginxLogFormat.preset(named: "JSON") == .json)
    #expect(NginxLogFormat.preset(named: "$remote_addr") == nil)
  }
}
