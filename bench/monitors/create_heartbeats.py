#!/usr/bin/env python3
"""Creates N heartbeat monitors through the API and writes their ping paths, one per line.
Usage: create_heartbeats.py <base url> <api key> <count> <out file>"""
import http.client
import json
import sys
from urllib.parse import urlparse

base, key, count, out_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
u = urlparse(base)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
paths = []
for i in range(count):
    body = json.dumps({"monitor_type": "heartbeat", "friendly_name": f"bench-{i}", "heartbeat_interval": 86400})
    conn.request("POST", "/api/monitors", body, {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    r = conn.getresponse()
    data = json.loads(r.read())
    if r.status != 201:
        sys.exit(f"creating heartbeat {i} answered {r.status}: {data}")
    paths.append(urlparse(data["ping_url"]).path)
with open(out_file, "w") as out:
    out.write("\n".join(paths) + "\n")
