/// The login form. The full UI shell (issue 3) replaces this plain page.
enum LoginPage {
  static func render(next: String, failed: Bool) -> String {
    """
    <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lookout: log in</title>
    <meta name="viewport" content="width=device-width, initial-scale=1"></head>
    <body><main><h1>Lookout</h1>
    \(failed ? "<p role=\"alert\">Wrong username or password.</p>" : "")
    <form method="post" action="/login">
    <input type="hidden" name="next" value="\(HTMLEscaping.escape(next))">
    <label>Username <input name="username" autocomplete="username" required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Log in</button></form></main></body></html>
    """
  }
}

/// Escapes text for HTML element content and attribute values.
enum HTMLEscaping {
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text.unicodeScalars {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }
}
