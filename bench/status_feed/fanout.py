#!/usr/bin/env python3
"""Status-feed fan-out: N Server-Sent Events clients on /api/status/stream, then M webhook reports
that each change a service. Prints the webhook latency and the delivery latency (webhook sent ->
event received) over every client and report, as JSON on one line.

usage: fanout.py <host> <port> <clients> <reports>
"""
import asyncio
import json
import statistics
import sys
import time


async def stream_client(host, port, ready, seen, stop):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(b"GET /api/status/stream HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\n\r\n")
    await writer.drain()
    first = True
    buffer = b""
    while not stop.is_set():
        try:
            chunk = await asyncio.wait_for(reader.read(65536), timeout=0.5)
        except asyncio.TimeoutError:
            continue
        if not chunk:
            break
        buffer += chunk
        now = time.perf_counter()
        # The reports carry their number in aiReport ("BENCH: n"); note when each one arrives.
        while b"\n\n" in buffer:
            event, buffer = buffer.split(b"\n\n", 1)
            if b"event: status" not in event:
                continue
            if first:
                first = False
                ready.release()
                continue
            start = event.find(b'"aiAnalysis":"BENCH: ')
            if start >= 0:
                number = int(event[start + 21:event.index(b'"', start + 21)])
                seen.append((number, now))
    writer.close()


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(len(values) * p))] * 1000, 1)


async def main():
    host, port, clients, reports = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    ready = asyncio.Semaphore(0)
    stop = asyncio.Event()
    seen = []
    tasks = [asyncio.create_task(stream_client(host, port, ready, seen, stop)) for _ in range(clients)]
    for _ in range(clients):
        await asyncio.wait_for(ready.acquire(), timeout=60)

    reader, writer = await asyncio.open_connection(host, port)
    sent_at, webhook_latency = {}, []
    for n in range(reports):
        body = json.dumps({"aiReport": f"BENCH: {n}", "metrics": {"payment": {"code": 500 if n % 2 else 200}}})
        request = (f"POST /api/kestra-webhook HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n{body}").encode()
        sent_at[n] = time.perf_counter()
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
        answer = await reader.readexactly(length)
        webhook_latency.append(time.perf_counter() - sent_at[n])
        if b'"success":true' not in answer:
            raise SystemExit(f"webhook {n} failed: {head!r} {answer!r}")
        await asyncio.sleep(0.02)
    writer.close()

    deadline = time.perf_counter() + 10
    while len(seen) < clients * reports and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    delivery = [at - sent_at[n] for n, at in seen if n in sent_at]
    print(json.dumps({
        "clients": clients, "reports": reports,
        "delivered": len(seen), "expected": clients * reports,
        "webhook_ms_p50": percentile(webhook_latency, 0.5), "webhook_ms_p99": percentile(webhook_latency, 0.99),
        "delivery_ms_p50": percentile(delivery, 0.5), "delivery_ms_p99": percentile(delivery, 0.99),
        "delivery_ms_max": round(max(delivery) * 1000, 1) if delivery else None,
    }))


asyncio.run(main())
