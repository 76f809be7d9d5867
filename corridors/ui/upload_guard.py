"""A server-side guard on Streamlit's upload endpoint: only editor sessions hold bytes.

Streamlit's ``PUT /_stcore/upload_file/<session>/<file>`` accepts a file for any live
session with a valid XSRF token, whether or not that session was ever shown an
uploader, and keeps the bytes in memory until the session ends. Hiding the
uploader is therefore not enough. :func:`install` wraps the running server's uploaded
file manager so that ``add_file`` refuses (HTTP 403, nothing kept) every session that
the editor gate has not marked as an editor (:func:`allow_session`); a session that
loses the right (locked, password rotated, signed out) has its held files dropped at
once, and Streamlit drops the rest when a session ends.

Under AppTest there is no server: every function is then a no-op.
"""

from __future__ import annotations

import logging
import threading

_log = logging.getLogger("corridors.uploads")
_editors: set[str] = set()
_lock = threading.Lock()
_MARK = "_corridors_upload_guard"


def _manager():
    from streamlit import runtime

    if not runtime.exists():
        return None
    return getattr(runtime.get_instance(), "uploaded_file_mgr", None)


def install() -> bool:
    """Wrap the server's uploaded file manager once per process; True when guarded."""
    manager = _manager()
    if manager is None:
        return False
    with _lock:
        if getattr(manager, _MARK, False):
            return True
        original = manager.add_file

        def add_file(session_id: str, file) -> None:
            with _lock:
                allowed = session_id in _editors
            if not allowed:
                _log.warning("refused an upload of %d bytes from a session that may not "
                             "edit", len(getattr(file, "data", b"")))
                from starlette.exceptions import HTTPException

                raise HTTPException(status_code=403, detail="Uploading is for editors.")
            original(session_id, file)

        manager.add_file = add_file
        setattr(manager, _MARK, True)
    return True


def current_session_id() -> str | None:
    """This script run's session id (None outside a server run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "session_id", None)


def allow_session(may_edit: bool) -> None:
    """Mark this session as an editor (uploads accepted) or not (refused; held files
    dropped now). The editor gate calls it on every run."""
    session_id = current_session_id()
    manager = _manager()
    if session_id is None or manager is None:
        return
    with _lock:
        was = session_id in _editors
        if may_edit:
            _editors.add(session_id)
        else:
            _editors.discard(session_id)
        # sessions that ended since: forget them (Streamlit dropped their files)
        from streamlit import runtime

        rt = runtime.get_instance()
        for gone in [s for s in _editors if not rt.is_active_session(s)]:
            _editors.discard(gone)
    if was and not may_edit:
        manager.remove_session_files(session_id)
