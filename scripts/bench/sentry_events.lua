-- wrk script for the error-event load test (see docs/benchmarks.md): posts the envelopes
-- of sentry_events.py in turn, each with a fresh random event id, and counts the answers.
local envelopes = {}
local next_index = 0
local key = os.getenv("SENTRY_KEY") or "benchkey"

local function decode_json_string(line)
  -- The file holds JSON strings of ASCII envelopes; only \" \\ \n escapes occur.
  local body = line:sub(2, -2)
  body = body:gsub('\\n', '\n'):gsub('\\"', '"'):gsub('\\\\', '\\')
  return body
end

function init(args)
  for line in io.lines(os.getenv("ENVELOPES") or "bench-data/sentry-envelopes.jsonl") do
    envelopes[#envelopes + 1] = decode_json_string(line)
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

local hex = "0123456789abcdef"
local function random_id()
  local t = {}
  for i = 1, 32 do
    local n = math.random(1, 16)
    t[i] = hex:sub(n, n)
  end
  return table.concat(t)
end

function request()
  next_index = next_index % #envelopes + 1
  local body = envelopes[next_index]:gsub(string.rep("0", 32), random_id())
  return wrk.format("POST", "/api/1/envelope/", {
    ["X-Sentry-Auth"] = "Sentry sentry_key=" .. key .. ", sentry_version=7, sentry_client=wrk/4.1",
    ["Content-Type"] = "application/x-sentry-envelope",
  }, body)
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format("requests: %d in %.1f s, %.0f/s; p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non-2xx or 3xx responses: %d, socket errors: %d\n",
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
