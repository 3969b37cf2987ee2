"""Cost of a large run: `python -m bench.cost [--articles 100000000] [--markdown] [--write-doc]`.

Turns the measured throughput (`bench/results/throughput.json`, from `bench.throughput`)
into CPU-hours, wall-clock hours on a few cluster sizes, money and memory for a run over
`--articles` articles. Prices are assumptions, kept here in one place; the throughput and
memory are measurements. Without a throughput file it says so and computes nothing.

Results: a table on stdout (Markdown with `--markdown`), `bench/results/cost.json`, and with
`--write-doc` the cost table in `docs/scaling.md` (between its cost-table markers).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
THROUGHPUT = PROJECT / "bench" / "results" / "throughput.json"
RESULTS = PROJECT / "bench" / "results" / "cost.json"
DOC = PROJECT / "docs" / "scaling.md"
MARKERS = re.compile(r"(<!-- cost-table:[^\n]*-->\n).*?(<!-- /cost-table -->)", re.S)

# Assumptions (USD, late-2020s list prices of compute-optimised x86 cloud instances).
PRICE_VCPU_HOUR = 0.0425  # on demand, e.g. a 2-vCPU / 4 GB instance at $0.085 per hour
SPOT_FACTOR = 0.35  # spot / preemptible capacity costs about a third (Ray retries lost tasks)
CLUSTER_VCPUS = (64, 256, 1024)
EFFICIENCY = 0.9  # one CPU per node reads and writes, plus start-up and stragglers
RAW_BYTES_PER_ARTICLE = 12_500  # Parquet per bundled sample page, raw kept (183.5 KiB / 15)


def rate_per_worker(data: dict[str, Any]) -> tuple[float, str] | None:
    """Articles per second per worker: the best measured run, per worker."""
    best: tuple[float, str] | None = None
    for run in data.get("runs", []):
        workers = run.get("workers") or 1
        rate = (run.get("articles_per_s") or 0.0) / workers
        label = f"{run.get('engine', '?')} x{workers}"
        if rate > 0 and (best is None or rate > best[0]):
            best = (rate, label)
    return best


def estimate(data: dict[str, Any], articles: int, price: float) -> dict[str, Any]:
    """The figures of the cost table, from one throughput result."""
    found = rate_per_worker(data)
    if found is None:
        raise ValueError("no run with a throughput in the file")
    rate, source = found
    cpu_hours = articles / rate / 3600 / EFFICIENCY
    gb = data.get("gb_per_worker")
    return {
        "articles": articles,
        "measured_on": f"{source}, {data.get('n')} synthetic articles, {data.get('cpus')} CPUs",
        "articles_per_s_per_worker": round(rate, 2),
        "gb_per_worker": gb,
        "cpu_hours": round(cpu_hours),
        "usd_on_demand": round(cpu_hours * price),
        "usd_spot": round(cpu_hours * price * SPOT_FACTOR),
        "wall_hours": {str(v): round(cpu_hours / v, 1) for v in CLUSTER_VCPUS},
        "cluster_memory_gb": {str(v): round(v * gb) if gb else None for v in CLUSTER_VCPUS},
        "raw_storage_tb": round(articles * RAW_BYTES_PER_ARTICLE / 1e12, 1),
        "assumptions": {
            "price_vcpu_hour": price,
            "spot_factor": SPOT_FACTOR,
            "efficiency": EFFICIENCY,
            "raw_bytes_per_article": RAW_BYTES_PER_ARTICLE,
        },
    }


def markdown(result: dict[str, Any]) -> str:
    rows = [
        ("measured on", result["measured_on"]),
        ("articles / s per worker (1 vCPU)", f"{result['articles_per_s_per_worker']:.2f}"),
        ("peak memory per worker", f"{result['gb_per_worker']} GB"),
        (f"CPU-hours for {result['articles']:,} articles", f"{result['cpu_hours']:,}"),
        ("cost on demand", f"${result['usd_on_demand']:,}"),
        ("cost on spot capacity", f"${result['usd_spot']:,}"),
    ]
    for vcpus, hours in result["wall_hours"].items():
        memory = result["cluster_memory_gb"][vcpus]
        rows.append((f"wall clock on {vcpus} vCPUs", f"{hours:,} h ({memory:,} GB RAM in all)"))
    rows.append(("raw pages kept (Parquet)", f"{result['raw_storage_tb']} TB"))
    lines = ["| figure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)]
    assumed = result["assumptions"]
    lines.append(
        f"\nAssumed: ${assumed['price_vcpu_hour']} per vCPU-hour on demand, spot at "
        f"{assumed['spot_factor']:.0%} of that, {assumed['efficiency']:.0%} cluster efficiency, "
        f"{assumed['raw_bytes_per_article']:,} bytes of raw page per article."
    )
    return "\n".join(lines)


def write_doc(table: str, doc: Path = DOC) -> bool:
    text = doc.read_text(encoding="utf-8")
    new, count = MARKERS.subn(lambda m: m.group(1) + table + "\n" + m.group(2), text)
    if count:
        doc.write_text(new, encoding="utf-8")
    return bool(count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.cost", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--articles", type=int, default=100_000_000)
    parser.add_argument("--price-vcpu-hour", type=float, default=PRICE_VCPU_HOUR)
    parser.add_argument("--throughput", type=Path, default=THROUGHPUT)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--markdown", action="store_true", help="print the Markdown table")
    parser.add_argument("--write-doc", action="store_true", help="update docs/scaling.md")
    args = parser.parse_args(argv)
    if not args.throughput.is_file():
        print(f"{args.throughput} is absent: run `python -m bench.throughput` first")
        return 0
    data = json.loads(args.throughput.read_text(encoding="utf-8"))
    try:
        result = estimate(data, args.articles, args.price_vcpu_hour)
    except ValueError as error:
        print(f"{args.throughput}: {error}", file=sys.stderr)
        return 1
    table = markdown(result)
    print(table if args.markdown else json.dumps(result, indent=1))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"benchmark": "cost", **result}, indent=1) + "\n")
    if args.write_doc and write_doc(table):
        print(f"updated {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
