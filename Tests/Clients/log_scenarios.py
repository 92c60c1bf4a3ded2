#!/usr/bin/env python3
"""Real log clients against a running Lookout: the OpenTelemetry Python SDK's logging
handler exporting over OTLP/HTTP (protobuf and JSON exporters), and Loki pushes in JSON
and in protobuf (a PushRequest built with the `protobuf` package from a descriptor
written here, compressed with python-snappy) the way promtail sends them.

Usage: log_scenarios.py BASE_URL INGEST_KEY EXPECTED_JSON_PATH
Writes what every client sent, in Lookout's terms (LogRecord: times in microseconds,
attributes as an ordered list of strings), to EXPECTED_JSON_PATH for LogClientTests.swift
to compare with the store. Prints one line per check and 'N passed, M failed'; exits 1
when a check fails.
"""
import base64, gzip, json, logging, math, re, sys, time, urllib.error, urllib.request

import snappy
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf import timestamp_pb2  # registers google/protobuf/timestamp.proto

from opentelemetry.exporter.otlp.json.http._log_exporter import OTLPLogExporter as JSONLogExporter
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter as ProtobufLogExporter
from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider

base, key, expected_path = sys.argv[1:4]
passed, failed = 0, 0
expected = []


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (": " + str(detail) if detail else ""))
    sys.stdout.flush()


def post(path, body, headers):
    request = urllib.request.Request(base + path, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- How Lookout writes values (LogRecord attributes are strings) -----------------------

LABELS = {range(1, 5): "TRACE", range(5, 9): "DEBUG", range(9, 13): "INFO",
          range(13, 17): "WARN", range(17, 21): "ERROR", range(21, 25): "FATAL"}


def label(number):
    return next((name for numbers, name in LABELS.items() if number in numbers), "UNKNOWN")


def number_text(value):
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) <= 2**53:
        return str(int(value))
    return re.sub(r"e([+-])0*(\d)", r"e\1\2", repr(value))


def attribute_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, str):
        return value
    return "[" + ",".join(json.dumps(v, separators=(",", ":")) if not isinstance(v, bool)
                          else ("true" if v else "false") for v in value) + "]"


def record(timestamp_us, severity_number, body, service, environment, source, attributes,
           trace_id=None, span_id=None):
    expected.append({
        "timestamp": timestamp_us, "severity_number": severity_number,
        "severity": label(severity_number), "body": body, "service": service,
        "environment": environment, "source": source,
        "attributes": [[k, v] for k, v in attributes], "trace_id": trace_id, "span_id": span_id,
    })


# --- OpenTelemetry SDK: logging handler, protobuf and JSON exporters ----------------------

tracer = TracerProvider().get_tracer("log-scenarios")


def otel_scenario(exporter_class, service, environment, logger_name):
    resource = Resource.create({"service.name": service, "deployment.environment": environment,
                                "host.name": "client-1"})
    provider = LoggerProvider(resource=resource)
    memory = InMemoryLogRecordExporter()
    exporter = exporter_class(endpoint=base + "/v1/logs",
                              headers={"Authorization": "Bearer " + key})
    provider.add_log_record_processor(SimpleLogRecordProcessor(memory))
    provider.add_log_record_processor(SimpleLogRecordProcessor(exporter))
    handler = LoggingHandler(level=logging.DEBUG, logger_provider=provider)
    logger = logging.getLogger(logger_name)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)

    logger.info("order %s paid", 1041, extra={"order_id": 1041, "customer": "acme"})
    with tracer.start_as_current_span("checkout"):
        logger.warning("slow payment provider: %.1f ms", 812.5,
                       extra={"ratio": 0.25, "tags": ["eu", "card"], "retry": True})
        try:
            raise ValueError("card declined")
        except ValueError:
            logger.exception("payment failed for %s", service)
    logger.debug("débogage ünïcode ✓ " + service)
    logger.critical("disk full on %s", "/var")
    provider.force_flush()
    logger.removeHandler(handler)
    provider.shutdown()

    sent = memory.get_finished_logs()
    check(service + ": the SDK recorded 5 log records", len(sent) == 5, len(sent))
    for item in sent:
        log = item.log_record
        attributes = [(k, attribute_text(v)) for k, v in (log.attributes or {}).items()]
        scope = item.instrumentation_scope
        if scope is not None and scope.name:
            attributes.append(("otel.scope.name", scope.name))
        if scope is not None and scope.version:
            attributes.append(("otel.scope.version", scope.version))
        for k, v in item.resource.attributes.items():
            if k not in ("service.name", "deployment.environment", "deployment.environment.name"):
                attributes.append(("resource." + k, attribute_text(v)))
        trace_id = format(log.trace_id, "032x") if log.trace_id else None
        span_id = format(log.span_id, "016x") if log.span_id else None
        record(log.timestamp // 1000, log.severity_number.value, str(log.body), service,
               environment, "otlp", attributes, trace_id, span_id)


otel_scenario(ProtobufLogExporter, "shop-proto", "sdk-qa", "shop.payments")
otel_scenario(JSONLogExporter, "shop-json", "sdk-json", "shop.json")

# --- Loki push, JSON (gzip, bearer auth) -------------------------------------------------

now_ns = time.time_ns()
trace = "4bf92f3577b34da6a3ce929d0e0e4736"
loki_json = {"streams": [
    {"stream": {"job": "nginx", "service_name": "edge", "env": "loki-qa", "level": "warn"},
     "values": [
         [str(now_ns), "upstream timed out (110: Connection timed out)"],
         [str(now_ns + 1500), "retrying upstream", {"trace_id": trace, "attempt": "2"}],
     ]},
    {"stream": {"job": "worker"},
     "values": [[str(now_ns + 3000), "2024-06-05 10:00:00 ERROR job 17 failed"],
                [str(now_ns + 4000), "level=debug msg=\"heartbeat\" ünïcode=✓"]]},
]}
status, answer = post("/loki/api/v1/push", gzip.compress(json.dumps(loki_json).encode()),
                      {"Content-Type": "application/json", "Content-Encoding": "gzip",
                       "Authorization": "Bearer " + key})
check("Loki JSON push answers 204", status == 204, (status, answer[:200]))
record(now_ns // 1000, 13, "upstream timed out (110: Connection timed out)", "edge", "loki-qa",
       "nginx", [("label.job", "nginx"), ("label.service_name", "edge"),
                 ("label.env", "loki-qa"), ("label.level", "warn")])
record((now_ns + 1500) // 1000, 13, "retrying upstream", "edge", "loki-qa", "nginx",
       [("label.job", "nginx"), ("label.service_name", "edge"), ("label.env", "loki-qa"),
        ("label.level", "warn"), ("attempt", "2")], trace)
record((now_ns + 3000) // 1000, 17, "2024-06-05 10:00:00 ERROR job 17 failed", "worker",
       "production", "worker", [("label.job", "worker")])
record((now_ns + 4000) // 1000, 5, "level=debug msg=\"heartbeat\" ünïcode=✓", "worker",
       "production", "worker", [("label.job", "worker")])

# --- Loki push, protobuf + snappy (basic auth, as promtail sends it) ---------------------

file_proto = descriptor_pb2.FileDescriptorProto(
    name="lookout_test/push.proto", package="logproto", syntax="proto3",
    dependency=["google/protobuf/timestamp.proto"])
F = descriptor_pb2.FieldDescriptorProto


def message(name, fields):
    proto = file_proto.message_type.add(name=name)
    for number, (field_name, kind, type_name, repeated) in enumerate(fields, start=1):
        proto.field.add(name=field_name, number=number, type=kind, type_name=type_name,
                        label=F.LABEL_REPEATED if repeated else F.LABEL_OPTIONAL)


message("PushRequest", [("streams", F.TYPE_MESSAGE, ".logproto.StreamAdapter", True)])
message("StreamAdapter", [("labels", F.TYPE_STRING, None, False),
                          ("entries", F.TYPE_MESSAGE, ".logproto.EntryAdapter", True),
                          ("hash", F.TYPE_UINT64, None, False)])
message("LabelPairAdapter", [("name", F.TYPE_STRING, None, False),
                             ("value", F.TYPE_STRING, None, False)])
message("EntryAdapter", [("timestamp", F.TYPE_MESSAGE, ".google.protobuf.Timestamp", False),
                         ("line", F.TYPE_STRING, None, False),
                         ("structuredMetadata", F.TYPE_MESSAGE, ".logproto.LabelPairAdapter",
                          True)])
pool = descriptor_pool.Default()
pool.Add(file_proto)
PushRequest = message_factory.GetMessageClass(pool.FindMessageTypeByName("logproto.PushRequest"))

push = PushRequest()
stream = push.streams.add(labels='{job="promtail", app="billing", filename="/var/log/billing.log", '
                                 'note="quote \\" and backslash \\\\"}')
proto_ns = now_ns + 10_000
lines = [
    ("2024-06-05T10:00:00Z INFO invoice 88 sent", [("span_id", "00f067aa0ba902b7")]),
    ("[error] invoice 89 failed: timeout", [("trace_id", trace), ("tenant", "t-1")]),
    ("plain line without a level", []),
]
for index, (line, metadata) in enumerate(lines):
    entry = stream.entries.add(line=line)
    entry.timestamp.seconds = (proto_ns + index * 1000) // 1_000_000_000
    entry.timestamp.nanos = (proto_ns + index * 1000) % 1_000_000_000
    for name, value in metadata:
        entry.structuredMetadata.add(name=name, value=value)
body = snappy.compress(push.SerializeToString())
auth = base64.b64encode(("promtail:" + key).encode()).decode()
status, answer = post("/loki/api/v1/push", body,
                      {"Content-Type": "application/x-protobuf", "Authorization": "Basic " + auth})
check("Loki protobuf push answers 204", status == 204, (status, answer[:200]))
labels = [("label.job", "promtail"), ("label.app", "billing"),
          ("label.filename", "/var/log/billing.log"), ("label.note", 'quote " and backslash \\')]
record(proto_ns // 1000, 9, lines[0][0], "billing", "production", "promtail", labels,
       None, "00f067aa0ba902b7")
record((proto_ns + 1000) // 1000, 17, lines[1][0], "billing", "production", "promtail",
       labels + [("tenant", "t-1")], trace)
record((proto_ns + 2000) // 1000, 0, lines[2][0], "billing", "production", "promtail", labels)

# A push Lookout must refuse: bad basic auth, bad snappy.
status, _ = post("/loki/api/v1/push", body, {"Content-Type": "application/x-protobuf",
                                             "Authorization": "Basic " + base64.b64encode(b"u:wrong").decode()})
check("a wrong basic-auth password is refused with 403", status == 403, status)
status, _ = post("/loki/api/v1/push", body[:-5], {"Content-Type": "application/x-protobuf",
                                                  "Authorization": "Bearer " + key})
check("a truncated snappy body is refused with 400", status == 400, status)

with open(expected_path, "w") as output:
    json.dump(expected, output, ensure_ascii=False)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
