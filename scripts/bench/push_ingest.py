#!/usr/bin/env python3
"""Push-ingest load test: gzip bodies of generated nginx lines POSTed to a running Lookout
by several client threads over keep-alive connections on loopback. Every answer is a
durable acknowledgement (rows committed), so accepted lines/s is the durable ingest rate.

Usage: push_ingest.py URL INGEST_KEY LOG_FILE [--lines-per-body N] [--threads T] [--seconds S]
"""
import argparse, gzip, http.client, threading, time, urllib.parse

p = argparse.ArgumentParser()
p.add_argument("url"); p.add_argument("key"); p.add_argument("log")
p.add_argument("--lines-per-body", type=int, default=20000)
p.add_argument("--threads", type=int, default=4)
p.add_argument("--seconds", type=float, default=20)
a = p.parse_args()

lines = open(a.log, "rb").read().splitlines()
bodies = []
for i in range(0, len(lines), a.lines_per_body):
    chunk = lines[i:i + a.lines_per_body]
    bodies.append((len(chunk), gzip.compress(b"\n".join(chunk) + b"\n", 1)))
u = urllib.parse.urlsplit(a.url)
stats = {"lines": 0, "bodies": 0, "429": 0, "other": 0}
lock = threading.Lock()
deadline = time.time() + a.seconds

def worker(n):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    i = n
    while time.time() < deadline:
        count, body = bodies[i % len(bodies)]; i += a.threads
        conn.request("POST", "/api/ingest/nginx?format=timed", body,
                     {"Authorization": "Bearer " + a.key, "Content-Encoding": "gzip"})
        r = conn.getresponse(); r.read()
        with lock:
            if r.status == 200: stats["lines"] += count; stats["bodies"] += 1
            elif r.status == 429: stats["429"] += 1; time.sleep(0.05)
            else: stats["other"] += 1

start = time.time()
threads = [threading.Thread(target=worker, args=(n,)) for n in range(a.threads)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.time() - start
print(f"{stats['lines']} lines acknowledged in {elapsed:.1f} s: {stats['lines']/elapsed:,.0f} lines/s "
      f"({stats['bodies']} bodies, {stats['429']} answered 429, {stats['other']} other)")
