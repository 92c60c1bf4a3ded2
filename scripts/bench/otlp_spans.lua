-- wrk script for the span ingest load test (see docs/benchmarks.md): posts the OTLP/HTTP
-- protobuf bodies written by otlp_bodies.py in turn and counts the answers.
local bodies = {}
local next_index = 0
local key = os.getenv("LOOKOUT_KEY") or "benchkey"

function init(args)
  local folder = os.getenv("BODIES") or "bench-data/otlp"
  local count = tonumber(os.getenv("COUNT") or "200")
  for index = 0, count - 1 do
    local file = io.open(string.format("%s/%04d.binpb", folder, index), "rb")
    if file then
      bodies[#bodies + 1] = file:read("*a")
      file:close()
    end
  end
end

function request()
  next_index = next_index % #bodies + 1
  return wrk.format("POST", "/v1/traces", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/x-protobuf",
  }, bodies[next_index])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local good = summary.requests - summary.errors.status
  io.write(string.format("requests: %d in %.1f s; spans acknowledged (2xx): %d, %.0f spans/s; p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, seconds, 512 * good, 512 * good / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non-2xx responses: %d, socket errors: %d\n",
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
