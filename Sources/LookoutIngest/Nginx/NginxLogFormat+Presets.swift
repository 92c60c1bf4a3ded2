extension NginxLogFormat {
  /// nginx's predefined `combined` format, which logs no timing.
  ///
  /// `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
  /// "$http_referer" "$http_user_agent"`
  public static let combined = try! NginxLogFormat(
    #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "#
      + #""$http_referer" "$http_user_agent""#)

  /// `combined` followed by ` $request_time $upstream_response_time`, the format most teams
  /// add for latency.
  public static let timed = try! NginxLogFormat(
    #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "#
      + #""$http_referer" "$http_user_agent" $request_time $upstream_response_time"#)

  /// JSON lines written with `escape=json`, one object per line.
  ///
  /// The format text names each variable by its own name; decoding resolves any key through
  /// the alias table of ``NginxLineDecoder`` (`remoteAddr`, `user_agent`, `duration`, ...), so
  /// JSON logs with other key names decode with this preset too.
  public static let json = try! NginxLogFormat(
    #"escape=json '{"time_iso8601":"$time_iso8601","remote_addr":"$remote_addr","#
      + #""remote_user":"$remote_user","request":"$request","status":"$status","#
      + #""body_bytes_sent":"$body_bytes_sent","request_time":"$request_time","#
      + #""upstream_response_time":"$upstream_response_time","http_referer":"$http_referer","#
      + #""http_user_agent":"$http_user_agent","host":"$host"}'"#)

  /// The preset called `name` (`combined`, `timed`, `json`, any case), or nil.
  public static func preset(named name: String) -> NginxLogFormat? {
    switch name.lowercased() {
    case "combined": .combined
    case "timed": .timed
    case "json": .json
    default: nil
    }
  }
}
