"""The Data page's widgets: upload, report, preview, import, history, downloads.

The editor check lives in :mod:`corridors.ui.editor_gate`; every write's callback asks it
again right before writing. Uploaded text (file names, cell text quoted in messages,
notes, authors) is shown only in tables or with ``st.text``; the message boxes, which
render markdown, hold our own sentences with numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from corridors.domain.records import CANONICAL_COLUMNS
from corridors.exchange import downloads, reporting
from corridors.ingest import ValidationResult, validate_bytes
from corridors.ingest.workbook import looks_like_workbook, sheet_names
from corridors.store import ChangePreview, Store, StoreError
from corridors.ui import exports
from corridors.ui.controls import text_table
from corridors.ui.editor_gate import EditorAccess, author_of, check_access
from corridors.ui.flash import flash as _flash
from corridors.ui.flash import show_flash
from corridors.ui.language import _, current_language
from corridors.ui.loaders import cached_store

PREVIEW_ROWS = 200
CHANGE_ROWS = 500
_CHECKED = "data_checked"
_TEMPLATE_SUFFIX = {"en": "", "ru": "-ru", "kk": "-kk"}


@dataclass(frozen=True)
class Upload:
    """The uploaded bytes and how the page reads them (``encoding`` None: detected;
    ``sheet`` None: a CSV, or the first sheet of a workbook)."""

    data: bytes
    filename: str
    file_id: str
    encoding: str | None
    sheet: str | None = None


# --- upload, report, preview, import ---------------------------------------------------

def _validated(upload: Upload) -> ValidationResult:
    """Validate once per file and encoding in this session (every widget reruns the page)."""
    key = (upload.file_id, upload.encoding, upload.sheet)
    held = st.session_state.get(_CHECKED) or {}
    if key not in held:
        held = {k: v for k, v in held.items() if k[0] == upload.file_id}  # forget old files
        checking = _("Checking {size} bytes…").format(size=f"{len(upload.data):,}")
        with st.status(checking, expanded=False) as status:
            status.write(_("Reading the encoding, the delimiter and the header"))
            result = validate_bytes(upload.data, filename=upload.filename,
                                    encoding=upload.encoding, sheet=upload.sheet)
            status.write(_("Checked {rows} rows").format(rows=f"{result.report.rows:,}"))
            status.update(label=_("Checked {rows} rows").format(rows=f"{result.report.rows:,}"),
                          state="complete")
        held[key] = result
        st.session_state[_CHECKED] = held
    return held[key]


def _encoding_choice(upload: Upload, detected: ValidationResult) -> Upload:
    """When the encoding was a guess, let the editor read the file with another codec."""
    key = f"encoding_{upload.file_id}"
    if not detected.report.encoding_guessed and key not in st.session_state:
        return upload
    found = detected.report.encoding
    options = list(reporting.ENCODING_CHOICES)
    if found and found not in options:
        options.insert(0, found)
    st.warning(_("The encoding of this file was a guess. If names in the report or the "
                 "preview look wrong, read the file again with another encoding."))
    picked = st.selectbox(_("Read the file as"), options, key=key,
                          index=options.index(found) if found in options else 0)
    encoding = None if picked == found else picked
    return Upload(upload.data, upload.filename, upload.file_id, encoding)


def _sheet_choice(upload: Upload) -> Upload | None:
    """A workbook: which sheet to read (the first by default); None for a CSV file."""
    held = st.session_state.get("upload_sheets")
    if not held or held[0] != upload.file_id:  # open the workbook once per file
        names = sheet_names(upload.data) if looks_like_workbook(upload.data) else []
        held = (upload.file_id, names)
        st.session_state["upload_sheets"] = held
    names = held[1]
    if len(names) < 2:
        return upload if names else None
    picked = st.selectbox(_("Sheet"), names, key=f"sheet_{upload.file_id}",
                          help=_("The worksheet with the figures; the first one by default."))
    return Upload(upload.data, upload.filename, upload.file_id, None,
                  None if picked == names[0] else picked)


def report_section(report) -> None:
    """The validation report: how the file was read, the problems, counts, a CSV of it."""
    lang = current_language()
    st.subheader(_("Validation report"))
    text_table(reporting.report_facts(report, lang), ["Field", "Value"])
    kind, sentence = reporting.report_verdict(report, lang)
    (st.success if kind == "success" else st.error)(sentence)
    problems = reporting.problem_rows(report, lang)
    if not problems:
        return
    text_table(problems, reporting.REPORT_COLUMNS)
    with st.expander(_("The messages in full")):
        for line in reporting.problem_sentences(report, lang):
            st.text(line)  # plain text that wraps (it may quote the upload)
    if len(problems) < report.error_count + report.warning_count:
        st.caption(_("Only the first {cap} problems of each severity are listed; the "
                     "counts below cover all of them.").format(cap=report.cap))
    text_table(reporting.count_rows(report), ["code", "severity", "count"])
    st.download_button(_("Download the report (CSV)"), reporting.report_csv(report),
                       file_name="validation-report.csv", mime="text/csv",
                       key="report_csv", on_click="ignore")


def _preview(store: Store, upload: Upload, result: ValidationResult, version: int,
             ) -> ChangePreview:
    key = ("preview", upload.file_id, upload.encoding, upload.sheet, version)
    held = st.session_state.get("data_preview")
    if not held or held[0] != key:
        held = (key, store.preview(result.records))
        st.session_state["data_preview"] = held
    return held[1]


def preview_section(store: Store, upload: Upload, result: ValidationResult) -> int:
    """Normalised rows and the diff against the current data; return the data version."""
    version = store.data_version()
    preview = _preview(store, upload, result, version)
    records = result.records
    st.subheader(_("Preview"))
    st.caption(_("Normalised figures: the first {shown} of {total}. Nothing is stored "
                 "until you press Import.").format(shown=min(len(records), PREVIEW_ROWS),
                                                   total=len(records)))
    text_table(reporting.record_rows(records, PREVIEW_ROWS), CANONICAL_COLUMNS)
    st.markdown("**" + _("What importing would change, per corridor") + "**")
    text_table(reporting.preview_summary_rows(preview),
               ["corridor", "new", "changed", "unchanged"])
    changes = reporting.change_rows(preview, CHANGE_ROWS)
    if changes:
        text_table(changes)
    else:
        st.info(_("Every figure in this file is stored already, unchanged: importing it "
                  "would change nothing."))
    return version


def _import_requested(upload: Upload, shown_version: int) -> None:
    # A callback: it runs before the page is drawn again, even when this session lost
    # the right to edit (then the upload section is gone and the message goes on top).
    if _may_import(shown_version):
        st.session_state["import_due"] = (upload.file_id, shown_version)


def _may_import(shown_version: int) -> bool:
    access = check_access()
    if not access.may_edit:
        _flash("error", _("Not imported: this session may not edit (any more)."))
        return False
    if not author_of(access):
        _flash("warning", _("Not imported: enter your name first; the history shows it."),
               where="import")
        return False
    if cached_store().data_version() != shown_version:
        _flash("warning", _("Not imported: the stored data changed while you looked at "
                            "the preview. Check the new preview, then press Import again."),
               where="import")
        return False
    return True


def _import(upload: Upload, shown_version: int) -> None:
    # Runs in the page, beside the button, with its phases in a status box; it checks
    # everything anew, then the page reruns so the history shows the revision.
    if not _may_import(shown_version):
        return
    store, author = cached_store(), author_of(check_access())
    with st.status(_("Importing…"), expanded=True) as status:
        status.write(_("Checking the file again and writing one revision"))
        try:
            outcome = store.import_file(upload.data, filename=upload.filename,
                                        author=author,
                                        note=str(st.session_state.get("note", "")).strip(),
                                        encoding=upload.encoding, sheet=upload.sheet)
        except StoreError as exc:
            status.update(label=_("Import failed"), state="error")
            _flash("error", _("The import failed; nothing was stored."), str(exc),
                   where="import")
            return
        status.update(label=_("Import finished"), state="complete")
    level, text = reporting.import_message(outcome, current_language())
    st.session_state.pop("revert_revision", None)  # the selector moves to the newest
    _flash(level, text, _("File: {name}").format(name=upload.filename), where="import")


def upload_section(store: Store, access: EditorAccess | None = None) -> None:
    """Upload, report, encoding re-pick, preview and the Import button (editors only);
    the outcome of Import stands beside the button."""
    st.header(_("Upload"))
    uploaded = st.file_uploader(
        _("Throughput CSV or spreadsheet (canonical, long or wide; CSV in UTF-8, UTF-16 "
          "or Windows-1251; .xlsx, .xlsm, .xls, .ods)"),
        type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods"], key="upload",
        on_change=_flash, args=(None,),
        help=_("The file is checked by its content, not its name. Download the template "
               "below for the canonical columns."))
    if uploaded is None:
        st.caption(_("Choose a file: you will see its validation report and what it "
                     "would change before anything is stored."))
        return
    upload = Upload(uploaded.getvalue(), uploaded.name, uploaded.file_id, None)
    upload = _sheet_choice(upload) or _encoding_choice(upload, _validated(upload))
    result = _validated(upload)
    report_section(result.report)
    if not result.report.valid:
        return
    version = preview_section(store, upload, result)
    st.text_input(_("Note (why these figures; shown in the history)"), key="note",
                  max_chars=500)
    named = bool(author_of(access or check_access()))
    st.button(_("Import"), key="import", type="primary", disabled=not named,
              on_click=_import_requested, args=(upload, version),
              help=None if named else _("Enter your name under Editing first: the "
                                        "history shows who imported what."))
    if st.session_state.pop("import_due", None) == (upload.file_id, version):
        _import(upload, version)
        st.rerun()
    if not named:
        st.caption(_("Import is enabled once your name is entered under Editing."))
    show_flash("import")


# --- history and revert -------------------------------------------------------------------

def _revert_clicked(target: int) -> None:
    access = check_access()
    if not st.session_state.get("revert_confirm"):
        _flash("warning", _("Not reverted: tick the confirmation first."), where="revert")
        return
    st.session_state["revert_confirm"] = False  # one confirmation, one revert
    author = author_of(access)
    if not access.may_edit or not author:
        _flash("error", _("Not reverted: this session may not edit, or your name is "
                          "missing."),
               where="revert")
        return
    try:
        revision = cached_store().revert(target, author=author)
    except StoreError as exc:
        _flash("error", _("Revision {revision} was not reverted; nothing changed.").format(
            revision=int(target)), str(exc), where="revert")
        return
    st.session_state.pop("revert_revision", None)  # the selector moves to the newest
    _flash("success", reporting.revert_message(target, revision, current_language()),
           where="revert")


def _revert_controls(revisions, access: EditorAccess) -> None:
    revertable = [r.id for r in revisions if r.in_effect]
    if not revertable:
        return
    st.subheader(_("Revert a revision"))
    # plain numbers: a label that changed with the language would lose the choice
    chosen = st.selectbox(_("Revision to revert"), revertable, key="revert_revision")
    confirmed = st.checkbox(
        _("I understand: reverting records a new revision that undoes the chosen "
          "revision's figures. Nothing is deleted, and the revert can itself be reverted."),
        key="revert_confirm")
    named = bool(author_of(access))
    st.button(_("Revert"), key="revert", disabled=not (confirmed and named),
              on_click=_revert_clicked, args=(chosen,),
              help=None if named else _("Enter your name under Editing first."))
    if not named:
        st.caption(_("Revert is enabled once your name is entered under Editing."))
    show_flash("revert")


def history_section(store: Store, access: EditorAccess) -> None:
    """Every revision, newest first; editors get the revert controls."""
    st.header(_("History"))
    revisions = store.history()
    text_table(reporting.history_rows(revisions, current_language()))
    if access.may_edit:
        _revert_controls(revisions, access)
    else:
        st.caption(_("Reverting a revision is for editors."))


# --- downloads ------------------------------------------------------------------------

def downloads_section(store: Store) -> None:
    """Downloads for everyone; the data files are built only when clicked."""
    st.header(_("Downloads"))
    csv_col, geo_col, template_col, schema_col = st.columns(4)
    csv_col.download_button(_("Current data (CSV)"), lambda: downloads.current_csv(store),
                            file_name="corridors-throughput.csv", mime="text/csv",
                            key="download_csv", on_click="ignore")
    geo_col.download_button(_("Nodes and segments (GeoJSON)"),
                            lambda: downloads.current_geojson(store),
                            file_name="corridors.geojson", mime="application/geo+json",
                            key="download_geojson", on_click="ignore")
    lang = current_language()
    template_col.download_button(_("Template (CSV)"), downloads.template_csv(lang),
                                 file_name=f"throughput-template{_TEMPLATE_SUFFIX[lang]}.csv",
                                 mime="text/csv", key="download_template", on_click="ignore",
                                 help=_("The header in the page's language; the reader "
                                        "accepts English, Russian and Kazakh headers."))
    schema_col.download_button(_("Table Schema (JSON)"), downloads.table_schema_json(),
                               file_name="throughput.schema.json",
                               mime="application/json", key="download_schema",
                               on_click="ignore")
    st.download_button(_("Citable snapshot (ZIP)"), exports.snapshot_data((store.url,
                       store.data_version())), file_name="corridors-snapshot.zip",
                       mime="application/zip", key="download_snapshot", on_click="ignore",
                       help=_("CSV, GeoJSON, GeoPackage, GeoParquet, datapackage.json, "
                              "CITATION.cff and a methodology note, for this revision"))
    st.caption(_("Text cells starting with = + - @ get a leading apostrophe in the CSV "
                 "downloads, so a spreadsheet shows them instead of running them."))
