"""Load benchmark: N concurrent simulated users rerunning the Map page over Streamlit's
websocket protocol (benchmarks/load_client.py), our app beside the naive inline pydeck
page (benchmarks/naive_map_app.py) served the same way in the same run.

Each user opens a session, loads the map once, then reruns it in a loop with no pause:
▶ (next period), Middle Corridor off, ▶, Middle Corridor on, ... so every rerun changes
the deck. Reported per level: full reruns per second inside the window, p50/p95 latency
(BackMsg sent -> script_finished), errors, server RSS (process and children) before,
with all users connected, after the run, and memory per connected user.

Both servers run with the production profile (deploy/production.config.toml, what
``corridors serve --production`` passes) on a temporary SQLite database. The client is
this process (asyncio), the server another: on a 2-core machine they share the cores.

Run: ``.venv/bin/python -m benchmarks.bench_load`` (needs the test extra: websockets,
psutil). ``BENCH_LOAD_SECONDS`` sets the window per level (default 12),
``BENCH_LOAD_LEVELS`` the user counts (default ``10,20,25,50``), ``BENCH_LOAD_NO_RECORD=1``
prints without writing BENCHMARKS.md.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field

import psutil

from benchmarks.load_client import LoadResult, run_load
from benchmarks.record import markdown_table, record_section
from tests.support import app_server

LEVELS = tuple(int(n) for n in os.environ.get("BENCH_LOAD_LEVELS", "10,20,50,100").split(","))
# The naive page holds ~20 MB per session and deck: beyond 20 users it needs gigabytes
# on a shared machine and its reruns time out, so its levels stop there by default.
NAIVE_LEVELS = tuple(int(n) for n in
                     os.environ.get("BENCH_LOAD_NAIVE_LEVELS", "10,20").split(","))
WINDOW_S = float(os.environ.get("BENCH_LOAD_SECONDS", "12"))
RUN_TIMEOUT_S = 90.0
GOAL_USERS, GOAL_RERUNS_S, GOAL_GROWTH_MB, MAX_USERS = 20, 20.0, 150.0, max(LEVELS)
GOAL_P95_S = 1.5  # issue 17: rerun p95 with the most users
MB = 1024 * 1024


def profile_options() -> tuple[str, ...]:
    """The production profile as ``streamlit run`` flags (what ``corridors serve
    --production`` adds); the local profile's defaults if it cannot be read."""
    try:
        from corridors.cli.serve import production_flags

        return tuple(production_flags())
    except Exception:  # noqa: BLE001 - still measure something comparable
        return ("--server.fileWatcherType=none", "--server.runOnSave=false",
                "--global.developmentMode=false")


def server_process(url: str) -> psutil.Process:
    """The ``streamlit run`` child of this process serving ``url``."""
    port = url.rsplit(":", 1)[1]
    for child in psutil.Process().children(recursive=True):
        try:
            if port in child.cmdline() and "streamlit" in " ".join(child.cmdline()):
                return child
        except psutil.Error:
            continue
    raise RuntimeError(f"no streamlit process found for {url}")


def rss_mb(proc: psutil.Process) -> float:
    """Resident memory of the server and its children, in MB."""
    total = 0
    for p in (proc, *proc.children(recursive=True)):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / MB


@dataclass
class Level:
    users: int
    result: LoadResult
    rss_before: float
    rss_connected: float = 0.0
    rss_loaded: float = 0.0
    rss_after: float = 0.0
    first_load_p50: float = 0.0

    @property
    def per_user_mb(self) -> float:
        return (self.rss_connected - self.rss_before) / self.users


@dataclass
class AppRun:
    name: str
    levels: list[Level] = field(default_factory=list)
    rss_start: float = 0.0
    rss_end: float = 0.0
    rss_peak: float = 0.0


async def measure_app(url: str, name: str, levels: tuple[int, ...] = LEVELS) -> AppRun:
    proc = server_process(url)
    run = AppRun(name)
    # warm-up: compile the pages, fill the caches, import everything the page imports
    await run_load(url, 2, duration_s=3, timeout_s=RUN_TIMEOUT_S)
    await asyncio.sleep(1)
    run.rss_start = run.rss_peak = rss_mb(proc)
    for users in levels:
        level = Level(users, LoadResult(users, WINDOW_S), rss_before=rss_mb(proc))

        def connected(level=level):
            level.rss_connected = rss_mb(proc)

        def loaded(level=level):
            level.rss_loaded = rss_mb(proc)

        level.result = await run_load(url, users, duration_s=WINDOW_S, timeout_s=RUN_TIMEOUT_S,
                                      when_connected=connected, before_close=loaded)
        await asyncio.sleep(1)
        level.rss_after = rss_mb(proc)
        firsts = sorted(r.latency_s for r in level.result.first_loads if r.ok)
        level.first_load_p50 = firsts[len(firsts) // 2] if firsts else float("nan")
        run.rss_peak = max(run.rss_peak, level.rss_connected, level.rss_loaded)
        run.levels.append(level)
        r = level.result
        print(f"  {name}: {users} users: {r.throughput:.1f} reruns/s, p50 "
              f"{r.latency(0.5) * 1000:.0f} ms, p95 {r.latency(0.95) * 1000:.0f} ms, "
              f"{r.errors} errors {r.error_samples}, RSS {level.rss_before:.0f} -> "
              f"{level.rss_connected:.0f} -> {level.rss_loaded:.0f} -> {level.rss_after:.0f} MB",
              flush=True)
    run.rss_end = rss_mb(proc)
    return run


def _ms(seconds: float) -> str:
    return "n/a" if seconds != seconds else f"{seconds * 1000:,.0f} ms"


def _ratio(ours: float, naive: float, *, higher_is_better: bool) -> str:
    if not ours or not naive or ours != ours or naive != naive:
        return "n/a"
    return f"{ours / naive:.1f}x" if higher_is_better else f"{naive / ours:.1f}x"


INTRO = (
    "Simulated users over Streamlit's websocket protocol (`benchmarks/load_client.py`: "
    "`rerun_script` BackMsgs, ForwardMsgs read until `script_finished`), no pause between "
    "reruns; each rerun changes the deck (▶ next period, Middle Corridor off, ▶, on, ...). "
    "Window {window:g} s per level after every user has loaded the page once; throughput "
    "counts reruns finished inside it, latency also those in flight at its end. Both apps "
    "served by `streamlit run` with the production profile (deploy/production.config.toml, "
    "as `corridors serve --production`; file watcher off) on a temporary SQLite database; "
    "the naive page is benchmarks/naive_map_app.py (layers inline at 1:10m, ~20 MB per "
    "changed deck). **The client (one asyncio process, which also inflates and parses every "
    "message) and the server share this machine's {cores} cores.** RSS = server process "
    "and children; memory per user = (all connected and idle - before) / users.\n\n"
    "Where the server's time goes (py-spy, 200 Hz, 12 s of 20 users on the shipped "
    "production profile, 2026-11-27): before the map caches, 42% of samples ran the page "
    "(`periods_with_data` 16%, building the `pydeck.Deck` 9%, of which pydeck's failed "
    "Jupyter-widget import, tried 4 times per Deck, 8.5%; filtering the figures frame and "
    "unpickling it from `st.cache_data` about 8%) and 40% ran Streamlit's "
    "`gc.collect(2)` after every script run (`runner.postScriptGC`, on by default). With "
    "the periods, placed figures and deck cached per data version and view, the page is "
    "15% of samples and the post-run collection 63%: it, not the page, caps a core at "
    "about 7 full reruns per second. The profiles (deploy/production.config.toml and "
    ".streamlit/config.toml) therefore set `runner.postScriptGC = false` "
    "(`BENCH_LOAD_VARIANTS=profile,gc` adds a table with it back on). They also set "
    "`global.minCachedMessageSize = 100`, so an unchanged element goes as a hash "
    "reference (issue 17). The naive page runs up to {naive_max} users only: beyond, its "
    "~20 MB decks need gigabytes on this shared machine.\n"
)


def report(ours: AppRun, naive: AppRun, options: tuple[str, ...]) -> str:
    rows = []
    naive_at = {lv.users: lv for lv in naive.levels}
    for a in ours.levels:
        b = naive_at.get(a.users)
        if b is None:
            rows += _rows_without_baseline(a)
            continue
        ra, rb = a.result, b.result
        rows += [
            [a.users, "full reruns per second", f"{ra.throughput:.1f}", f"{rb.throughput:.2f}",
             _ratio(ra.throughput, rb.throughput, higher_is_better=True)],
            [a.users, "rerun latency p50", _ms(ra.latency(0.5)), _ms(rb.latency(0.5)),
             _ratio(ra.latency(0.5), rb.latency(0.5), higher_is_better=False)],
            [a.users, "rerun latency p95", _ms(ra.latency(0.95)), _ms(rb.latency(0.95)),
             _ratio(ra.latency(0.95), rb.latency(0.95), higher_is_better=False)],
            [a.users, "first load p50 (all users at once)", _ms(a.first_load_p50),
             _ms(b.first_load_p50), _ratio(a.first_load_p50, b.first_load_p50,
                                           higher_is_better=False)],
            [a.users, "errors (failed loads/reruns)", ra.errors, rb.errors, ""],
            [a.users, "reruns measured (+ finished after the window)",
             f"{len(ra.reruns)} (+{len(ra.late_reruns)})",
             f"{len(rb.reruns)} (+{len(rb.late_reruns)})", ""],
            [a.users, "server RSS: before / all connected / after load",
             f"{a.rss_before:.0f} / {a.rss_connected:.0f} / {a.rss_loaded:.0f} MB",
             f"{b.rss_before:.0f} / {b.rss_connected:.0f} / {b.rss_loaded:.0f} MB", ""],
            [a.users, "memory per connected user", f"{a.per_user_mb:.2f} MB",
             f"{b.per_user_mb:.2f} MB", _ratio(a.per_user_mb, b.per_user_mb,
                                               higher_is_better=False)],
        ]
    rows.append(["all", "server RSS growth over the run (peak - start; end - start)",
                 f"{ours.rss_peak - ours.rss_start:.0f} MB; {ours.rss_end - ours.rss_start:.0f} MB",
                 f"{naive.rss_peak - naive.rss_start:.0f} MB; "
                 f"{naive.rss_end - naive.rss_start:.0f} MB", ""])
    goal = {lv.users: lv for lv in ours.levels}
    verdicts = []
    if GOAL_USERS in goal:
        got = goal[GOAL_USERS].result.throughput
        verdicts.append(f"{GOAL_RERUNS_S:.0f} reruns/s with {GOAL_USERS} users: {got:.1f} "
                        f"({'met' if got >= GOAL_RERUNS_S else 'missed'})")
    if MAX_USERS in goal:
        errs = goal[MAX_USERS].result.errors
        verdicts.append(f"{MAX_USERS} users with zero errors: {errs} "
                        f"({'met' if errs == 0 else 'missed'})")
        p95 = goal[MAX_USERS].result.latency(0.95)
        verdicts.append(f"rerun p95 at most {GOAL_P95_S:.1f} s with {MAX_USERS} users: "
                        f"{_ms(p95)} ({'met' if p95 <= GOAL_P95_S else 'missed'})")
    growth = ours.rss_peak - ours.rss_start
    verdicts.append(f"memory growth under {GOAL_GROWTH_MB:.0f} MB: {growth:.0f} MB "
                    f"({'met' if growth < GOAL_GROWTH_MB else 'missed'})")
    return (
        markdown_table(["users", "measure", "corridors", "naive baseline",
                          "corridors vs baseline"], rows)
        + "\nGoals (issues 7 and 17): " + "; ".join(verdicts) + ".\n"
    )


def _rows_without_baseline(a: Level) -> list[list]:
    """A level the naive page was not run at (see NAIVE_LEVELS)."""
    ra, absent = a.result, "not run (needs GBs)"
    return [
        [a.users, "full reruns per second", f"{ra.throughput:.1f}", absent, ""],
        [a.users, "rerun latency p50", _ms(ra.latency(0.5)), absent, ""],
        [a.users, "rerun latency p95", _ms(ra.latency(0.95)), absent, ""],
        [a.users, "first load p50 (all users at once)", _ms(a.first_load_p50), absent, ""],
        [a.users, "errors (failed loads/reruns)", ra.errors, absent, ""],
        [a.users, "reruns measured (+ finished after the window)",
         f"{len(ra.reruns)} (+{len(ra.late_reruns)})", absent, ""],
        [a.users, "server RSS: before / all connected / after load",
         f"{a.rss_before:.0f} / {a.rss_connected:.0f} / {a.rss_loaded:.0f} MB", absent, ""],
        [a.users, "memory per connected user", f"{a.per_user_mb:.2f} MB", absent, ""],
    ]


# The production profile as shipped (runner.postScriptGC=false), then with Streamlit's
# default post-run full garbage collection back on, to show what that setting buys:
# gc.collect(2) after every script run is most of a cheap rerun's server time.
VARIANTS = {
    "profile": ("production profile as shipped (runner.postScriptGC=false)", ()),
    "gc": ("production profile with Streamlit's default runner.postScriptGC=true",
           ("--runner.postScriptGC=true",)),
}


def main() -> int:
    base = profile_options()
    chosen = os.environ.get("BENCH_LOAD_VARIANTS", "profile").split(",")
    sections = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {"CORRIDORS_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        for variant in chosen:
            title, extra = VARIANTS[variant]
            options = (*base, *extra)
            runs = {}
            for name, script in (("corridors", "app.py"),
                                 ("naive", "benchmarks/naive_map_app.py")):
                print(f"== {title}: {name} ({script})", flush=True)
                started = time.monotonic()
                levels = LEVELS if name == "corridors" else tuple(
                    n for n in LEVELS if n in NAIVE_LEVELS)
                with app_server(env=env, script=script, options=options) as url:
                    runs[name] = asyncio.run(measure_app(url, name, levels))
                gc.collect()
                print(f"  {name}: {time.monotonic() - started:.0f} s", flush=True)
            sections.append(f"### {title}\n\n" + report(runs["corridors"], runs["naive"],
                                                           options))
            print(sections[-1], flush=True)
    intro = INTRO.format(window=WINDOW_S, cores=os.cpu_count(), naive_max=max(NAIVE_LEVELS))
    body = intro + "\n" + "\n".join(sections)
    if os.environ.get("BENCH_LOAD_NO_RECORD") != "1":
        record_section("load", "Load: concurrent users rerunning the Map page", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
