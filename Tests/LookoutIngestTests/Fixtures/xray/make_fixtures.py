#!/usr/bin/env python3
"""Records X-Ray datagrams from the real aws-xray-sdk (Python) into fixture files.

Run from this folder:  python3 make_fixtures.py
Needs: pip install --break-system-packages aws-xray-sdk   (2.15.0 was used)

It binds a UDP socket on loopback, points the SDK's emitter at it, records two traces and
saves every datagram received, in order, as sdk-<trace>-<n>.datagram:

  checkout: a segment with an annotation and metadata, an http subsegment (remote), an sql
            subsegment and a subsegment that raises (the exception is recorded as cause).
  batch:    a segment with 35 subsegments, so the SDK streams finished subtrees as
            standalone subsegments before the segment itself (streaming_threshold=30).

expected.json records what the script did (ids, names, parents) for the Swift tests.
"""

import json
import os
import socket

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 0))
sock.settimeout(2.0)
port = sock.getsockname()[1]
os.environ["AWS_XRAY_DAEMON_ADDRESS"] = f"127.0.0.1:{port}"

from aws_xray_sdk.core import xray_recorder  # noqa: E402

xray_recorder.configure(
    sampling=False,
    context_missing="LOG_ERROR",
    daemon_address=f"127.0.0.1:{port}",
    streaming_threshold=30,
    service="checkout",
)


def drain():
    datagrams = []
    while True:
        try:
            data, _ = sock.recvfrom(65536)
        except socket.timeout:
            return datagrams
        datagrams.append(data)
        sock.settimeout(0.3)


expected = {}

# Trace 1: checkout.
segment = xray_recorder.begin_segment("checkout")
segment.put_http_meta("method", "POST")
segment.put_http_meta("url", "http://shop.example/orders/42/checkout")
segment.put_http_meta("user_agent", "curl/8.5.0")
segment.put_http_meta("client_ip", "203.0.113.7")
xray_recorder.put_annotation("customer_tier", "gold")
xray_recorder.put_annotation("items", 3)
xray_recorder.put_metadata("cart", {"sku": ["A1", "B2"]}, "shop")

http = xray_recorder.begin_subsegment("payments.example", namespace="remote")
http.put_http_meta("method", "POST")
http.put_http_meta("url", "https://payments.example/charge")
http.put_http_meta("status", 201)
xray_recorder.end_subsegment()

sql = xray_recorder.begin_subsegment("shop@db.example", namespace="remote")
sql.set_sql(
    {
        "url": "postgresql://db.example:5432/shop",
        "database_type": "PostgreSQL",
        "database_version": "16.2",
        "driver_version": "psycopg2 2.9.9",
        "user": "app",
        "sanitized_query": "SELECT * FROM orders WHERE id = %s",
    }
)
xray_recorder.end_subsegment()

failing_id = None
try:
    with xray_recorder.in_subsegment("reserve_stock") as failing:
        failing_id = failing.id
        raise ValueError("out of stock: B2")
except ValueError:
    pass

segment.put_http_meta("status", 500)
segment.add_fault_flag()
expected["checkout"] = {
    "trace_id": segment.trace_id,
    "segment_id": segment.id,
    "http_id": http.id,
    "sql_id": sql.id,
    "failing_id": failing_id,
}
xray_recorder.end_segment()
datagrams = drain()
for index, data in enumerate(datagrams):
    with open(f"sdk-checkout-{index:02d}.datagram", "wb") as f:
        f.write(data)
expected["checkout"]["datagrams"] = len(datagrams)

# Trace 2: batch with 35 subsegments -> streaming.
segment = xray_recorder.begin_segment("batch")
children = []
for index in range(35):
    sub = xray_recorder.begin_subsegment(f"step-{index}")
    children.append(sub.id)
    xray_recorder.end_subsegment()
expected["batch"] = {"trace_id": segment.trace_id, "segment_id": segment.id, "children": children}
xray_recorder.end_segment()
datagrams = drain()
for index, data in enumerate(datagrams):
    with open(f"sdk-batch-{index:02d}.datagram", "wb") as f:
        f.write(data)
expected["batch"]["datagrams"] = len(datagrams)

with open("expected.json", "w") as f:
    json.dump(expected, f, indent=2, sort_keys=True)
    f.write("\n")
print(json.dumps(expected, indent=2))
