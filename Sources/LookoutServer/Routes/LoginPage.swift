import LookoutWeb

/// The login form, the one page without the header (it needs no template: one form).
enum LoginPage {
  static func render(next: String, failed: Bool) -> String {
    """
    <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lookout: log in</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="stylesheet" href="/static/lookout.css"></head>
    <body><main class="login panel"><h1>Lookout</h1>
    \(failed ? "<p role=\"alert\" class=\"bad\">Wrong username or password.</p>" : "")
    <form method="post" action="/login" class="login-form">
    <input type="hidden" name="next" value="\(HumanFormat.escapeHTML(next))">
    <label>Username <input name="username" autocomplete="username" required autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Log in</button></form></main></body></html>
    """
  }
}
