#!/usr/bin/env python3
"""Writes OTLP/HTTP protobuf export bodies for the span ingest benchmark (docs/benchmarks.md).

Each body is what the Python SDK's BatchSpanProcessor sends at most at once: 512 spans of
one service, in traces of 8 spans (a server span, internal work, two DB calls, an HTTP
call), 10 attributes per span, 8 resource attributes. Built with the OpenTelemetry proto
package from PyPI (opentelemetry-proto), the same classes the real exporter uses.

    python3 scripts/bench/otlp_bodies.py bench-data/otlp 200
"""
import os
import random
import sys
import time

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status


def kv(key, value):
    if isinstance(value, bool):
        return KeyValue(key=key, value=AnyValue(bool_value=value))
    if isinstance(value, int):
        return KeyValue(key=key, value=AnyValue(int_value=value))
    if isinstance(value, float):
        return KeyValue(key=key, value=AnyValue(double_value=value))
    return KeyValue(key=key, value=AnyValue(string_value=value))


def body(rng, services, now_ns):
    request = ExportTraceServiceRequest()
    service = rng.choice(services)
    resource_spans = request.resource_spans.add()
    resource_spans.resource.attributes.extend([
        kv("service.name", service), kv("deployment.environment", "production"),
        kv("service.version", "1.4.2"), kv("host.name", f"ip-10-0-{rng.randint(0, 9)}-{rng.randint(1, 254)}"),
        kv("telemetry.sdk.language", "python"), kv("telemetry.sdk.name", "opentelemetry"),
        kv("telemetry.sdk.version", "1.45.2"), kv("process.pid", rng.randint(100, 60000)),
    ])
    scope = resource_spans.scope_spans.add()
    scope.scope.name = "opentelemetry.instrumentation.flask"
    for _ in range(512 // 8):
        trace_id = rng.randbytes(16)
        start = now_ns - rng.randint(0, 60_000_000_000)
        root_id = rng.randbytes(8)
        route = rng.choice(["/orders/{id}", "/orders", "/users/{id}", "/reports/{date}"])
        shapes = [
            (root_id, b"", f"GET {route}", Span.SPAN_KIND_SERVER, 0, 40_000_000),
            (rng.randbytes(8), root_id, "load order", Span.SPAN_KIND_INTERNAL, 1_000_000, 30_000_000),
            (rng.randbytes(8), root_id, "SELECT shop.orders", Span.SPAN_KIND_CLIENT, 2_000_000, 5_000_000),
            (rng.randbytes(8), root_id, "SELECT shop.items", Span.SPAN_KIND_CLIENT, 8_000_000, 6_000_000),
            (rng.randbytes(8), root_id, "GET", Span.SPAN_KIND_CLIENT, 15_000_000, 12_000_000),
            (rng.randbytes(8), root_id, "render", Span.SPAN_KIND_INTERNAL, 28_000_000, 4_000_000),
            (rng.randbytes(8), root_id, "redis GET", Span.SPAN_KIND_CLIENT, 1_500_000, 300_000),
            (rng.randbytes(8), root_id, "serialize", Span.SPAN_KIND_INTERNAL, 33_000_000, 2_000_000),
        ]
        for span_id, parent, name, kind, offset, duration in shapes:
            span = scope.spans.add()
            span.trace_id = trace_id
            span.span_id = span_id
            span.parent_span_id = parent
            span.name = name
            span.kind = kind
            span.start_time_unix_nano = start + offset
            span.end_time_unix_nano = start + offset + int(duration * rng.uniform(0.5, 1.5))
            span.attributes.extend([
                kv("http.request.method", "GET"), kv("http.route", route),
                kv("http.response.status_code", 200), kv("url.scheme", "https"),
                kv("server.address", "api.example.com"), kv("net.peer.port", 443),
                kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)"),
                kv("enduser.id", f"user-{rng.randint(1, 50000)}"),
                kv("app.cache_hit", rng.random() < 0.5), kv("app.items", rng.randint(0, 40)),
            ])
            span.status.code = Status.STATUS_CODE_ERROR if rng.random() < 0.01 else Status.STATUS_CODE_UNSET
    return request.SerializeToString()


def main():
    folder, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200
    os.makedirs(folder, exist_ok=True)
    rng = random.Random(17)
    now_ns = time.time_ns()
    services = ["frontend", "orders", "payments", "users", "search"]
    total = 0
    for index in range(count):
        data = body(rng, services, now_ns)
        total += len(data)
        with open(os.path.join(folder, f"{index:04d}.binpb"), "wb") as out:
            out.write(data)
    print(f"{count} bodies of 512 spans, {total / count / 1024:.0f} KiB each, in {folder}")


if __name__ == "__main__":
    main()
