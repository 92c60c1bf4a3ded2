-- wrk script for the error-event load test (see docs/benchmarks.md): posts the envelopes
-- of sentry_events.py in turn, each with a fresh random event id, and counts the answers.
--
-- The requests are prepared once (head and body split around the 32-zero ids) so that
-- making one costs a few concatenations: wrk shares the machine's two cores with the
-- server, and every microsecond it spends is one the server does not get.
local requests = {}
local next_index = 0
local key = os.getenv("SENTRY_KEY") or "benchkey"

local function decode_json_string(line)
  -- The file holds JSON strings of ASCII envelopes; only \" \\ \n escapes occur.
  local body = line:sub(2, -2)
  body = body:gsub('\\n', '\n'):gsub('\\"', '"'):gsub('\\\\', '\\')
  return body
end

-- The request as the pieces between its ids: the head (with the body's length, which
-- replacing an id does not change) joined to the first piece, then one piece per id.
local function prepare(body)
  local head = wrk.format("POST", "/api/1/envelope/", {
    ["X-Sentry-Auth"] = "Sentry sentry_key=" .. key .. ", sentry_version=7, sentry_client=wrk/4.1",
    ["Content-Type"] = "application/x-sentry-envelope",
  }, body):sub(1, -(#body + 1))
  local pieces = {}
  local start = 1
  local zeros = string.rep("0", 32)
  while true do
    local at = body:find(zeros, start, true)
    if not at then break end
    pieces[#pieces + 1] = body:sub(start, at - 1)
    start = at + 32
  end
  pieces[#pieces + 1] = body:sub(start)
  pieces[1] = head .. pieces[1]
  return pieces
end

function init(args)
  for line in io.lines(os.getenv("ENVELOPES") or "bench-data/sentry-envelopes.jsonl") do
    requests[#requests + 1] = prepare(decode_json_string(line))
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

local function random_id()
  return string.format("%08x%08x%08x%08x", math.random(0, 0x7fffffff),
    math.random(0, 0x7fffffff), math.random(0, 0x7fffffff), math.random(0, 0x7fffffff))
end

function request()
  next_index = next_index % #requests + 1
  local pieces = requests[next_index]
  local id = random_id()
  return table.concat(pieces, id)
end

-- No response() callback: wrk counts non-2xx answers itself, and a Lua call per answer
-- (with its headers made into a table) is CPU taken from the server.
function done(summary, latency, requests)
  io.write(string.format("requests: %d in %.1f s, %.0f/s; p50 %.1f ms, p99 %.1f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("non-2xx or 3xx responses: %d, socket errors: %d\n",
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
