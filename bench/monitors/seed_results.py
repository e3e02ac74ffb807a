#!/usr/bin/env python3
"""Seeds check results for the storage benchmark: M monitors checked every minute for D days.
Usage: seed_results.py <sqlite file> <monitors> <days>"""
import random
import sqlite3
import sys
import time

path, monitors, days = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
now = int(time.time() * 1000)
start = now - days * 86400000
db = sqlite3.connect(path)
rows = 0
with db:
    for m in range(1, monitors + 1):
        batch = []
        for t in range(start, now, 60000):
            up = random.random() > 0.01
            batch.append((m, t, "ash", int(up), 0, random.uniform(20, 400) if up else None,
                          200 if up else None, "" if up else "connection refused", "{}"))
        db.executemany("INSERT INTO monitor_results (monitor_id, checked_at, region, is_up, degraded, "
                       "response_time, status_code, message, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
        rows += len(batch)
print(rows)
