-- wrk script for bench/security_bench.sh: POSTs the body in $SECURITY_BENCH_BODY (a file) with the
-- tenant token in $SECURITY_BENCH_TOKEN, and fails loudly on any non-200 answer.
local file = assert(io.open(os.getenv("SECURITY_BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SECURITY_BENCH_TOKEN")

local bad = 0
function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("unexpected status " .. status .. ": " .. body:sub(1, 200) .. "\n") end
  end
end
