"""Uploads from sessions that may not edit are refused by the server (issue 18): real
PUTs to Streamlit's upload endpoint, no browser, against the real editor gate."""

from __future__ import annotations

import pytest

from corridors.domain.editors import hash_password
from tests.support import app_server
from tests.test_security import put_upload, session_at, xsrf_token

pytestmark = pytest.mark.slow
APP = "tests/fixtures/apps/guarded_upload.py"
SMALL = b"corridor,location\n" + b"middle,aktau\n" * 100


def texts(session, query=""):
    return session.rerun(query)


def test_only_editor_sessions_may_hold_uploaded_bytes(tmp_path):
    secrets = tmp_path / "secrets.toml"
    digest = hash_password("sesame-42", iterations=1000)
    secrets.write_text(f'[editors]\npassword_hash = "{digest}"\n')
    options = (f"--secrets.files={secrets}", "--server.enableXsrfProtection=true")
    with app_server(script=APP, options=options) as url, session_at(url) as session:
        assert texts(session)[0] == "may_edit=False"
        sid, token = session.session_id, xsrf_token(url)
        # a viewer: the server refuses the bytes (not merely a hidden uploader)
        assert put_upload(url, sid, "viewer", SMALL, token=token) == 403
        assert texts(session, "ids=viewer")[1] == "stored []"
        # the same session after the right password: accepted and held
        assert texts(session, "password=sesame-42")[0] == "may_edit=True"
        assert put_upload(url, sid, "editor", SMALL, token=token) == 204
        assert texts(session, "ids=editor")[1] == f"stored [editor={len(SMALL)}]"
        # locking again drops what the session holds, and refuses new uploads
        assert texts(session, "lock=1&ids=editor") == ["may_edit=False", "stored []"]
        assert put_upload(url, sid, "again", SMALL, token=token) == 403


def test_local_mode_sessions_may_upload(tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("# no [editors]: local single-user mode\n")
    with app_server(script=APP, options=(f"--secrets.files={secrets}",
                                         "--server.enableXsrfProtection=true")) as url, \
            session_at(url) as session:
        assert texts(session)[0] == "may_edit=True"
        token = xsrf_token(url)
        assert put_upload(url, session.session_id, "local", SMALL, token=token) == 204
        assert texts(session, "ids=local")[1] == f"stored [local={len(SMALL)}]"


def test_a_viewer_on_the_map_page_is_refused(tmp_path):
    """The real app: a session that only opened the Map (the gate never ran) holds
    nothing either, with or without an uploader anywhere in sight."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[editors]\npassword_hash = "{hash_password("x" * 12, iterations=1000)}"\n')
    env = {"CORRIDORS_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    with app_server(env=env, options=(f"--secrets.files={secrets}",
                                      "--server.enableXsrfProtection=true")) as url, \
            session_at(url) as session:
        session.rerun()
        session.rerun()  # past the first run's switch to st.navigation
        status = put_upload(url, session.session_id, "map-viewer", SMALL,
                            token=xsrf_token(url))
        assert status == 403
