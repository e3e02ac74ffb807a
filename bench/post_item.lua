-- wrk script: durable writes through a plugin route (one SQLite/PostgreSQL insert per request).
wrk.method = "POST"
wrk.body = '{"name":"bench"}'
wrk.headers["Content-Type"] = "application/json"
