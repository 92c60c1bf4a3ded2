#!/usr/bin/env python3
"""Real OpenTelemetry and AWS X-Ray SDKs (PyPI) against a running Lookout: records traces
the way applications do, sends them with the SDKs' own exporters (OTLP/HTTP protobuf,
OTLP/HTTP JSON, the X-Ray daemon protocol over UDP), then reads them back through the
JSON API and compares every span with what the SDK itself recorded.

Usage: trace_scenarios.py BASE_URL INGEST_KEY API_TOKEN XRAY_UDP_PORT XRAY_ENVIRONMENT
Expects a server with an empty store (the service-map counts are exact). Prints one line
per check and 'N passed, M failed'; exits 1 when a check fails.
Run by TraceSDKTests.swift (LookoutServerTests) against a live test server.
"""
import contextlib, json, logging, math, re, sys, time, urllib.error, urllib.parse, urllib.request

from opentelemetry.exporter.otlp.json.http.trace_exporter import OTLPSpanExporter as JSONSpanExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter as ProtobufSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Link, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from aws_xray_sdk.core import xray_recorder
from aws_xray_sdk.core.emitters.udp_emitter import UDPEmitter
from aws_xray_sdk.core.models import http

base, key, token, xray_port, xray_environment = sys.argv[1:6]
passed, failed = 0, 0
logging.basicConfig(level=logging.WARNING)


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (": " + str(detail) if detail else ""))
    sys.stdout.flush()


def api(path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def query_string(parameters):
    # Spaces as %20: Lookout's query parameters do not read '+' as a space yet.
    return urllib.parse.urlencode(parameters, quote_via=urllib.parse.quote)


def trace_answer(trace_id):
    """The trace's JSON, or None while the server has none of its spans (404)."""
    try:
        return api("/api/v1/traces/" + trace_id)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def wait_for(probe, seconds):
    """Calls `probe` until it returns something true or `seconds` pass; returns the last value."""
    deadline = time.time() + seconds
    while True:
        value = probe()
        if value or time.time() >= deadline:
            return value
        time.sleep(0.25)


def spans_of(trace_id, expected_ids, seconds=15):
    """The trace's spans by id, once all of `expected_ids` are stored (or after `seconds`)."""

    def probe():
        answer = trace_answer(trace_id)
        spans = {s["span_id"]: s for s in (answer or {}).get("spans", [])}
        return spans if expected_ids <= spans.keys() else None

    return wait_for(probe, seconds) or {
        s["span_id"]: s for s in (trace_answer(trace_id) or {}).get("spans", [])
    }


@contextlib.contextmanager
def stopwatch(into, name):
    """Measures the wall time of a block, ms, independently of the SDKs."""
    started = time.perf_counter()
    yield
    into[name] = (time.perf_counter() - started) * 1000


# --- How Lookout writes OpenTelemetry values (SpanRecord: attributes are strings) --------


def number_text(value):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) <= 2**53:
        return str(int(value))
    return re.sub(r"e([+-])0*(\d)", r"e\1\2", repr(value))


def json_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    return json.dumps(value, ensure_ascii=False)


def attribute_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, str):
        return value
    return "[" + ",".join(json_text(element) for element in value) + "]"


KINDS = {SpanKind.SERVER: "server", SpanKind.CLIENT: "client", SpanKind.INTERNAL: "internal",
         SpanKind.PRODUCER: "producer", SpanKind.CONSUMER: "consumer"}
STATUSES = {StatusCode.UNSET: "unset", StatusCode.OK: "ok", StatusCode.ERROR: "error"}


def hex_trace(span):
    return format(span.context.trace_id, "032x")


def hex_span(span_id):
    return format(span_id, "016x")


def differences(sdk, stored):
    """What the stored span gets wrong about the span the OpenTelemetry SDK exported."""
    problems = []

    def same(field, expected, got):
        if expected != got:
            problems.append("%s: expected %r, got %r" % (field, expected, got))

    resource = sdk.resource.attributes
    same("trace_id", hex_trace(sdk), stored["trace_id"])
    same("parent_span_id", hex_span(sdk.parent.span_id) if sdk.parent else None, stored.get("parent_span_id"))
    same("name", sdk.name, stored["name"])
    same("kind", KINDS[sdk.kind], stored["kind"])
    same("service", resource["service.name"], stored["service"])
    same("environment", resource.get("deployment.environment.name", resource.get("deployment.environment")),
         stored["environment"])
    same("status", STATUSES[sdk.status.status_code], stored["status"])
    same("status_message", sdk.status.description or None, stored.get("status_message"))
    if abs(stored["start"] - sdk.start_time // 1000) > 1:
        problems.append("start: expected %d µs, got %d" % (sdk.start_time // 1000, stored["start"]))
    sdk_ms = (sdk.end_time - sdk.start_time) / 1e6
    if abs(stored["duration_ms"] - sdk_ms) > 0.003:
        problems.append("duration_ms: expected %.3f, got %r" % (sdk_ms, stored["duration_ms"]))
    attributes = stored["attributes"]
    for name, value in sdk.attributes.items():
        same("attribute " + name, attribute_text(value), attributes.get(name))
    same("otel.scope.name", sdk.instrumentation_scope.name, attributes.get("otel.scope.name"))
    same("resource.service.version", resource.get("service.version"), attributes.get("resource.service.version"))
    same("events", [e.name for e in sdk.events], [e["name"] for e in stored["events"]])
    for event, got in zip(sdk.events, stored["events"]):
        if abs(got["time"] - event.timestamp // 1000) > 1:
            problems.append("event %s time: expected %d, got %d" % (event.name, event.timestamp // 1000, got["time"]))
        for name, value in event.attributes.items():
            same("event %s attribute %s" % (event.name, name), attribute_text(value), got["attributes"].get(name))
    same("links", [(hex_trace(link), hex_span(link.context.span_id)) for link in sdk.links],
         [(link["trace_id"], link["span_id"]) for link in stored["links"]])
    return problems


def compare_all(label, sdk_spans, stored):
    for span in sdk_spans:
        got = stored.get(hex_span(span.context.span_id))
        if got is None:
            check("%s: %r stored" % (label, span.name), False, "missing")
            continue
        problems = differences(span, got)
        check("%s: %r as the SDK exported it (ids, parent, kind, service, environment, status, times, "
              "attributes, events, links)" % (label, span.name), not problems, "; ".join(problems))


def provider(service, environment_key, environment, exporter, batch):
    """A TracerProvider of one service exporting with `exporter`, and a copy in memory to compare."""
    resource = Resource.create({"service.name": service, environment_key: environment, "service.version": "2.4.1"})
    tracer_provider = TracerProvider(resource=resource)
    tracer_provider.add_span_processor(BatchSpanProcessor(exporter) if batch else SimpleSpanProcessor(exporter))
    memory = InMemorySpanExporter()
    tracer_provider.add_span_processor(SimpleSpanProcessor(memory))
    return tracer_provider, memory


# Attributes of every type an OpenTelemetry attribute can have, and their stored text.
TYPED_ATTRIBUTES = {
    "order.id": "ord-7", "order.items": 3, "order.negative": -42, "order.big": 2**53 + 1,
    "order.total": 129.95, "order.whole": 3.0, "order.tiny": 1e-7, "order.express": True,
    "order.gift": False, "order.tags": ["gift", "eu"], "order.quantities": [1, 2],
    "order.weights": [0.5, 1.25], "order.flags": [True, False],
}
TYPED_TEXT = {
    "order.id": "ord-7", "order.items": "3", "order.negative": "-42", "order.big": "9007199254740993",
    "order.total": "129.95", "order.whole": "3", "order.tiny": "1e-7", "order.express": "true",
    "order.gift": "false", "order.tags": '["gift","eu"]', "order.quantities": "[1,2]",
    "order.weights": "[0.5,1.25]", "order.flags": "[true,false]",
}


class PaymentDeclined(Exception):
    pass


def check_typed(label, span):
    wrong = {k: (v, span["attributes"].get(k)) for k, v in TYPED_TEXT.items() if span["attributes"].get(k) != v}
    check(label + ": attributes of every type as strings", not wrong, wrong)


def check_duration(label, span, at_least_ms, measured_ms):
    got = span["duration_ms"]
    check("%s: %r lasted %.1f ms (slept %d ms, measured %.1f ms)" % (label, span["name"], got, at_least_ms, measured_ms),
          got >= at_least_ms and abs(got - measured_ms) <= 10, got)


def edge(service_map, source, target):
    return next((e for e in service_map["edges"] if e["source"] == source and e["target"] == target), None)


def node(service_map, node_id):
    return next((n for n in service_map["nodes"] if n["id"] == node_id), None)


started_at = int(time.time())
propagator = TraceContextTextMapPropagator()

# 1. OTLP/HTTP protobuf: frontend -> backend -> PostgreSQL, two services in two providers,
# the call carried by a W3C traceparent header as an HTTP client would send it.
endpoint = base + "/v1/traces"
headers = {"Authorization": "Bearer " + key}
front_provider, front_memory = provider(
    "frontend", "deployment.environment", "staging", ProtobufSpanExporter(endpoint=endpoint, headers=headers), True)
back_provider, back_memory = provider(
    "backend", "deployment.environment.name", "staging", ProtobufSpanExporter(endpoint=endpoint, headers=headers),
    False)
front_tracer = front_provider.get_tracer("shop.frontend", "1.0.0")
back_tracer = back_provider.get_tracer("shop.backend", "1.0.0")
measured = {}


def handle_charge(request_headers):
    """The backend's request handler: the server span continues the caller's trace."""
    parent = propagator.extract(request_headers)
    with back_tracer.start_as_current_span(
            "POST /charge", context=parent, kind=SpanKind.SERVER,
            attributes={"http.request.method": "POST", "http.route": "/charge", "url.path": "/charge"}) as server:
        with back_tracer.start_as_current_span(
                "price order", attributes=TYPED_ATTRIBUTES) as price, stopwatch(measured, "price"):
            time.sleep(0.015)
            price.add_event("priced", {"currency": "EUR", "lines": 2, "discounted": True})
        with back_tracer.start_as_current_span(
                "SELECT shop.orders", kind=SpanKind.CLIENT,
                attributes={"db.system": "postgresql", "db.name": "shop", "db.user": "app",
                            "db.statement": "SELECT id, total FROM orders WHERE id = $1",
                            "server.address": "db.internal", "server.port": 5432}), stopwatch(measured, "select"):
            time.sleep(0.03)
        with back_tracer.start_as_current_span(
                "INSERT shop.payments", kind=SpanKind.CLIENT,
                attributes={"db.system": "postgresql", "db.name": "shop",
                            "db.statement": "INSERT INTO payments(order_id, amount) VALUES ($1, $2)"},
                record_exception=False, set_status_on_exception=False) as insert, stopwatch(measured, "insert"):
            time.sleep(0.01)
            try:
                raise PaymentDeclined("card declined for order ord-7")
            except PaymentDeclined as error:
                insert.record_exception(error, attributes={"payment.attempt": 2})
                insert.set_status(Status(StatusCode.ERROR, "insert failed: card declined"))
        server.set_attribute("http.response.status_code", 500)
        server.set_status(Status(StatusCode.ERROR, "payment failed"))
    return 500


with front_tracer.start_as_current_span(
        "GET /checkout", kind=SpanKind.SERVER,
        attributes={"http.request.method": "GET", "http.route": "/checkout", "url.path": "/checkout"}) as root, stopwatch(measured, "checkout"):
    time.sleep(0.02)
    with front_tracer.start_as_current_span(
            "POST /charge", kind=SpanKind.CLIENT,
            attributes={"http.request.method": "POST", "url.full": "http://backend.internal:8080/charge",
                        "server.address": "backend.internal", "server.port": 8080}) as charge_call:
        outgoing = {}
        propagator.inject(outgoing)
        status = handle_charge(outgoing)
        charge_call.set_attribute("http.response.status_code", status)
        charge_call.set_status(Status(StatusCode.ERROR))
    root.set_attribute("http.response.status_code", 200)
check("protobuf exporter: frontend flushed", front_provider.force_flush(10_000))
check("protobuf exporter: backend flushed", back_provider.force_flush(10_000))

# 2. OTLP/HTTP JSON: another service, a call to a host that sends no spans, a link to trace 1.
json_provider, json_memory = provider(
    "json-gateway", "deployment.environment", "dev",
    JSONSpanExporter(endpoint=endpoint, headers=headers), True)
json_tracer = json_provider.get_tracer("gateway", "0.3.0")
first_trace = format(root.get_span_context().trace_id, "032x")
with json_tracer.start_as_current_span(
        "GET /status", kind=SpanKind.SERVER,
        attributes={"http.request.method": "GET", "http.route": "/status", "http.response.status_code": 200}) as json_root:
    with json_tracer.start_as_current_span(
            "GET", kind=SpanKind.CLIENT,
            attributes={"http.request.method": "GET", "url.full": "https://inventory.example.com/stock/7",
                        "server.address": "inventory.example.com", "http.response.status_code": 200}), stopwatch(measured, "json-stock"):
        time.sleep(0.025)
    with json_tracer.start_as_current_span(
            "summarise", attributes=TYPED_ATTRIBUTES, links=[Link(root.get_span_context(), {"reason": "replay"})],
            record_exception=False) as summarise:
        try:
            {}["missing"]
        except KeyError as error:
            summarise.record_exception(error)
            summarise.set_status(Status(StatusCode.ERROR, "summary incomplete"))
check("JSON exporter: flushed", json_provider.force_flush(10_000))


# 3. X-Ray: the SDK streams datagrams to Lookout's UDP port; a recording emitter keeps a copy of
# each document it sends.
class RecordingEmitter(UDPEmitter):
    def __init__(self):
        super().__init__()
        self.sent = []

    def send_entity(self, entity):
        self.sent.append(json.loads(entity.serialize()))
        super().send_entity(entity)


class CardDeclined(Exception):
    pass


emitter = RecordingEmitter()
xray_recorder.configure(daemon_address="127.0.0.1:" + xray_port, sampling=False, context_missing="LOG_ERROR",
                        service="xray-app", emitter=emitter)
order = xray_recorder.begin_segment()
order.put_http_meta(http.METHOD, "GET")
order.put_http_meta(http.URL, "https://shop.example.com/orders/7")
order.put_annotation("customer", "acme")
order.put_annotation("order_id", 7)
order.put_annotation("vip", True)
order.put_metadata("cart", {"items": 3, "skus": ["a-1", "b-2"]}, "shop")
payments = xray_recorder.begin_subsegment("payments.example.com", "remote")
payments.put_http_meta(http.METHOD, "POST")
payments.put_http_meta(http.URL, "https://payments.example.com/v1/charges")
time.sleep(0.02)
payments.put_http_meta(http.STATUS, 201)
xray_recorder.end_subsegment()
query = xray_recorder.begin_subsegment("inventory@db.internal", "remote")
query.set_sql({"url": "postgresql://db.internal:5432/inventory", "database_type": "PostgreSQL",
               "database_version": "15.4", "driver_version": "psycopg 3.1", "user": "app",
               "sanitized_query": "SELECT stock FROM items WHERE sku = %s"})
time.sleep(0.015)
xray_recorder.end_subsegment()
try:
    with xray_recorder.in_subsegment("charge card"):
        raise CardDeclined("card declined: insufficient funds")
except CardDeclined:
    pass
order.put_http_meta(http.STATUS, 502)
xray_recorder.end_segment()

batch = xray_recorder.begin_segment()
batch.put_annotation("job", "reindex")
for step in range(35):
    with xray_recorder.in_subsegment("step-%02d" % step) as subsegment:
        subsegment.put_annotation("step", step)
        time.sleep(0.001)
xray_recorder.end_segment()
streamed = [d for d in emitter.sent if d.get("type") == "subsegment"]
check("X-Ray SDK streamed subsegments of the long segment on their own", len(streamed) >= 30, len(streamed))

# Verification of 1: every span, as exported.
front_spans, back_spans = front_memory.get_finished_spans(), back_memory.get_finished_spans()
by_name = {(s.resource.attributes["service.name"], s.name): s for s in front_spans + back_spans}
stored = spans_of(first_trace, {hex_span(s.context.span_id) for s in front_spans + back_spans})
check("protobuf: all 6 spans of the trace stored", len(stored) == 6, sorted(s["name"] for s in stored.values()))
compare_all("protobuf", front_spans + back_spans, stored)


def stored_span(service, name):
    sdk = by_name.get((service, name))
    return stored.get(hex_span(sdk.context.span_id)) if sdk else None


checkout, call = stored_span("frontend", "GET /checkout"), stored_span("frontend", "POST /charge")
charge, price = stored_span("backend", "POST /charge"), stored_span("backend", "price order")
select, insert = stored_span("backend", "SELECT shop.orders"), stored_span("backend", "INSERT shop.payments")
if all([checkout, call, charge, price, select, insert]):
    check("protobuf: frontend root -> client call -> backend server span",
          checkout.get("parent_span_id") is None and call["parent_span_id"] == checkout["span_id"]
          and charge["parent_span_id"] == call["span_id"])
    check("protobuf: the backend's spans are children of its server span",
          {price["parent_span_id"], select["parent_span_id"], insert["parent_span_id"]} == {charge["span_id"]})
    check("protobuf: services, kinds and environments",
          [(s["service"], s["kind"], s["environment"]) for s in [checkout, call, charge, select]]
          == [("frontend", "server", "staging"), ("frontend", "client", "staging"),
              ("backend", "server", "staging"), ("backend", "client", "staging")])
    check("protobuf: status and message of the failed insert and the server span",
          (insert["status"], insert.get("status_message"), charge["status"], charge.get("status_message"),
           select["status"]) == ("error", "insert failed: card declined", "error", "payment failed", "unset"))
    check_typed("protobuf", price)
    check("protobuf: the database call's attributes",
          {k: select["attributes"].get(k) for k in ["db.system", "db.statement", "server.port"]}
          == {"db.system": "postgresql", "db.statement": "SELECT id, total FROM orders WHERE id = $1",
              "server.port": "5432"}, select["attributes"])
    exception = (insert["events"] or [{}])[0]
    check("protobuf: record_exception stored as an exception event",
          exception.get("name") == "exception"
          and exception["attributes"].get("exception.type") == "__main__.PaymentDeclined"
          and exception["attributes"].get("exception.message") == "card declined for order ord-7"
          and "Traceback" in exception["attributes"].get("exception.stacktrace", "")
          and exception["attributes"].get("payment.attempt") == "2", insert["events"])
    check("protobuf: a custom event with its attributes",
          [(e["name"], e["attributes"]) for e in price["events"]]
          == [("priced", {"currency": "EUR", "lines": "2", "discounted": "true"})], price["events"])
    check_duration("protobuf", price, 15, measured["price"])
    check_duration("protobuf", select, 30, measured["select"])
    check_duration("protobuf", insert, 10, measured["insert"])
    check_duration("protobuf", checkout, 20 + 15 + 30 + 10, measured["checkout"])
    whole = trace_answer(first_trace)
    check("protobuf: the trace lasts as long as its root span",
          abs(whole["duration_ms"] - checkout["duration_ms"]) < 0.01 and whole["start"] == checkout["start"], whole)

# Verification of 2.
json_spans = json_memory.get_finished_spans()
json_trace = format(json_root.get_span_context().trace_id, "032x")
json_stored = spans_of(json_trace, {hex_span(s.context.span_id) for s in json_spans})
check("JSON: all 3 spans stored", len(json_stored) == 3, sorted(s["name"] for s in json_stored.values()))
compare_all("JSON", json_spans, json_stored)
json_by_name = {s["name"]: s for s in json_stored.values()}
if {"GET /status", "GET", "summarise"} <= json_by_name.keys():
    status_span, stock, summary = json_by_name["GET /status"], json_by_name["GET"], json_by_name["summarise"]
    check("JSON: parents, kinds, service and environment",
          stock["parent_span_id"] == status_span["span_id"] and summary["parent_span_id"] == status_span["span_id"]
          and [s["kind"] for s in [status_span, stock, summary]] == ["server", "client", "internal"]
          and {(s["service"], s["environment"]) for s in json_stored.values()} == {("json-gateway", "dev")})
    check_typed("JSON", summary)
    check("JSON: the link to the first trace",
          [(l["trace_id"], l["span_id"]) for l in summary["links"]] == [(first_trace, checkout["span_id"] if checkout else "")],
          summary["links"])
    exception = (summary["events"] or [{}])[0]
    check("JSON: the KeyError as an exception event, status error",
          exception.get("name") == "exception" and exception["attributes"].get("exception.type") == "KeyError"
          and summary["status"] == "error" and summary.get("status_message") == "summary incomplete", summary)
    check_duration("JSON", stock, 25, measured["json-stock"])

# Verification of 3: X-Ray.
order_document = next(d for d in emitter.sent if d.get("type") != "subsegment" and "customer" in d.get("annotations", {}))
batch_document = next(d for d in emitter.sent if d.get("type") != "subsegment" and "job" in d.get("annotations", {}))
order_trace = order_document["trace_id"].replace("1-", "", 1).replace("-", "")
batch_trace = batch_document["trace_id"].replace("1-", "", 1).replace("-", "")
order_ids = {order_document["id"]} | {s["id"] for s in order_document.get("subsegments", [])}
xray_stored = spans_of(order_trace, order_ids, seconds=10)
check("X-Ray: segment and 3 subsegments stored", order_ids <= xray_stored.keys() and len(xray_stored) == 4,
      sorted(s["name"] for s in xray_stored.values()))
xray_by_name = {s["name"]: s for s in xray_stored.values()}
if {"GET /orders/7", "payments.example.com", "inventory@db.internal", "charge card"} <= xray_by_name.keys():
    segment = xray_by_name["GET /orders/7"]
    remote = xray_by_name["payments.example.com"]
    sql = xray_by_name["inventory@db.internal"]
    charge_card = xray_by_name["charge card"]
    check("X-Ray: the segment is a root server span of xray-app in the X-Ray environment",
          segment["span_id"] == order_document["id"] and segment.get("parent_span_id") is None
          and (segment["kind"], segment["service"], segment["environment"])
          == ("server", "xray-app", xray_environment), segment)
    check("X-Ray: subsegments are children of the segment, of its service",
          {(s["parent_span_id"], s["service"]) for s in [remote, sql, charge_card]}
          == {(segment["span_id"], "xray-app")})
    check("X-Ray: annotations as annotation.* attributes",
          {k: segment["attributes"].get(k) for k in ["annotation.customer", "annotation.order_id", "annotation.vip"]}
          == {"annotation.customer": "acme", "annotation.order_id": "7", "annotation.vip": "true"}, segment["attributes"])
    check("X-Ray: metadata as JSON text",
          json.loads(segment["attributes"].get("metadata.shop.cart", "null")) == {"items": 3, "skus": ["a-1", "b-2"]},
          segment["attributes"])
    check("X-Ray: the 502 segment is a fault with its HTTP attributes",
          segment["status"] == "error" and segment["attributes"].get("http.response.status_code") == "502"
          and segment["attributes"].get("url.full") == "https://shop.example.com/orders/7", segment)
    check("X-Ray: the remote subsegment is an HTTP client call",
          remote["kind"] == "client" and remote["status"] == "unset"
          and {k: remote["attributes"].get(k) for k in ["http.request.method", "http.response.status_code", "server.address"]}
          == {"http.request.method": "POST", "http.response.status_code": "201", "server.address": "payments.example.com"},
          remote)
    check("X-Ray: the sql subsegment is a database call",
          sql["kind"] == "client"
          and {k: sql["attributes"].get(k) for k in ["db.system", "db.name", "db.user", "db.statement", "server.address"]}
          == {"db.system": "postgresql", "db.name": "inventory", "db.user": "app",
              "db.statement": "SELECT stock FROM items WHERE sku = %s", "server.address": "db.internal"}, sql)
    exception = (charge_card["events"] or [{}])[0]
    check("X-Ray: the captured exception as an event, the subsegment a fault",
          charge_card["status"] == "error" and charge_card.get("status_message") == "card declined: insufficient funds"
          and exception.get("name") == "exception" and exception["attributes"].get("exception.type") == "CardDeclined"
          and exception["attributes"].get("exception.message") == "card declined: insufficient funds"
          and "trace_scenarios.py" in exception["attributes"].get("exception.stacktrace", ""), charge_card)
    sent_remote = next(s for s in order_document["subsegments"] if s["name"] == "payments.example.com")
    check("X-Ray: times as the SDK sent them",
          abs(remote["start"] - round(sent_remote["start_time"] * 1e6)) <= 2
          and abs(remote["duration_ms"] - (sent_remote["end_time"] - sent_remote["start_time"]) * 1000) < 0.005
          and remote["duration_ms"] >= 20, (remote["start"], remote["duration_ms"], sent_remote))

batch_ids = {batch_document["id"]} | {d["id"] for d in emitter.sent if d.get("trace_id") == batch_document["trace_id"]}
batch_ids |= {s["id"] for s in batch_document.get("subsegments", [])}
batch_stored = spans_of(batch_trace, batch_ids, seconds=10)
steps = [s for s in batch_stored.values() if s["name"].startswith("step-")]
check("X-Ray: all 35 subsegments of the long segment stored, streamed ones included",
      len(batch_ids) == 36 and batch_ids <= batch_stored.keys() and len(steps) == 35, (len(batch_ids), len(steps)))
check("X-Ray: streamed subsegments get the segment's service and parent",
      steps and {(s["service"], s.get("parent_span_id"), s["environment"]) for s in steps}
      == {("xray-app", batch_document["id"], xray_environment)}, {(s["service"], s.get("parent_span_id")) for s in steps})
check("X-Ray: subsegment annotations", sorted(s["attributes"].get("annotation.step") for s in steps)
      == sorted(str(i) for i in range(35)))

search = "/api/v1/traces?" + query_string({"q": 'annotation.customer = "acme"'})
hits = api(search)["traces"]
check("X-Ray: search annotation.customer = \"acme\" finds the order trace",
      [h["trace_id"] for h in hits] == [order_trace] and hits[0]["matched_service"] == "xray-app", hits)
check("X-Ray: search annotation.customer = \"globex\" finds nothing",
      api("/api/v1/traces?" + query_string({"q": 'annotation.customer = "globex"'}))["traces"] == [])
hits = api("/api/v1/traces?" + query_string({"service": "backend", "status": "fault"}))["traces"]
check("search: faults of the backend find the protobuf trace", [h["trace_id"] for h in hits] == [first_trace], hits)

# The service map: calls paired across services at once; calls into databases and hosts that
# send no spans are inferred once their client span has waited for a server span (about 10 s).
range_query = "?" + query_string({"from": str(started_at - 60), "to": "now"})
expected_edges = {
    ("client", "service:frontend"): (1, 0),
    ("service:frontend", "service:backend"): (1, 1),
    ("service:backend", "database:postgresql/shop"): (2, 1),
    ("client", "service:json-gateway"): (1, 0),
    ("service:json-gateway", "external:inventory.example.com"): (1, 0),
    ("client", "service:xray-app"): (2, 1),
    ("service:xray-app", "external:payments.example.com"): (1, 0),
    ("service:xray-app", "database:postgresql/inventory"): (1, 0),
}


def service_map_settled():
    answer = api("/api/v1/servicemap" + range_query)
    edges = {(e["source"], e["target"]): (e["calls"], e["faults"]) for e in answer["edges"]}
    return answer if all(k in edges for k in expected_edges) else None


service_map = wait_for(service_map_settled, 30) or api("/api/v1/servicemap" + range_query)
edges = {(e["source"], e["target"]): (e["calls"], e["faults"]) for e in service_map["edges"]}
check("service map: exactly the calls made, with their faults", edges == expected_edges, edges)
front_to_back = edge(service_map, "service:frontend", "service:backend")
if front_to_back and call:
    check("service map: frontend -> backend p95 is the client span's duration",
          abs(front_to_back["p95_ms"] - call["duration_ms"]) <= call["duration_ms"] * 0.05, (front_to_back, call))
database = node(service_map, "database:postgresql/shop")
check("service map: the PostgreSQL node counts 2 calls, 1 fault",
      database is not None and (database["kind"], database["calls"], database["faults"]) == ("database", 2, 1), database)
backend = node(service_map, "service:backend")
check("service map: the backend node counts its one faulted request",
      backend is not None and (backend["kind"], backend["calls"], backend["faults"]) == ("service", 1, 1), backend)

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
