#!/usr/bin/env python3
"""Envelopes for the error-event load test: each holds one realistic ~5 KB Python event
(a chained exception, 8 frames with context lines and variables, 8 breadcrumbs, request, user, tags,
contexts) from one of B distinct bugs. Writes them, one per line as JSON strings, for
sentry_events.lua (wrk), which gives every request a fresh event id.

Usage: sentry_events.py OUT_FILE [--bugs B] [--count N]
"""
import argparse, json, random, time, uuid

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--bugs", type=int, default=50, help="distinct stacks the events come from")
p.add_argument("--count", type=int, default=500)
a = p.parse_args()
rng = random.Random(7)


def frame(module, function, line):
    return {"filename": module.replace(".", "/") + ".py", "abs_path": "/srv/app/" + module.replace(".", "/") + ".py",
            "module": module, "function": function, "lineno": line, "in_app": module.startswith("app"),
            "context_line": "    result = %s(request, *args, **kwargs)" % function,
            "pre_context": ["def %s(request):" % function, "    # load the order", "    order = load(request)"],
            "post_context": ["    return result", "", ""], "vars": {"request": "<Request GET /orders/42>", "args": "()"}}


def event(bug, n):
    frames = [frame("django.core.handlers.base", "_get_response", 197), frame("django.views.generic.base", "view", 104)]
    frames += [frame("app.views.orders%d" % bug, "handler_%d" % i, 10 + i) for i in range(4)]
    return {
        "event_id": uuid.uuid4().hex, "timestamp": time.time(), "platform": "python", "level": "error",
        "environment": rng.choice(["production", "staging"]), "release": "app@2.%d.0" % (n % 3),
        "server_name": "web-%d" % (n % 4), "transaction": "/orders/{id}",
        "exception": {"values": [
            {"type": "ConnectionError", "value": "connection to db-%d refused" % (n % 5), "module": "psycopg",
             "stacktrace": {"frames": frames[:2]}, "mechanism": {"type": "chained", "handled": True}},
            {"type": "OrderLookupError%d" % bug, "value": "order %d could not be loaded for user %d" % (n, n * 7),
             "module": "app.errors", "stacktrace": {"frames": frames}, "mechanism": {"type": "django", "handled": False}}]},
        "breadcrumbs": {"values": [{"timestamp": time.time(), "category": "query", "level": "info",
                                    "message": "SELECT * FROM orders WHERE id = %d" % (n + i)} for i in range(8)]},
        "request": {"url": "https://shop.example.com/orders/%d" % n, "method": "GET",
                    "headers": {"User-Agent": "Mozilla/5.0", "Accept": "text/html"}, "query_string": "ref=mail"},
        "user": {"id": str(n % 500), "email": "user%d@example.com" % (n % 500), "ip_address": "10.0.%d.%d" % (n % 200, n % 250)},
        "tags": {"customer": "c-%d" % (n % 30), "browser": "Chrome 120"},
        "contexts": {"trace": {"trace_id": uuid.uuid4().hex, "span_id": uuid.uuid4().hex[:16]},
                     "runtime": {"name": "CPython", "version": "3.11.7"}},
        "sdk": {"name": "sentry.python", "version": "2.75.0"},
    }


placeholder = "0" * 32
with open(a.out, "w") as out:
    sizes = []
    for n in range(a.count):
        document = event(n % a.bugs, n)
        document["event_id"] = placeholder
        payload = json.dumps(document, separators=(",", ":")).encode()
        header = json.dumps({"event_id": placeholder, "sent_at": "2026-11-26T00:00:00Z"}).encode()
        item = json.dumps({"type": "event", "length": len(payload)}).encode()
        sizes.append(len(payload))
        out.write(json.dumps((header + b"\n" + item + b"\n" + payload + b"\n").decode()) + "\n")
print("%d envelopes, events of %d bytes on average, in %s" % (a.count, sum(sizes) // len(sizes), a.out))
