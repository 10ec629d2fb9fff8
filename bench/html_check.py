"""Open an HTML report in headless Chromium: no console errors, every chart a well-formed SVG, the page's text
in the DOM after load, and a PNG screenshot to look at.

Usage: .venv/bin/python bench/html_check.py REPORT.html [--screenshot report.png]
Needs Debian's chromium (apt-get install chromium); without it, it says so and exits 2.
"""

from __future__ import annotations

import argparse
import base64
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

CHART = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
CONSOLE = re.compile(r":CONSOLE[^\]]*\]\s*(.*)")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0")


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def check_report(page: Path, screenshot: Path | None = None, *, expect: str = "") -> list[str]:
    """Problems found opening `page` in Chromium (empty: none). Raises FileNotFoundError without Chromium."""
    browser = chromium()
    if browser is None:
        raise FileNotFoundError("Chromium is not installed (apt-get install chromium)")
    html = page.read_text(encoding="utf-8")
    problems = [f"chart {n}: not well-formed SVG: {e}" for n, e in enumerate(_chart_errors(html), start=1) if e]
    with tempfile.TemporaryDirectory() as profile:
        flags = [browser, *FLAGS, f"--user-data-dir={profile}"]
        loaded = subprocess.run(
            [*flags, "--dump-dom", page.resolve().as_uri()], capture_output=True, text=True, timeout=120
        )
        problems += [f"console: {message}" for message in CONSOLE.findall(loaded.stderr)]
        if loaded.returncode != 0:
            problems.append(f"chromium exited with {loaded.returncode}")
        if expect and expect not in loaded.stdout:
            problems.append(f"the loaded page does not show {expect!r}")
        if screenshot is not None:
            shot = [*flags, "--window-size=1100,3900", f"--screenshot={screenshot.resolve()}", page.resolve().as_uri()]
            subprocess.run(shot, capture_output=True, text=True, timeout=120, check=False)
            if not screenshot.is_file() or screenshot.stat().st_size == 0:
                problems.append("no screenshot was written")
    return problems


def _chart_errors(html: str) -> list[str | None]:
    errors: list[str | None] = []
    for encoded in CHART.findall(html):
        try:
            root = ElementTree.fromstring(base64.b64decode(encoded))
            errors.append(None if root.tag.endswith("svg") else f"root element is {root.tag}")
        except ElementTree.ParseError as error:
            errors.append(str(error))
    return errors or ["the page holds no charts"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", type=Path)
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    try:
        problems = check_report(args.page, args.screenshot)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        sys.exit(2)
    for problem in problems:
        print(problem)
    print(f"{args.page}: {'no problems' if not problems else f'{len(problems)} problems'} in Chromium", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
