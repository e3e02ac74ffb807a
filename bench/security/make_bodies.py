#!/usr/bin/python3
"""Writes the request bodies of bench/security_bench.sh: one LogEntry (single.json) and a batch of
1,000 varied entries (batch.json): mostly benign gateway and auth lines, with SQL injection, XSS,
traversal, scanner and failed-login entries mixed in, so that every detector does real work."""
import json
import random
import sys

out = sys.argv[1]
rng = random.Random(3)
benign = ["GET /api/v1/users/{} 200 12ms", "user {} signed in", "order {} created", "health check ok {}"]
attacks = ["GET /search?q=1%27%20OR%201%3D1-- 403", "<script>alert({})</script> blocked",
           "GET /../../etc/passwd?id={} 400", "Failed login for user admin{}: invalid password"]


def entry(i):
    hostile = rng.random() < 0.2
    message = (rng.choice(attacks) if hostile else rng.choice(benign)).format(i)
    return {"source": rng.choice(["Nginx Gateway", "AWS WAF", "Auth0"]), "event_id": i,
            "severity_level": rng.choice(["INFO", "INFO", "WARNING", "CRITICAL"]), "message": message,
            "metadata": {"ip": f"198.51.100.{rng.randint(1, 254)}", "path": "/api/v1/users",
                         "user_agent": "sqlmap/1.7" if hostile and rng.random() < 0.3 else "Mozilla/5.0"}}


with open(f"{out}/single.json", "w") as f:
    json.dump(entry(1), f)
with open(f"{out}/batch.json", "w") as f:
    json.dump({"entries": [entry(i) for i in range(1000)]}, f)
