#!/usr/bin/env python3
"""Error-event load test: envelopes with one realistic ~5 KB Python event each (a chained
exception, 12 frames with context lines, 20 breadcrumbs, request, user, tags), gzip'd as
the SDK sends them, POSTed by several client threads over keep-alive connections on
loopback. Every 200 is a durable acknowledgement (the event is committed).

Usage: sentry_events.py URL KEY [--threads T] [--seconds S] [--bugs B]
"""
import argparse, gzip, http.client, json, random, threading, time, urllib.parse, uuid

p = argparse.ArgumentParser()
p.add_argument("url"); p.add_argument("key")
p.add_argument("--threads", type=int, default=8)
p.add_argument("--seconds", type=float, default=20)
p.add_argument("--bugs", type=int, default=50, help="distinct stacks the events come from")
a = p.parse_args()
u = urllib.parse.urlsplit(a.url)
rng = random.Random(7)


def frame(module, function, line):
    return {"filename": module.replace(".", "/") + ".py", "abs_path": "/srv/app/" + module.replace(".", "/") + ".py",
            "module": module, "function": function, "lineno": line, "in_app": module.startswith("app"),
            "context_line": "    result = %s(request, *args, **kwargs)" % function,
            "pre_context": ["def %s(request):" % function, "    # load the order", "    order = load(request)"],
            "post_context": ["    return result", "", ""], "vars": {"request": "<Request GET /orders/42>", "args": "()"}}


def event(bug, n):
    frames = [frame("django.core.handlers.base", "_get_response", 197), frame("django.views.generic.base", "view", 104)]
    frames += [frame("app.views.orders%d" % bug, "handler_%d" % i, 10 + i) for i in range(10)]
    return {
        "event_id": uuid.uuid4().hex, "timestamp": time.time(), "platform": "python", "level": "error",
        "environment": rng.choice(["production", "staging"]), "release": "app@2.%d.0" % (n % 3),
        "server_name": "web-%d" % (n % 4), "transaction": "/orders/{id}",
        "exception": {"values": [
            {"type": "ConnectionError", "value": "connection to db-%d refused" % (n % 5), "module": "psycopg",
             "stacktrace": {"frames": frames[:4]}, "mechanism": {"type": "chained", "handled": True}},
            {"type": "OrderLookupError%d" % bug, "value": "order %d could not be loaded for user %d" % (n, n * 7),
             "module": "app.errors", "stacktrace": {"frames": frames}, "mechanism": {"type": "django", "handled": False}}]},
        "breadcrumbs": {"values": [{"timestamp": time.time(), "category": "query", "level": "info",
                                    "message": "SELECT * FROM orders WHERE id = %d" % (n + i)} for i in range(20)]},
        "request": {"url": "https://shop.example.com/orders/%d" % n, "method": "GET",
                    "headers": {"User-Agent": "Mozilla/5.0", "Accept": "text/html"}, "query_string": "ref=mail"},
        "user": {"id": str(n % 500), "email": "user%d@example.com" % (n % 500), "ip_address": "10.0.%d.%d" % (n % 200, n % 250)},
        "tags": {"customer": "c-%d" % (n % 30), "browser": "Chrome 120"},
        "contexts": {"trace": {"trace_id": uuid.uuid4().hex, "span_id": uuid.uuid4().hex[:16]},
                     "runtime": {"name": "CPython", "version": "3.11.7"}},
        "sdk": {"name": "sentry.python", "version": "2.75.0"},
    }


templates = []
for n in range(2000):
    payload = json.dumps(event(n % a.bugs, n)).encode()
    event_id = json.loads(payload)["event_id"].encode()
    header = json.dumps({"event_id": event_id.decode(), "sent_at": "2026-11-26T00:00:00Z"}).encode()
    item = json.dumps({"type": "event", "length": len(payload)}).encode()
    templates.append((event_id, header + b"\n" + item + b"\n" + payload + b"\n"))
size = sum(len(t[1]) for t in templates) // len(templates)
print("envelope size %d bytes on average, %d templates" % (size, len(templates)))

stats = {"ok": 0, "429": 0, "other": 0}
lock = threading.Lock()
deadline = time.time() + a.seconds
auth = "Sentry sentry_key=%s, sentry_version=7, sentry_client=loadgen/1.0" % a.key


def worker(k):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    i = k
    while time.time() < deadline:
        event_id, template = templates[i % len(templates)]
        i += a.threads
        # A fresh event id each time, so no event is skipped as a resend; gzip as the SDK does.
        body = gzip.compress(template.replace(event_id, uuid.uuid4().hex.encode()), 1)
        conn.request("POST", "/api/1/envelope/", body, {"X-Sentry-Auth": auth, "Content-Encoding": "gzip",
                                                       "Content-Type": "application/x-sentry-envelope"})
        r = conn.getresponse(); r.read()
        with lock:
            if r.status == 200: stats["ok"] += 1
            elif r.status == 429: stats["429"] += 1
            else: stats["other"] += 1


start = time.time()
threads = [threading.Thread(target=worker, args=(k,)) for k in range(a.threads)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.time() - start
print("%d events acknowledged in %.1f s: %.0f events/s (%d answered 429, %d other)"
      % (stats["ok"], elapsed, stats["ok"] / elapsed, stats["429"], stats["other"]))
