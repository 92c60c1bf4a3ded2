"""Captures real OTLP/HTTP trace exports from the OpenTelemetry Python SDK.

Creates one small known trace (a server span with a client child, attributes of every
type the SDK allows, an event, a recorded exception, a link, error status) and exports it
with both HTTP exporters to a local http.server that saves the bodies:

  traces.binpb    what opentelemetry-exporter-otlp-proto-http sends (application/x-protobuf)
  traces.json     what opentelemetry-exporter-otlp-json-http sends (application/json)
  expected.json   the spans as the SDK holds them, in Lookout's SpanRecord form

Run from anywhere (pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http
opentelemetry-exporter-otlp-json-http; see README.md for the versions used):

  python3 Tests/LookoutIngestTests/Fixtures/otlp/make_fixtures.py
"""

import json
import math
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from opentelemetry.exporter.otlp.json.http.trace_exporter import (
    OTLPSpanExporter as JSONSpanExporter,
)
from opentelemetry.exporter.otlp.proto.http.trace_exporter import (
    OTLPSpanExporter as ProtoSpanExporter,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.id_generator import IdGenerator
from opentelemetry.trace import Link, SpanContext, SpanKind, Status, StatusCode, TraceFlags

HERE = os.path.dirname(os.path.abspath(__file__))
BASE_NS = 1_717_545_600_123_456_789  # 2024-06-05T00:00:00.123456789Z


class FixedIds(IdGenerator):
    """Known ids, so the fixtures can be checked by eye."""

    def __init__(self):
        self.span_ids = iter([0x00F067AA0BA902B7, 0x53995C3F42CD8AD8])

    def generate_trace_id(self):
        return 0x4BF92F3577B34DA6A3CE929D0E0E4736

    def generate_span_id(self):
        return next(self.span_ids)


class Capture(BaseHTTPRequestHandler):
    """Saves each POST body under the name its path asks for."""

    bodies = {}

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Capture.bodies[self.path] = (self.headers["Content-Type"], body)
        answer = b"{}" if self.path.startswith("/json") else b""
        self.send_response(200)
        self.send_header("Content-Type", self.headers["Content-Type"])
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def make_spans():
    memory = InMemorySpanExporter()
    resource = Resource.create(
        {
            "service.name": "checkout",
            "deployment.environment": "staging",
            "host.name": "web-1",
            "telemetry.sdk.version": "fixed",  # not the installed version: stable fixtures
        }
    )
    provider = TracerProvider(resource=resource, id_generator=FixedIds())
    provider.add_span_processor(SimpleSpanProcessor(memory))
    tracer = provider.get_tracer("lookout.fixtures", "1.2.3")
    linked = SpanContext(
        trace_id=0x0AF7651916CD43DD8448EB211C80319C,
        span_id=0xB7AD6B7169203331,
        is_remote=True,
        trace_flags=TraceFlags(1),
    )
    with tracer.start_as_current_span(
        "GET /cart/{id}",
        kind=SpanKind.SERVER,
        start_time=BASE_NS,
        end_on_exit=False,
        links=[Link(linked, {"link.reason": "retry of", "attempt": 2})],
        attributes={
            "http.request.method": "GET",
            "http.route": "/cart/{id}",
            "http.response.status_code": 500,
            "sampled": True,
            "ratio": 0.25,
            "big": -9_007_199_254_740_993,
            "tags": ["a", "b\"q"],
            "flags": [True, False],
            "sizes": [1, 2, 3],
            "weights": [0.5, 1e-7],
            "unicode": "café ☕",
        },
    ) as server:
        server.add_event("cache miss", {"cache.key": "cart:42", "hits": 0}, timestamp=BASE_NS + 1_000_000)
        with tracer.start_as_current_span(
            "SELECT carts", kind=SpanKind.CLIENT, start_time=BASE_NS + 2_000_500, end_on_exit=False
        ) as child:
            child.set_attribute("db.system", "mysql")
            child.set_attribute("db.statement", "SELECT * FROM carts WHERE id = ?")
            child.end(end_time=BASE_NS + 9_999_999)
        try:
            raise ValueError("cart 42 not found")
        except ValueError as error:
            server.record_exception(error, timestamp=BASE_NS + 10_000_000)
        server.set_status(Status(StatusCode.ERROR, "cart lookup failed"))
        server.end(end_time=BASE_NS + 12_345_678)
    return memory.get_finished_spans()


def text(value):
    """An attribute value in SpanRecord's string form (see OTLPAttributeText.swift)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, str):
        return value
    return "[" + ",".join(json_text(item) for item in value) + "]"


def json_text(value):
    if isinstance(value, (bool, int)):
        return text(value)
    if isinstance(value, float):
        return number(value) if math.isfinite(value) else json.dumps(number(value))
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def number(value):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) <= 2**53:
        return str(int(value))
    return repr(value).replace("e-0", "e-").replace("e+0", "e+")


def attributes(pairs):
    return {key: text(value) for key, value in pairs.items()}


def expected(span):
    resource = dict(span.resource.attributes)
    record = {
        "traceID": format(span.context.trace_id, "032x"),
        "spanID": format(span.context.span_id, "016x"),
        "parentSpanID": format(span.parent.span_id, "016x") if span.parent else "",
        "service": resource.pop("service.name"),
        "environment": resource.pop("deployment.environment"),
        "name": span.name,
        "kind": {0: "internal", 1: "server", 2: "client", 3: "producer", 4: "consumer"}[
            span.kind.value
        ],
        "start": span.start_time // 1000,
        "duration": span.end_time // 1000 - span.start_time // 1000,
        "status": {0: "unset", 1: "ok", 2: "error"}[span.status.status_code.value],
        "statusMessage": span.status.description or "",
        "events": [
            {"time": e.timestamp // 1000, "name": e.name, "attributes": attributes(e.attributes)}
            for e in span.events
        ],
        "links": [
            {
                "traceID": format(link.context.trace_id, "032x"),
                "spanID": format(link.context.span_id, "016x"),
                "attributes": attributes(link.attributes),
            }
            for link in span.links
        ],
    }
    merged = {"resource." + key: text(value) for key, value in resource.items()}
    merged["otel.scope.name"] = span.instrumentation_scope.name
    merged["otel.scope.version"] = span.instrumentation_scope.version
    merged.update(attributes(span.attributes))
    record["attributes"] = merged
    return record


def main():
    spans = make_spans()
    server = HTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    assert ProtoSpanExporter(endpoint=f"http://127.0.0.1:{port}/proto/v1/traces").export(spans).name == "SUCCESS"
    assert JSONSpanExporter(endpoint=f"http://127.0.0.1:{port}/json/v1/traces").export(spans).name == "SUCCESS"
    server.shutdown()
    for path, name in [("/proto/v1/traces", "traces.binpb"), ("/json/v1/traces", "traces.json")]:
        content_type, body = Capture.bodies[path]
        print(f"{name}: {len(body)} bytes, {content_type}")
        with open(os.path.join(HERE, name), "wb") as file:
            file.write(body)
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as file:
        json.dump([expected(span) for span in spans], file, ensure_ascii=False, indent=2)
        file.write("\n")


if __name__ == "__main__":
    main()
