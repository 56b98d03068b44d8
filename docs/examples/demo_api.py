"""A local JSON API that serves a simulated live show, to try the HTTP source.

    python docs/examples/demo_api.py --port 8765 [--fail-from 20 --fail-to 35]

then, in another terminal:

    genbo --streamer "API demo" --source http --url http://127.0.0.1:8765/live \\
          --map viewers=data.online --map gmv=data.gmv --map orders=data.orders \\
          --map dwell_seconds=data.avg_stay --map new_followers=data.new_fans --interval 1

Between --fail-from and --fail-to seconds after start it answers 503, so you
can watch Genbo mark the outage as a gap and recover.
"""

from __future__ import annotations

import argparse
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.sources.simulator import LiveShowModel


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--fail-from", type=float, default=None)
    p.add_argument("--fail-to", type=float, default=None)
    p.add_argument("--speed", type=float, default=30.0, help="show seconds per real second")
    args = p.parse_args()
    model = LiveShowModel(seed=args.seed)
    t0 = time.monotonic()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:
            t = time.monotonic() - t0
            if args.fail_from is not None and args.fail_from <= t < (args.fail_to or 1e9):
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            while model.t < t * args.speed:
                values = model.step(1.0)
            values = model.step(0.0)
            doc = {
                "data": {
                    "online": values["viewers"],
                    "gmv": values["gmv"] / 100,
                    "orders": values["orders"],
                    "avg_stay": values["dwell_seconds"] / 10,
                    "new_fans": values["new_followers"],
                }
            }
            body = json.dumps(doc).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"serving a simulated show on http://127.0.0.1:{args.port}/live", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
