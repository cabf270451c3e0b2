"""Load test of ``qa serve``: bounded, localhost only, stops by itself.

Starts the real ``qa serve --port 0`` on 127.0.0.1 over the seed articles
(its own index in ``bench/out/index-serve``), warms it up, then sends
``--requests`` POST /ask requests (default 2,000) from ``--concurrency``
client threads (default 8), each with its own keep-alive connection,
cycling through the seed dev questions. Reports p50/p99 latency,
throughput, errors (any non-200 or failed request) and the server's
resident memory after a warm-up, halfway and after the load (growth must
stay under 10 %).
A deadline (``--max-seconds``) ends the run early if the machine is too
slow; the report then says how many requests were sent.

    .venv/bin/python bench/serve.py [--requests 2000] [--concurrency 8] [--max-batch 8]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from common import OUT, ROOT, header, pct, save_raw, table, write_section

GOLD = ROOT / "data" / "gold" / "dev.jsonl"
WARM_UP = 200  # requests before the "before" memory reading
LISTENING = re.compile(r"answering on (http://127\.0\.0\.1:\d+)")


def server_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start(index_dir: Path, max_batch: int) -> tuple[subprocess.Popen, str]:
    cmd = [
        sys.executable,
        "-m",
        "qa.cli",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--corpus",
        "seeds",
        "--index-dir",
        str(index_dir),
        "--max-batch",
        str(max_batch),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            break
        found = LISTENING.search(line)
        if found:
            threading.Thread(target=proc.stderr.read, daemon=True).start()  # drain
            return proc, found.group(1)
    proc.kill()
    raise SystemExit("qa serve did not start")


def load(
    url: str, questions: list[str], total: int, concurrency: int, max_seconds: float, on_half: Callable[[], None] | None = None
) -> dict:
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(total))
    lock = threading.Lock()
    stop_at = time.monotonic() + max_seconds

    def client_loop() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while time.monotonic() < stop_at:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                if on_half is not None and i == total // 2:
                    on_half()
                t0 = time.perf_counter()
                try:
                    response = client.post("/ask", json={"question": questions[i % len(questions)]})
                    ok = response.status_code == 200 and "answer" in response.json()
                    detail = f"HTTP {response.status_code}"
                except Exception as err:  # counted, never raised: the run goes on
                    ok, detail = False, f"{type(err).__name__}: {err}"
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(detail)

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return {"sent": len(latencies), "seconds": seconds, "latencies_ms": latencies, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--max-batch",
        default="8,1",
        help="qa serve --max-batch values to compare, comma-separated (8: micro-batching, the default; 1: one question at a time)",
    )
    parser.add_argument("--max-seconds", type=float, default=900, help="stop sending after this long")
    parser.add_argument("--section", default="serve", help="RESULTS.md section to write")
    args = parser.parse_args()

    questions = [json.loads(line)["question"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    index_dir = OUT / "index-serve"
    built = subprocess.run(
        [sys.executable, "-m", "qa.cli", "index", "--corpus", "seeds", "--index-dir", str(index_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:
        raise SystemExit(built.stderr)
    rows, raw, failed = [], {}, False
    for max_batch in [int(x) for x in str(args.max_batch).split(",") if x.strip()]:
        proc, url = start(index_dir, max_batch)
        try:
            warm = load(url, questions, WARM_UP, args.concurrency, 300)
            assert not warm["errors"], warm["errors"][:3]
            before = server_rss_mb(proc.pid)
            half: list[float] = []
            run = load(
                url,
                questions,
                args.requests,
                args.concurrency,
                args.max_seconds,
                on_half=lambda half=half, pid=proc.pid: half.append(server_rss_mb(pid)),
            )
            after = server_rss_mb(proc.pid)
            middle = half[0] if half else float("nan")
        finally:
            proc.terminate()
            proc.wait(30)
        lat = run["latencies_ms"]
        growth = 100 * (after - before) / before
        rows.append(
            [
                f"{run['sent']:,}" + ("" if run["sent"] == args.requests else f" of {args.requests:,} (deadline)"),
                args.concurrency,
                max_batch,
                pct(lat, 50),
                pct(lat, 99),
                run["sent"] / run["seconds"],
                len(run["errors"]),
                f"{before:.0f}",
                f"{middle:.0f}",
                f"{after:.0f}",
                f"{growth:+.1f} %",
            ]
        )
        raw[f"max_batch={max_batch}"] = {"before_mb": before, "middle_mb": middle, "after_mb": after, **run}
        failed = failed or bool(run["errors"]) or growth > 10
        if run["errors"]:
            print(f"max batch {max_batch}: first errors: {run['errors'][:5]}", file=sys.stderr)
    save_raw(args.section, {"args": vars(args), **raw})
    body = header("qa serve under load (localhost)") + (
        f"- server: `qa serve --port 0 --corpus seeds --max-batch N` on 127.0.0.1 (5 seed articles), one run per N; "
        f"clients: {args.concurrency} threads in one process, one keep-alive connection each, POST /ask cycling the "
        f"{len(questions)} seed dev questions, after {WARM_UP} warm-up requests\n"
        "- memory: the server's resident set (VmRSS) after warm-up, halfway and after the load; growth is after vs "
        "before. ONNX Runtime's memory arena grows to the largest batch shapes it has seen, then stays: the warm-up "
        "(every question several times, in batches) lets it reach that size first, so growth measures a leak, not the arena\n"
        "- contention: server and clients share the 2 cores; the load average above is read when the run ends and "
        "includes this benchmark's own load (other engineers' processes may also have shared the CPU)\n"
        "- max batch 8 (the default): the answer thread takes every question waiting, up to 8, into one "
        "`answer_batch` call; max batch 1: one question at a time\n\n"
        + table(
            rows,
            [
                "requests",
                "concurrency",
                "max batch",
                "p50 ms",
                "p99 ms",
                "requests/s",
                "errors",
                "RSS before MiB",
                "RSS halfway MiB",
                "RSS after MiB",
                "growth",
            ],
        )
        + "\n"
    )
    write_section(args.section, body)
    print(body)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
