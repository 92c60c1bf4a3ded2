#!/usr/bin/env python3
"""Captures a Zipkin v2 JSON body from the real OpenTelemetry Zipkin JSON exporter.

Run from this folder:  python3 make_fixtures.py
Needs: pip install --break-system-packages opentelemetry-sdk opentelemetry-exporter-zipkin-json
(1.45.x was used)

It serves POST /api/v2/spans on loopback, points the exporter at it, records a server span
(attributes, an event), a client child span with an error status and a recorded exception,
and a producer span, and saves the body as otel-spans.json. expected.json records the ids.
"""

import http.server
import json
import threading

bodies = []


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        bodies.append(self.rfile.read(length))
        self.send_response(202)
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = f"http://127.0.0.1:{server.server_address[1]}/api/v2/spans"

from opentelemetry import trace  # noqa: E402
from opentelemetry.exporter.zipkin.json import ZipkinExporter  # noqa: E402
from opentelemetry.sdk.resources import Resource  # noqa: E402
from opentelemetry.sdk.trace import TracerProvider  # noqa: E402
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.trace import SpanKind, Status, StatusCode  # noqa: E402

provider = TracerProvider(resource=Resource.create({"service.name": "Orders"}))
provider.add_span_processor(SimpleSpanProcessor(ZipkinExporter(endpoint=endpoint)))
tracer = provider.get_tracer("fixtures")

with tracer.start_as_current_span("GET /orders/{id}", kind=SpanKind.SERVER) as root:
    root.set_attribute("http.method", "GET")
    root.set_attribute("http.route", "/orders/{id}")
    root.set_attribute("http.status_code", 200)
    root.add_event("cache.miss", {"key": "order:42"})
    with tracer.start_as_current_span("POST", kind=SpanKind.CLIENT) as client:
        client.set_attribute("http.method", "POST")
        client.set_attribute("peer.service", "payments")
        client.set_attribute("net.peer.name", "payments.example")
        client.set_attribute("net.peer.port", 443)
        try:
            raise RuntimeError("card declined")
        except RuntimeError as error:
            client.record_exception(error)
            client.set_status(Status(StatusCode.ERROR, "card declined"))
    with tracer.start_as_current_span("orders publish", kind=SpanKind.PRODUCER) as producer:
        producer.set_attribute("messaging.system", "kafka")

provider.shutdown()
server.shutdown()

# SimpleSpanProcessor posts one body per span; keep them all as one array, in order.
spans = [span for body in bodies for span in json.loads(body)]
with open("otel-spans.json", "w") as f:
    json.dump(spans, f, indent=1)
    f.write("\n")
expected = {
    "trace_id": format(root.get_span_context().trace_id, "032x"),
    "server_id": format(root.get_span_context().span_id, "016x"),
    "client_id": format(client.get_span_context().span_id, "016x"),
    "producer_id": format(producer.get_span_context().span_id, "016x"),
    "bodies": len(bodies),
}
with open("expected.json", "w") as f:
    json.dump(expected, f, indent=2, sort_keys=True)
    f.write("\n")
print(json.dumps(expected, indent=2))
