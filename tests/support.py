"""Support for tests and benchmarks that need a running app or a real browser.

Used by ``tests/`` and ``benchmarks/`` alike so both start the app the same way.
Playwright is imported lazily: it is a test extra, not a runtime dependency.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from corridors.domain.paths import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
# DESIGN 4: without the background-networking flags Chromium calls home at start.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
    "--disable-dev-shm-usage", "--disable-quic",
]
READY_SELECTOR = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited with code {proc.returncode} before it was ready")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:  # noqa: S310
                if resp.status == 200:
                    return
        time.sleep(0.2)
    raise TimeoutError(f"the app at {url} was not healthy after {timeout_s:.0f} s")


@contextlib.contextmanager
def app_server(
    *, env: dict[str, str] | None = None, script: str = "app.py",
    options: tuple[str, ...] = (), timeout_s: float = 60,
) -> Iterator[str]:
    """Serve ``script`` with Streamlit on a free localhost port; yield its base URL.

    Parameters
    ----------
    env : dict, optional
        Extra environment (for example ``CORRIDORS_DATABASE_URL``).
    script : str
        Entry script, relative to the project root.
    options : tuple of str
        Extra ``streamlit run`` options such as ``--server.maxUploadSize=1``.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", *options]
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env={**os.environ, **(env or {})},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, timeout_s)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def chromium_available() -> bool:
    """Whether Debian's Chromium and Playwright's Python package are both installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


@contextlib.contextmanager
def chromium_browser() -> Iterator[object]:
    """Launch headless Debian Chromium through Playwright; yield the Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def guard_offline(page, outside: list[str]) -> None:
    """Abort every request that is not for localhost and record its URL in ``outside``."""
    def handle(route):
        url = route.request.url
        host = url.split("/")[2].split(":")[0] if "://" in url else ""
        if url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", handle)


def count_colour_pixels(png: bytes, rgb, tolerance: int = 40) -> int:
    """How many pixels of a PNG screenshot are within ``tolerance`` of ``rgb`` per channel."""
    import io

    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)
    close = np.abs(pixels - np.array(rgb[:3], dtype=np.int16)) <= tolerance
    return int(close.all(axis=-1).sum())


def screen_point(box: dict, lon: float, lat: float, view: dict) -> tuple[float, float]:
    """Page pixel of an EPSG:4326 point on a deck canvas showing ``view`` (Web Mercator).

    deck.gl's world is 512 px wide at zoom 0, centred on the view's longitude/latitude.
    """
    import math

    def world(lo: float, la: float) -> tuple[float, float]:
        size = 512 * 2 ** view["zoom"]
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / math.pi) / 2
        return (lo + 180) / 360 * size, y * size

    cx, cy = world(view["longitude"], view["latitude"])
    px, py = world(lon, lat)
    return box["x"] + box["width"] / 2 + px - cx, box["y"] + box["height"] / 2 + py - cy


def press(page, x: float, y: float, hold_ms: int = 80) -> None:
    """Click like a person: deck.gl ignores a press and release in the same instant."""
    page.mouse.move(x, y)
    page.wait_for_timeout(200)
    page.mouse.down()
    page.wait_for_timeout(hold_ms)
    page.mouse.up()


def press_until(page, x: float, y: float, condition_js: str, *, attempts: int = 3,
                wait_ms: int = 12_000) -> None:
    """Press at (x, y) until ``condition_js`` holds in the page.

    deck.gl recognises a click only when press and release arrive within its tap window;
    on a loaded machine (a CI run with two cores shared) one may arrive late and the
    click is dropped, as a person's would be, so the press is repeated.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(attempts):
        press(page, x, y)
        try:
            page.wait_for_function(condition_js, timeout=wait_ms)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise


def run_app_page(path, *, params: dict | None = None, secrets: dict | None = None,
                 timeout_s: float = 60):
    """Run one page with AppTest (query ``params`` and ``secrets`` set first) and check
    that it ran without an exception; return the AppTest for more interaction."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(path), default_timeout=timeout_s)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


@contextlib.contextmanager
def offline_page(browser, *, width: int = 1400, height: int = 900):
    """A new browser page whose requests beyond localhost are aborted; on leaving, assert
    that none was attempted and close the page."""
    page = browser.new_page(viewport={"width": width, "height": height})
    outside: list[str] = []
    guard_offline(page, outside)
    try:
        yield page
    finally:
        page.close()
    assert outside == [], f"requests left the machine: {outside}"
