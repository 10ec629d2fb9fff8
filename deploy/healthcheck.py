"""Container health check: 0 when the bot's /healthz answers 200 (METRICS_PORT in Socket Mode, PORT in HTTP
mode), 1 otherwise. Standard library only: the slim image has no curl."""

import os
import sys
import urllib.request

for variable, default in (("METRICS_PORT", "9102"), ("PORT", "3000")):
    port = os.environ.get(variable) or default
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        continue
sys.exit(1)
