#!/usr/bin/env python3
"""Real sentry-sdk (PyPI) against a running Lookout: raises real exceptions and sends
messages, then checks through the JSON API how Lookout grouped them, and counts the
webhook notifications a loopback HTTP server receives.

Usage: sentry_scenarios.py BASE_URL INGEST_KEY API_TOKEN WEBHOOK_PORT
Prints one line per check and 'N passed, M failed'; exits 1 when a check fails.
Run by SentrySDKTests.swift (LookoutServerTests) against a live test server.
"""
import http.server, json, sys, threading, time, urllib.parse, urllib.request

import sentry_sdk

base, key, token, hook_port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
host = urllib.parse.urlsplit(base).netloc
dsn = "http://%s@%s/1" % (key, host)
passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (": " + str(detail) if detail else ""))


# The webhook receiver: a real HTTP server on loopback.
hooks, hooks_lock = [], threading.Lock()


class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with hooks_lock:
            hooks.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


receiver = http.server.ThreadingHTTPServer(("127.0.0.1", hook_port), Hook)
threading.Thread(target=receiver.serve_forever, daemon=True).start()


def api(path, body=None):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def init(environment, compression, release="app@1.0.0"):
    sentry_sdk.init(dsn=dsn, environment=environment, release=release, max_breadcrumbs=20,
                    traces_sample_rate=1.0, _experiments={"transport_compression_algo": compression})


def flush():
    sentry_sdk.flush(timeout=60)


# The application code whose bugs are reported: two different bugs, and one that
# depends on input only through its message.
def parse_quantity(text):
    return int(text)


def load_user(users, user_id):
    return users[user_id]


def charge(order_id):
    raise RuntimeError("payment %d declined by gateway for order %s" % (order_id, "ord-%05d" % order_id))


def capture(function, *args):
    try:
        function(*args)
    except Exception:
        sentry_sdk.capture_exception()


def issues(query="", status="all", env=None):
    params = {"status": status, "limit": "200"}
    if query:
        params["query"] = query
    if env:
        params["env"] = env
    return api("/api/v1/issues?" + urllib.parse.urlencode(params))["issues"]


def wait_for(condition, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


# 1. Distinct bugs from production (br bodies, the default with the brotli module).
init("production", "br")
for text in ["abc", "12x", "seven"]:
    capture(parse_quantity, text)
for user_id in [101, 202]:
    capture(load_user, {}, user_id)
for order_id in [1, 42, 31337]:
    capture(charge, order_id)
sentry_sdk.set_user({"id": "u-1", "email": "one@example.com"})
sentry_sdk.capture_message("Cache for tenant 17 rebuilt in 35ms")
sentry_sdk.set_user({"id": "u-2"})
sentry_sdk.capture_message("Cache for tenant 9 rebuilt in 412ms")
sentry_sdk.capture_message("Nightly export finished")
with sentry_sdk.start_transaction(op="http.server", name="GET /orders"):
    with sentry_sdk.start_span(op="db", description="SELECT * FROM orders"):
        time.sleep(0.01)
flush()

# 2. The same bug from the dev environment, gzip bodies.
init("dev", "gzip")
capture(parse_quantity, "dev-value")
flush()

wait_for(lambda: len(issues()) >= 5)
all_issues = issues()
by_title = {i["title"]: i for i in all_issues}
value_errors = [i for i in all_issues if i["title"].startswith("ValueError")]
key_errors = [i for i in all_issues if i["title"].startswith("KeyError")]
runtime_errors = [i for i in all_issues if i["title"].startswith("RuntimeError")]
cache = [i for i in all_issues if i["title"].startswith("Cache for tenant")]
export = [i for i in all_issues if i["title"] == "Nightly export finished"]
check("one issue per distinct bug", len(value_errors) == 1 and len(key_errors) == 1, [i["title"] for i in all_issues])
check("the same bug from two environments is one issue listing both",
      len(value_errors) == 1 and value_errors[0]["environments"] == ["dev", "production"]
      and value_errors[0]["count"] == 4, value_errors)
check("messages that differ only in ids are one issue", len(runtime_errors) == 1 and runtime_errors[0]["count"] == 3,
      [i["title"] for i in runtime_errors])
check("capture_message events grouped by message shape",
      len(cache) == 1 and cache[0]["count"] == 2 and len(export) == 1, [i["title"] for i in all_issues])
check("users affected are counted per issue", len(cache) == 1 and cache[0]["users"] == 2, cache)
check("exactly five issues", len(all_issues) == 5, [i["title"] for i in all_issues])
check("the culprit names the function", value_errors and "parse_quantity" in value_errors[0]["culprit"], value_errors)
check("environment filter", [i["id"] for i in issues(env="dev")] == [value_errors[0]["id"]] if value_errors else False)

events = api("/api/v1/issues/%d/events" % value_errors[0]["id"])["events"] if value_errors else []
frames = events[0]["payload"]["exception"]["values"][-1]["stacktrace"]["frames"] if events else []
check("events are stored whole, with their stack trace and context lines",
      len(events) == 4 and any(f.get("function") == "parse_quantity" and f.get("context_line") for f in frames),
      len(events))
check("events carry the release and the trace id", events and events[0]["release"] == "app@1.0.0")

wait_for(lambda: len(hooks) >= 5)
new_hooks = [h for h in hooks if h["event"] == "issue.new"]
check("one webhook per new issue", sorted(h["issue"]["id"] for h in new_hooks) == sorted(i["id"] for i in all_issues),
      [h["issue"]["title"] for h in new_hooks])

# 3. Resolve the KeyError issue; the bug comes back in a new release: a regression.
target = key_errors[0]["id"] if key_errors else 0
resolved = api("/api/v1/issues/%d" % target, {"status": "resolved"})
check("resolving an issue through the API", resolved["status"] == "resolved", resolved)
init("production", "gzip", release="app@1.1.0")
capture(load_user, {}, 303)
flush()
wait_for(lambda: any(h["event"] == "issue.regressed" for h in hooks))
after = [i for i in issues() if i["id"] == target]
check("a resolved issue regresses on a new event",
      after and after[0]["status"] == "unresolved" and after[0]["substatus"] == "regressed", after)
time.sleep(1)
regressions = [h for h in hooks if h["event"] == "issue.regressed"]
check("exactly one webhook for the regression", len(regressions) == 1 and regressions[0]["issue"]["id"] == target,
      regressions)
check("no further new-issue webhooks", len([h for h in hooks if h["event"] == "issue.new"]) == len(all_issues))

receiver.shutdown()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
