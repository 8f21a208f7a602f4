-- wrk script: every request is a read by a new reader (distinct X-Forwarded-For via the trusted
-- proxy 127.0.0.1) of one of STORIES stories. Addresses come from 198.18.0.0/15 (benchmark range).
local STORIES = 200
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = args[1] or "/api/reads/"
  counter = tonumber(args[2] or "0")  -- readers already used by earlier runs on this server
end

function request()
  counter = counter + 1
  local n = tid * 1000003 + counter
  local a = n % 131072
  local xff = string.format("198.%d.%d.%d", 18 + math.floor(a / 65536), math.floor(a / 256) % 256, a % 256)
  return wrk.format("POST", prefix .. "story-" .. (n % STORIES), {
    ["X-Forwarded-For"] = xff,
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    ["Content-Length"] = "0",
  })
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d non2xx=%d errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
