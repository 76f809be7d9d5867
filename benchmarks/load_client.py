"""A protocol-level load client for Streamlit apps: simulated users over the websocket.

Each simulated user is one browser tab reduced to its protocol: it opens
``ws://HOST:PORT/_stcore/stream`` the way Streamlit's frontend does (subprotocol
``streamlit`` plus the XSRF token from the ``_streamlit_xsrf`` cookie, ``Origin`` header),
sends ``rerun_script`` BackMsgs carrying a ``ClientState`` (query string, page script hash,
widget states) and reads ForwardMsgs until ``script_finished`` ends the run. No browser,
no rendering: what is measured is the server's work for a full rerun, as seen by a client.

HTTP-only load tools cannot drive a Streamlit app: every interaction is a BackMsg on the
websocket and every answer a stream of ForwardMsg protobufs. This module speaks that
protocol with Streamlit's own generated protobuf classes, so it follows the installed
Streamlit version.

Used by ``benchmarks/bench_load.py`` and ``tests/test_load_client.py``. Traffic is
restricted to loopback addresses: this is a benchmark tool, not a way to load someone
else's server.

Example
-------
>>> async def one_user(url):
...     async with AppSession(url) as tab:
...         first = await tab.run()                       # first load of the default page
...         step = await tab.run(trigger=["period_forward"])  # click the ▶ button
...         off = await tab.run(set_widgets={"layer_middle": False})
...         return first, step, off
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import math
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "/_stcore/stream"
XSRF_COOKIE = "_streamlit_xsrf"
_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
_COMPILE_ERROR = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_WITH_COMPILE_ERROR")
_WIDGET_PREFIX = "$$ID-"


class LoadClientError(RuntimeError):
    """The client was misused (for example pointed at a non-loopback host)."""


def _check_loopback(base_url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(base_url)
    host = parts.hostname or ""
    if host != "localhost":
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise LoadClientError(f"refusing to load {host!r}: only loopback hosts are allowed")
    if parts.scheme not in ("http", "https"):
        raise LoadClientError(f"base URL must be http(s)://, not {base_url!r}")
    return parts


def widget_key(widget_id: str) -> str | None:
    """The user key inside a Streamlit widget id (``$$ID-<hash>-<key>``), else ``None``."""
    if not widget_id.startswith(_WIDGET_PREFIX):
        return None
    parts = widget_id[len(_WIDGET_PREFIX):].split("-", 1)
    return parts[1] if len(parts) == 2 and parts[1] != "None" else None


def widget_state(widget_id: str, value: object) -> WidgetState:
    """Encode one widget value the way the frontend does, chosen by the Python type.

    ``bool`` -> ``bool_value`` (checkbox, toggle); ``int`` -> ``int_value``; ``float`` ->
    ``double_value``; ``str`` -> ``string_value``; a list of ``str`` ->
    ``string_array_value``; a list of ``int`` -> ``int_array_value`` (segmented control,
    multiselect indices); a list of ``float`` -> ``double_array_value`` (sliders).
    """
    state = WidgetState(id=widget_id)
    if isinstance(value, bool):
        state.bool_value = value
    elif isinstance(value, int):
        state.int_value = value
    elif isinstance(value, float):
        state.double_value = value
    elif isinstance(value, str):
        state.string_value = value
    elif isinstance(value, list | tuple):
        items = list(value)
        if all(isinstance(v, str) for v in items):
            state.string_array_value.data.extend(items)
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in items):
            state.int_array_value.data.extend(items)
        else:
            state.double_array_value.data.extend(float(v) for v in items)
    else:
        raise TypeError(f"cannot encode a widget value of type {type(value).__name__}")
    return state


@dataclass
class RunResult:
    """One script run as the client saw it: latency from sending the BackMsg to
    ``script_finished``, what arrived, and whether it failed.

    ``status`` is ``ok``, ``exception`` (the page raised: an exception element arrived),
    ``compile_error``, ``timeout``, ``closed`` (the connection dropped) or ``error``.
    """

    latency_s: float
    status: str = "ok"
    error: str | None = None
    elements: Counter = field(default_factory=Counter)
    messages: int = 0
    bytes_received: int = 0
    finished_at: float = 0.0  # time.monotonic() when the run ended

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class AppSession:
    """One simulated browser tab on a Streamlit app.

    Parameters
    ----------
    base_url : str
        ``http://127.0.0.1:PORT`` of the app (loopback only).
    page : str
        URL path of the page (``""`` = the default page, ``"timeline"``, ...).
    query_string : str
        The query string of the first load (``"layers=middle&period=2023"``).
    timeout_s : float
        Default time limit of one run.
    browser_like : bool
        Fetch the index page first and hand its XSRF cookie back on the websocket
        handshake (cookie, ``Origin`` and the token as second subprotocol), like the
        frontend. Off: a bare ``streamlit`` subprotocol, which Streamlit also accepts.
    """

    def __init__(self, base_url: str, *, page: str = "", query_string: str = "",
                 timeout_s: float = 60.0, browser_like: bool = True) -> None:
        parts = _check_loopback(base_url)
        self.base_url = base_url.rstrip("/")
        ws_scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws_url = f"{ws_scheme}://{parts.netloc}{parts.path.rstrip('/')}{STREAM_PATH}"
        self.page = page.strip("/")
        self.query_string = query_string
        self.timeout_s = timeout_s
        self.browser_like = browser_like
        self.page_script_hash = ""
        self.session_id = ""
        self.widgets: dict[str, str] = {}        # user key -> widget id
        self.widget_types: dict[str, str] = {}   # widget id -> element type
        self._states: dict[str, WidgetState] = {}  # what the tab sends on every rerun
        self._cache: dict[str, ForwardMsg] = {}   # cacheable messages, by hash
        self._ws = None
        self.runs = 0

    # -- connection ------------------------------------------------------------------

    def _xsrf_cookie(self) -> str | None:
        url = f"{self.base_url}/{self.page}"
        with urllib.request.urlopen(url, timeout=self.timeout_s) as resp:  # noqa: S310 - loopback only
            resp.read()
            for header in resp.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == XSRF_COOKIE:
                    return rest.split(";", 1)[0]
        return None

    async def connect(self) -> None:
        """Open the websocket (after fetching the XSRF cookie when ``browser_like``)."""
        headers, protocols = {}, ["streamlit"]
        if self.browser_like:
            token = await asyncio.to_thread(self._xsrf_cookie)
            headers["Origin"] = self.base_url
            if token:
                headers["Cookie"] = f"{XSRF_COOKIE}={token}"
                protocols.append(token)
        self._ws = await asyncio.wait_for(websockets.connect(
            self.ws_url, subprotocols=protocols, additional_headers=headers, max_size=None,
            open_timeout=self.timeout_s, ping_interval=None), self.timeout_s)

    async def close(self) -> None:
        """Close the websocket (the server then disconnects the session)."""
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
            self._ws = None

    async def __aenter__(self) -> AppSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # -- widgets -----------------------------------------------------------------------

    def widget_id(self, key_or_id: str) -> str:
        """The widget id of a user key seen in an earlier run (ids pass through)."""
        if key_or_id.startswith(_WIDGET_PREFIX):
            return key_or_id
        try:
            return self.widgets[key_or_id]
        except KeyError:
            raise KeyError(f"no widget with key {key_or_id!r} on the page yet "
                           f"(known: {sorted(self.widgets)})") from None

    def _record_element(self, msg: ForwardMsg, elements: Counter) -> str | None:
        """Count the element; remember widget ids; return an error text for exceptions."""
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return None
        elements[kind] += 1
        if kind == "exception":
            exc = element.exception
            return f"{exc.type}: {exc.message}".strip(": ") or "exception element"
        sub = getattr(element, kind)
        widget = getattr(sub, "id", "") if hasattr(sub, "id") else ""
        if isinstance(widget, str) and widget:
            self.widget_types[widget] = kind
            key = widget_key(widget)
            if key is not None:
                self.widgets[key] = widget
        return None

    # -- runs --------------------------------------------------------------------------

    def _rerun_message(self, set_widgets: Mapping[str, object],
                       trigger: Iterable[str]) -> BackMsg:
        for key, value in set_widgets.items():
            wid = self.widget_id(key)
            self._states[wid] = widget_state(wid, value)
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        if not self.page_script_hash:
            state.page_name = self.page
        state.widget_states.widgets.extend(self._states.values())
        for key in trigger:  # a click: sent once, never remembered (like the frontend)
            state.widget_states.widgets.append(WidgetState(id=self.widget_id(key),
                                                           trigger_value=True))
        state.cached_message_hashes.extend(self._cache)
        return msg

    async def run(self, *, set_widgets: Mapping[str, object] | None = None,
                  trigger: Iterable[str] = (), timeout_s: float | None = None) -> RunResult:
        """Ask for a full rerun and read ForwardMsgs until the run finishes.

        Parameters
        ----------
        set_widgets : mapping, optional
            ``{key or widget id: value}`` changed before this rerun (see
            ``widget_state``); remembered and sent again on later reruns, as the
            frontend sends every widget's state.
        trigger : iterable of str
            Buttons (keys or ids) clicked for this rerun only.
        timeout_s : float, optional
            Limit for this run (default: the session's ``timeout_s``).

        Returns
        -------
        RunResult
            Never raises for a failed run: the failure is in ``status``/``error``.
        """
        if self._ws is None:
            raise LoadClientError("connect() first")
        limit = self.timeout_s if timeout_s is None else timeout_s
        result = RunResult(latency_s=math.nan)
        try:
            payload = self._rerun_message(set_widgets or {}, trigger).SerializeToString()
        except KeyError as exc:
            result.status, result.error = "error", str(exc)
            return result
        start = time.monotonic()
        try:
            await self._ws.send(payload)
            await asyncio.wait_for(self._read_until_finished(result), limit)
        except TimeoutError:
            result.status, result.error = "timeout", f"no script_finished within {limit:g} s"
        except websockets.ConnectionClosed as exc:
            result.status, result.error = "closed", f"connection closed: {exc}"
            self._ws = None
        except Exception as exc:  # noqa: BLE001 - a load client reports, never crashes
            result.status, result.error = "error", f"{type(exc).__name__}: {exc}"
        result.finished_at = time.monotonic()
        result.latency_s = result.finished_at - start
        self.runs += 1
        return result

    async def _read_until_finished(self, result: RunResult) -> None:
        while True:
            raw = await self._ws.recv()
            result.messages += 1
            result.bytes_received += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            if msg.WhichOneof("type") == "ref_hash":  # the tab said it had it cached
                msg = self._cache.get(msg.ref_hash, msg)
            if msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = msg
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                error = self._record_element(msg, result.elements)
                if error and result.status == "ok":
                    result.status, result.error = "exception", error
            elif kind == "new_session":
                self.page_script_hash = msg.new_session.page_script_hash
                self.session_id = msg.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                result.status, result.error = "error", "page not found"
            elif kind == "script_finished" and msg.script_finished != _EARLY_FOR_RERUN:
                if msg.script_finished == _COMPILE_ERROR and result.status == "ok":
                    result.status, result.error = "compile_error", "script compile error"
                return


# -- many users --------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One interaction of a scenario: widgets to set and buttons to click, then a rerun."""

    set_widgets: Mapping[str, object] = field(default_factory=dict)
    trigger: tuple[str, ...] = ()
    label: str = ""


# The Map page (and the naive baseline, which uses the same keys): step the period with
# the ▶ button, toggle the Middle Corridor off and on. Every rerun changes the deck.
MAP_STEPS: tuple[Step, ...] = (
    Step(trigger=("period_forward",), label="period +1"),
    Step(set_widgets={"layer_middle": False}, label="middle off"),
    Step(trigger=("period_forward",), label="period +1"),
    Step(set_widgets={"layer_middle": True}, label="middle on"),
)


@dataclass
class LoadResult:
    """What ``run_load`` measured for one level of concurrency."""

    users: int
    duration_s: float
    first_loads: list[RunResult] = field(default_factory=list)
    reruns: list[RunResult] = field(default_factory=list)  # finished inside the window
    late_reruns: list[RunResult] = field(default_factory=list)  # in flight at the deadline
    connect_errors: list[str] = field(default_factory=list)
    window_s: float = 0.0

    @property
    def ok_reruns(self) -> list[RunResult]:
        return [r for r in self.reruns if r.ok]

    @property
    def errors(self) -> int:
        bad = [r for r in (*self.first_loads, *self.reruns, *self.late_reruns) if not r.ok]
        return len(bad) + len(self.connect_errors)

    @property
    def error_samples(self) -> list[str]:
        runs = (*self.first_loads, *self.reruns, *self.late_reruns)
        return [*self.connect_errors, *(r.error or r.status for r in runs if not r.ok)][:5]

    @property
    def throughput(self) -> float:
        """Successful full reruns per second inside the measuring window."""
        return len(self.ok_reruns) / self.window_s if self.window_s else 0.0

    def latency(self, quantile: float) -> float:
        """Latency quantile (seconds) of the successful reruns, late ones included."""
        values = sorted(r.latency_s for r in (*self.reruns, *self.late_reruns) if r.ok)
        return percentile(values, quantile)


def percentile(sorted_values: Sequence[float], quantile: float) -> float:
    """Nearest-rank style percentile with linear interpolation; NaN when empty."""
    if not sorted_values:
        return math.nan
    pos = (len(sorted_values) - 1) * quantile
    low, high = math.floor(pos), math.ceil(pos)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


async def run_load(
    base_url: str, users: int, *, duration_s: float = 20.0, max_reruns: int = 10_000,
    steps: Sequence[Step] = MAP_STEPS, page: str = "", query_string: str = "",
    timeout_s: float = 120.0, think_s: float = 0.0,
    when_connected: Callable[[], object] | None = None,
    before_close: Callable[[], object] | None = None,
    connect_concurrency: int = 10,
) -> LoadResult:
    """Simulate ``users`` concurrent tabs: each connects and loads the page once, then
    (all together) reruns through ``steps`` in a loop until ``duration_s`` has passed or
    it has done ``max_reruns``; reruns in flight at the deadline finish (up to
    ``timeout_s``) and count for latency, not throughput.

    ``when_connected`` is called once every user has loaded the page and before the loop
    (for example to read the server's memory with all users connected and idle);
    ``before_close`` after the loop with everyone still connected. Either may be a
    coroutine function. Bounded in count and time; loopback only.
    """
    result = LoadResult(users=users, duration_s=duration_s)
    sessions: list[AppSession] = []
    gate = asyncio.Semaphore(connect_concurrency)

    async def open_one() -> None:
        async with gate:
            tab = AppSession(base_url, page=page, query_string=query_string,
                             timeout_s=timeout_s)
            try:
                await tab.connect()
            except Exception as exc:  # noqa: BLE001
                result.connect_errors.append(f"connect: {type(exc).__name__}: {exc}")
                return
            first = await tab.run()
            result.first_loads.append(first)
            if first.ok:
                sessions.append(tab)
            else:
                await tab.close()

    async def call(hook) -> None:
        if hook is not None:
            value = hook()
            if asyncio.iscoroutine(value):
                await value

    try:
        await asyncio.gather(*(open_one() for _ in range(users)))
        await call(when_connected)
        start = time.monotonic()
        deadline = start + duration_s

        async def loop(tab: AppSession, offset: int) -> None:
            for i in range(max_reruns):
                if time.monotonic() >= deadline or tab._ws is None:
                    return
                step = steps[(offset + i) % len(steps)] if steps else Step()
                run = await tab.run(set_widgets=step.set_widgets, trigger=step.trigger)
                (result.reruns if run.finished_at <= deadline else result.late_reruns
                 ).append(run)
                if think_s:
                    await asyncio.sleep(think_s)

        await asyncio.gather(*(loop(tab, n) for n, tab in enumerate(sessions)))
        result.window_s = min(duration_s, time.monotonic() - start)
        await call(before_close)
    finally:
        await asyncio.gather(*(tab.close() for tab in sessions))
    return result


def run_load_sync(base_url: str, users: int, **kwargs) -> LoadResult:
    """``run_load`` from synchronous code (its own event loop)."""
    return asyncio.run(run_load(base_url, users, **kwargs))


Hook = Callable[[], object | Awaitable[object]]
