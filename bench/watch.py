"""`python -m bench.watch`: `dateline watch` end to end against a site on loopback.

50 feeds of 20 stories each (issue 18, point 6), every feed on its own loopback address
(127.0.0.11 ...) so the per-host limits apply per feed as on the real web. One pass: list,
fetch, analyse, store. Reports stories per second, the share of time in fetching (summed over
the fetching threads) and in analysis and storing, and whether any host was asked faster
than its rate (checked from the request times the servers saw). Writes
bench/results/watch.json (or --output)."""

from __future__ import annotations

import argparse
import ipaddress
import itertools
import json
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from dateline.ingest.fetch import Fetcher, Politeness
from dateline.ingest.watch import Watcher
from dateline.pipeline import analyze
from dateline.store import connect
from dateline.store import sources as store

RESULTS = Path(__file__).resolve().parent / "results"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "pages"
LOOPBACK = (ipaddress.ip_network("127.0.0.0/8"),)


class Feed(BaseHTTPRequestHandler):
    """/feed.xml lists /s/0 ... /s/N-1; each story is a sample page made unique."""

    def do_GET(self) -> None:
        self.server.starts.append(time.monotonic())
        if self.path == "/feed.xml":
            base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
            items = "".join(
                f"<item><title>{i}</title><link>{base}/s/{i}</link></item>"
                for i in range(self.server.items)
            )
            body = f'<rss version="2.0"><channel><title>f</title>{items}</channel></rss>'.encode()
            kind = "application/rss+xml"
        elif self.path.startswith("/s/"):
            page = self.server.pages[int(self.path[3:]) % len(self.server.pages)]
            body = page + f"\n<!-- {self.server.server_address[0]}{self.path} -->".encode()
            kind = "text/html"
        else:
            body, kind = b"", "text/plain"
            self.send_response(404)
        if kind != "text/plain":
            self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


def serve(host: str, items: int, pages: list[bytes]) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, 0), Feed)
    server.daemon_threads = True
    server.items, server.pages, server.starts = items, pages, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fastest_scheduled_gap(fetcher: Fetcher) -> float:
    """The shortest time between two request starts the fetcher allowed one host."""
    starts: dict[str, list[float]] = {}
    for host, start in fetcher.hosts.log:
        starts.setdefault(host, []).append(start)
    gaps = [b - a for times in starts.values() for a, b in itertools.pairwise(sorted(times))]
    return min(gaps) if gaps else float("inf")


def fastest_rate_seen(servers: list[ThreadingHTTPServer]) -> float:
    """The highest mean request rate (per second) any one server saw over its busy span
    (single gaps jitter with thread scheduling; the mean cannot exceed the limit)."""
    rates = [
        (len(s.starts) - 1) / (max(s.starts) - min(s.starts))
        for s in servers
        if len(s.starts) > 1 and max(s.starts) > min(s.starts)
    ]
    return max(rates, default=0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument(
        "--interval", type=float, default=0.2, help="seconds between requests to one host"
    )
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--output", type=Path, default=RESULTS / "watch.json")
    args = parser.parse_args(argv)
    pages = [p.read_bytes() for p in sorted(SAMPLES.glob("*.html"))]
    analyze("Warm-up: the models load before the clock starts.", url="https://x.example/")
    servers = [serve(f"127.0.0.{11 + n}", args.items, pages) for n in range(args.feeds)]
    with tempfile.TemporaryDirectory() as folder:
        engine = connect(f"sqlite:///{Path(folder) / 'watch.db'}")
        with engine.begin() as conn:
            for n, server in enumerate(servers):
                host, port = server.server_address[:2]
                store.add_source(conn, f"feed{n}", "feed", f"http://{host}:{port}/feed.xml")
        policy = Politeness(allowed=LOOPBACK, host_interval=args.interval, host_concurrency=2)
        with Fetcher(policy) as fetcher:
            report = Watcher(engine, fetcher, analyze, workers=args.workers).poll_due()
            gap = fastest_scheduled_gap(fetcher)
        engine.dispose()
    for server in servers:
        server.shutdown()
        server.server_close()
    busy = report.fetch_seconds + report.analysis_seconds or 1.0
    rate = fastest_rate_seen(servers)
    result = {
        "feeds": args.feeds,
        "items_per_feed": args.items,
        "stored": report.stored,
        "failed": sum(p.failed for p in report.polls),
        "seconds": round(report.seconds, 2),
        "items_per_second": round(report.stored / report.seconds, 2),
        "fetch_share": round(report.fetch_seconds / busy, 3),
        "analysis_share": round(report.analysis_seconds / busy, 3),
        "host_interval": args.interval,
        "fastest_scheduled_gap": round(gap, 3),
        "fastest_host_rate_seen": round(rate, 2),
        "rate_respected": gap >= args.interval * 0.999 and rate <= 1.05 / args.interval,
    }
    print("dateline watch on loopback")
    for key, value in result.items():
        print(f"  {key:<22} {value}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["rate_respected"] and result["stored"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
