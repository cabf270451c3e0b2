"""``qa serve``: answer questions over HTTP from one warm pipeline (see ``qa.serve``).

FastAPI and uvicorn are imported inside ``run`` only, so registering this
command costs ``qa ask`` nothing.
"""

from __future__ import annotations

import argparse
import sys

from qa.cli_common import PipelineOpener, common_parser, config_from_args, open_pipeline
from qa.errors import UsageError

DEFAULT_HOST = "127.0.0.1"  # repeated from qa.serve, which imports FastAPI
DEFAULT_PORT = 8000


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        parents=[common_parser()],
        help="answer questions over HTTP (JSON API; docs at /docs)",
        description=(
            "Serve POST /ask (the `qa ask --json` object), POST /batch, GET /health, GET /index and "
            "GET /document on one warm pipeline. Binds 127.0.0.1 unless --host says otherwise; "
            "a new index version (`qa index` in another terminal) is picked up without a restart."
        ),
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}: this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    parser.add_argument("--no-update", action="store_true", help="do not refresh a stale index before serving")
    parser.add_argument(
        "--max-body", type=int, default=256 * 1024, metavar="BYTES", help="largest request body accepted (default 262144)"
    )
    parser.add_argument(
        "--max-batch", type=int, default=8, metavar="N", help="questions answered together under load (default 8)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, open_pipeline: PipelineOpener = open_pipeline) -> int:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, got {args.port}")
    if args.max_body < 1024:
        raise UsageError(f"--max-body must be at least 1024 bytes, got {args.max_body}")
    if not 1 <= args.max_batch <= 64:
        raise UsageError(f"--max-batch must be between 1 and 64, got {args.max_batch}")
    config = config_from_args(args)
    from qa.serve import AnswerWorker, is_loopback, serve
    from qa.version import version

    if not is_loopback(args.host):
        print(
            f"qa: warning: serving on {args.host}: anyone who can reach this machine can query the corpus "
            "(there is no authentication)",
            file=sys.stderr,
        )
    pipeline = open_pipeline(config, refresh=not args.no_update)
    worker = AnswerWorker(config, pipeline, max_batch=args.max_batch)

    def listening(host: str, port: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        print(f"qa serve: answering on http://{shown}:{port} (API docs at /docs; ctrl+c stops)", file=sys.stderr, flush=True)

    try:
        serve(worker, host=args.host, port=args.port, max_body=args.max_body, version=version(), on_listening=listening)
    except OSError as err:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {err.strerror or err}") from err
    return 0
