-- wrk: GET a random ping path from the file named by the PING_PATHS environment variable.
local paths = {}
for line in io.lines(os.getenv("PING_PATHS")) do paths[#paths + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
