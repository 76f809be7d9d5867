"""The websocket load client (benchmarks/load_client.py) drives real reruns of the Map
page: every run ends with ``script_finished``, carries the deck, and widget changes sent
as BackMsgs reach the page (the period steps, a layer goes off)."""

from __future__ import annotations

import asyncio
import urllib.parse

import pytest

from benchmarks.load_client import AppSession, LoadClientError, run_load, widget_key
from tests.support import app_server


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("load-db") / "corridors.sqlite3"
    with app_server(env={"CORRIDORS_DATABASE_URL": f"sqlite:///{db}"}) as url:
        yield url


def _params(tab: AppSession) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(tab.query_string))


def test_two_users_three_reruns_each(live_url):
    result = asyncio.run(run_load(live_url, 2, duration_s=60, max_reruns=3, timeout_s=30))
    runs = [*result.first_loads, *result.reruns, *result.late_reruns]
    assert len(result.first_loads) == 2 and len(runs) == 2 + 2 * 3
    assert result.errors == 0, result.error_samples
    for run in runs:
        assert run.ok and run.latency_s > 0
        assert run.elements["deck_gl_json_chart"] == 1, run.elements  # the map arrived
    assert result.throughput > 0 and result.latency(0.95) >= result.latency(0.5)


def test_widget_changes_reach_the_page(live_url):
    async def scenario():
        async with AppSession(live_url) as tab:
            first = await tab.run()
            before = _params(tab)
            step = await tab.run(trigger=["period_forward"])
            stepped = _params(tab)
            off = await tab.run(set_widgets={"layer_middle": False})
            return first, step, off, before, stepped, _params(tab), tab

    first, step, off, before, stepped, after, tab = asyncio.run(scenario())
    assert first.ok and step.ok and off.ok
    assert tab.page_script_hash and "period_forward" in tab.widgets
    assert stepped["period"] != before["period"]
    assert "middle" in before["layers"].split(",")
    assert "middle" not in after["layers"].split(",")


def test_refuses_non_loopback_hosts():
    with pytest.raises(LoadClientError):
        AppSession("http://example.com:8501")
    assert widget_key("$$ID-0123abcd-layer_middle") == "layer_middle"
    assert widget_key("$$ID-0123abcd-None") is None
