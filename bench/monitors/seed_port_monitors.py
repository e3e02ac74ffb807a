#!/usr/bin/env python3
"""Seeds N port monitors straight into a migrated SQLite database (the API would take minutes for
100k), their first checks spread evenly over one interval so the load is steady.
Usage: seed_port_monitors.py <sqlite file> <count> <interval minutes> <ports file>"""
import json
import sqlite3
import sys
import time

path, count, interval, ports_file = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
ports = [int(p) for p in open(ports_file).read().split()]
now = int(time.time() * 1000)
step_ms = interval * 60000 / count
db = sqlite3.connect(path)
with db:
    for i in range(count):
        cur = db.execute(
            "INSERT INTO monitors (monitor_type, friendly_name, url, port, check_interval, check_types, "
            "monitored_regions, settings, failure_threshold, created_at, updated_at) "
            "VALUES ('port', ?, '127.0.0.1', ?, ?, '[]', '[\"ash\"]', '{}', 2, ?, ?)",
            (f"bench-{i}", ports[i % len(ports)], interval, now, now))
        db.execute("INSERT INTO monitor_schedule (monitor_id, region, next_check_at) VALUES (?, 'ash', ?)",
                   (cur.lastrowid, now + 5000 + int(i * step_ms)))
print(f"seeded {count} port monitors over {len(ports)} listeners")
