-- wrk script: POSTs {"<FIELD>": "<query>"} to PATH, cycling through the lines of QUERIES; prints one JSON line.
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do
  if #line > 0 then table.insert(queries, line) end
end
local path = os.getenv("TAILOR_PATH")
local field = os.getenv("FIELD") or "query"
local i = 0

function setup(thread)
  thread:set("offset", math.random(1, #queries))
end

request = function()
  i = (i + (offset or 0)) % #queries + 1
  offset = 0
  local body = '{"' .. field .. '":' .. string.format("%q", queries[i]) .. ',"k":10}'
  return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"seconds":%.1f,"rps":%.1f,"p50_ms":%.2f,"p99_ms":%.2f,"socket_errors":%d,"non_2xx":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
