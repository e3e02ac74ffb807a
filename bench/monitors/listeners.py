#!/usr/bin/env python3
"""Loopback TCP listeners for the scheduler benchmark: accept every connection and close it.
Usage: listeners.py <port-file> <count>  (writes the chosen ports, one per line, then serves)"""
import asyncio
import sys


async def main(port_file: str, count: int) -> None:
    async def handle(reader, writer):
        writer.close()

    servers = [await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096) for _ in range(count)]
    with open(port_file, "w") as out:
        for s in servers:
            out.write(f"{s.sockets[0].getsockname()[1]}\n")
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
