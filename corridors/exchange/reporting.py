"""Tables for people: the validation report, the change preview and the history.

Every function returns plain rows (dicts of text and numbers) for a table widget, or
bytes for a download; nothing here renders anything. Text that came from an upload
(file names, cell text quoted in messages, sources, notes, authors) stays a table cell:
the Data page shows these rows with ``st.dataframe``, never as markdown or HTML, and the
report CSV neutralises formula prefixes like every other export.

The sentences of :func:`import_message` and :func:`revert_message` hold only numbers and
our own words, so a page may show them in a coloured message box (which renders markdown).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

import pandas as pd

from corridors.domain.i18n import N_, gettext_for, translator
from corridors.domain.records import CANONICAL_COLUMNS, IDENTITY_COLUMNS, Record
from corridors.ingest import CODES, Report, format_value, neutralise_formula
from corridors.ingest.dialect import delimiter_title
from corridors.ingest.messages import problem_message
from corridors.store import ChangePreview, ImportOutcome, Revision

REPORT_COLUMNS = ("line", "column", "code", "severity", "message")
#: Table headers the pages show (translated there: ``ui.text_table`` translates headers);
#: listed here so that extraction finds them. Machine formats (CSV) keep them in English.
TABLE_HEADERS = (N_("line"), N_("column"), N_("code"), N_("severity"), N_("message"),
                 N_("count"), N_("Field"), N_("Value"), N_("corridor"), N_("new"),
                 N_("changed"), N_("unchanged"), N_("revision"), N_("kind"),
                 N_("time (UTC)"), N_("author"), N_("file"), N_("figures"), N_("added"),
                 N_("note"), N_("state"), N_("status"), N_("old value"), N_("new value"),
                 N_("fields"), N_("location"), N_("period"), N_("metric"),
                 N_("direction"), N_("unit"), N_("period_start"), N_("period_end"),
                 N_("value"), N_("quality"), N_("source"))
SEVERITY_TITLES = {"error": N_("error"), "warning": N_("warning")}
#: Codecs an editor may pick when the encoding was a guess: UTF-8 with and
#: without BOM, UTF-16 (Excel "Unicode text"), Russian and Kazakh Windows code pages.
ENCODING_CHOICES = ("utf-8", "utf-8-sig", "utf-16", "cp1251", "kz1048", "cp1252", "latin-1")
# Identity fields shown beside a changed figure (the dates are in the period label).
_CHANGE_KEY = ("corridor", "series", "location", "period", "metric", "direction", "unit")
_COMPARED = tuple(c for c in CANONICAL_COLUMNS if c not in IDENTITY_COLUMNS and c != "period")


def problem_rows(report: Report, lang: str = "en") -> list[dict]:
    """Return the listed problems, errors first, as rows of ``REPORT_COLUMNS``; the
    severity and message in ``lang`` (the code stays as it is).

    ``line`` is the physical line in the uploaded file (header = 1), as text so that
    whole-file problems can leave it empty; in a spreadsheet it is the sheet's row with
    the cell beside it (``12 (Data!C12)``). ``column`` is the header as written.
    """
    _ = gettext_for(lang)
    return [{"line": ("" if p.row is None else str(p.row)) + (f" ({p.cell})" if p.cell
                                                              else ""),
             "column": p.column or "",
             "code": p.code, "severity": _(SEVERITY_TITLES[p.severity]),
             "message": problem_message(p, lang)}
            for p in (*report.errors, *report.warnings)]


def problem_sentences(report: Report, lang: str = "en") -> list[str]:
    """Each listed problem as one line of text to show in full (the table cuts long
    messages): ``line 5, column value: error negative-value: ...``, in ``lang``."""
    _ = gettext_for(lang)
    lines = []
    for row in problem_rows(report, lang):
        where = ", ".join(part for part in (
            _("line {line}").format(line=row["line"]) if row["line"] else "",
            _("column {column}").format(column=row["column"]) if row["column"] else "")
            if part) or _("the whole file")
        lines.append(f"{where}: {row['severity']} {row['code']}: {row['message']}")
    return lines


def count_rows(report: Report) -> list[dict]:
    """Return how often each code occurred (listed or not), errors first."""
    ordered = sorted(report.counts.items(), key=lambda item: (CODES[item[0]] != "error",
                                                               item[0]))
    return [{"code": code, "severity": CODES[code], "count": int(count)}
            for code, count in ordered if count]


def report_facts(report: Report, lang: str = "en") -> list[dict]:
    """Return two-column rows (Field, Value) on how the file was read, in ``lang``.

    The file name is uploaded text: it belongs in a table cell, not in a sentence.
    """
    _ = gettext_for(lang)
    encoding = report.encoding or _("not detected")
    if report.encoding and report.encoding_guessed:
        encoding += " " + _("(a guess: pick another encoding below if names look wrong)")
    facts = [(_("File"), report.filename or ""), (_("Encoding"), encoding),
             (_("Delimiter"), delimiter_title(report.delimiter, with_symbol=True)
              if report.delimiter else _("none (a spreadsheet)")
              if report.sheet is not None else _("not detected")),
             (_("Layout"), report.layout or _("not detected")),
             (_("Data rows"), str(report.rows)),
             *([(_("Sheet"), report.sheet)] if report.sheet is not None else []),
             (_("Errors"), str(report.error_count)),
             (_("Warnings"), str(report.warning_count))]
    return [{"Field": field, "Value": value} for field, value in facts]


def report_csv(report: Report) -> bytes:
    """Return the listed problems as a UTF-8 CSV, formula prefixes neutralised.

    Messages quote cells from the upload; a cell such as ``=HYPERLINK(...)`` must not
    run when the report is opened in a spreadsheet.
    """
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=REPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in problem_rows(report):
        writer.writerow({key: neutralise_formula(value) for key, value in row.items()})
    return out.getvalue().encode("utf-8")


def record_rows(records: Sequence[Record], limit: int | None = None) -> list[dict]:
    """Return the first ``limit`` records as canonical rows (dates ISO, value a number)."""
    chosen = records if limit is None else records[:limit]
    return [_record_row(r) for r in chosen]


def _record_row(record: Record) -> dict:
    row = dict(zip(CANONICAL_COLUMNS, record.as_row(), strict=True))
    row["period_start"] = record.period_start.isoformat()
    row["period_end"] = record.period_end.isoformat()
    return row


def preview_summary_rows(preview: ChangePreview) -> list[dict]:
    """Return one row per corridor: figures new, changed and unchanged, and a total row."""
    rows = [{"corridor": corridor, "new": n["added"], "changed": n["changed"],
             "unchanged": n["unchanged"]} for corridor, n in preview.summary().items()]
    if len(rows) > 1:
        rows.append({"corridor": "all", "new": sum(r["new"] for r in rows),
                     "changed": sum(r["changed"] for r in rows),
                     "unchanged": sum(r["unchanged"] for r in rows)})
    return rows


def change_rows(preview: ChangePreview, limit: int | None = None) -> list[dict]:
    """Return the figures an import would add or change: ``old value -> new value``.

    ``fields`` names what differs besides the value (quality, source, note) and
    ``changes`` says ``field: old -> new`` for every changed field, value included; a
    new figure has no old value.
    """
    rows = [_change_row("changed", change.new, change.old) for change in preview.changed]
    rows += [_change_row("new", record, None) for record in preview.added]
    return rows if limit is None else rows[:limit]


def _change_row(status: str, new: Record, old: Record | None) -> dict:
    row = {"status": status, **{key: getattr(new, key) for key in _CHANGE_KEY}}
    row["old value"] = "" if old is None else format_value(old.value)
    row["new value"] = format_value(new.value)
    differs = [] if old is None else [f for f in _COMPARED if getattr(old, f) != getattr(new, f)]
    row["fields"] = ", ".join(differs)
    row["changes"] = "" if old is None else "; ".join(
        f"{f}: {_shown(old, f)} -> {_shown(new, f)}" for f in dict.fromkeys(("value", *differs))
        if getattr(old, f) != getattr(new, f))
    return row


def _shown(record: Record, name: str) -> str:
    """A field of a figure for the preview: numbers formatted, an empty text said so."""
    if name == "value":
        return format_value(record.value)
    return repr(str(getattr(record, name))) if getattr(record, name) else "(empty)"


def format_utc(moment: dt.datetime) -> str:
    """``2025-03-01 14:05:09 UTC`` for a timezone-aware (or UTC-naive) datetime."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")




#: The kinds of revision as the history shows them (English msgids; the store keeps codes).
REVISION_KIND_TITLES = {"import": N_("import"), "revert": N_("revert"), "seed": N_("seed")}


def history_rows(revisions: Iterable[Revision], lang: str = "en") -> list[dict]:
    """Return the history as table rows, in the order given (the store: newest first);
    the kind and state in ``lang`` (author, file and note are the uploaders' own)."""
    _ = translator(lang).gettext
    return [{"revision": r.id, "kind": _(REVISION_KIND_TITLES.get(r.kind, r.kind)),
             "time (UTC)": format_utc(r.created_at), "author": r.author,
             "file": r.filename, "figures": r.row_count, "added": r.added,
             "changed": r.changed, "note": r.note, "state": revision_state(r, lang)}
            for r in revisions]


def revision_state(revision: Revision, lang: str = "en") -> str:
    """The history's wording of a revision's state (see ``Revision.state``, the English)."""
    if lang == "en":
        return revision.state
    _ = translator(lang).gettext
    if not revision.in_effect:
        return _("reverted by revision {revision}").format(revision=revision.reverted_by)
    if revision.kind == "revert":
        return _("in effect (reverts revision {revision})").format(revision=revision.reverts)
    return _("in effect")


def import_message(outcome: ImportOutcome, lang: str = "en") -> tuple[str, str]:
    """Return ``(level, sentence)`` for an import outcome; level is success/info/error.

    The sentence leaves out the file name (uploaded text), so it is safe in a message box
    that renders markdown. English is the store's own wording (``outcome.sentence``).
    """
    levels = {"imported": "success", "already-imported": "info", "reverted": "warning"}
    level = levels.get(outcome.status, "error") if outcome.revision is not None else "error"
    if lang == "en":
        return level, outcome.sentence(with_filename=False)
    _, rev = gettext_for(lang), outcome.revision
    if outcome.status == "imported" and rev is not None:
        return level, _("Imported as revision {revision}: {figures} figures, {added} "
                        "added, {changed} changed.").format(
            revision=rev.id, figures=rev.row_count, added=outcome.added,
            changed=outcome.changed)
    if outcome.status == "already-imported" and rev is not None:
        if rev.in_effect:
            return level, _("Already imported as revision {revision}; nothing "
                            "changed.").format(revision=rev.id)
        return level, _("Already imported as revision {revision} (reverted by revision "
                        "{by}); nothing changed.").format(revision=rev.id,
                                                          by=rev.reverted_by)
    return level, _("Refused: the file has errors; nothing was stored.")


def revert_message(target_id: int, revision: Revision, lang: str = "en") -> str:
    """The sentence after a revert (English: ``Revision.revert_sentence``)."""
    if lang == "en":
        return revision.revert_sentence(target_id)
    _ = gettext_for(lang)  # bound to ``_`` so that extraction finds the message
    return _(
        "Reverted revision {target} as new revision {revision}: {added} figures back, "
        "{changed} changed or withdrawn.").format(target=int(target_id),
                                                  revision=revision.id,
                                                  added=revision.added,
                                                  changed=revision.changed)


def plural(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``, ``1 data row``."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def report_verdict(report: Report, lang: str = "en") -> tuple[str, str]:
    """``("success" | "error", sentence)`` for the top of the report (numbers only, never
    uploaded text), in ``lang`` with its plural forms."""
    if lang != "en":
        ngettext = translator(lang).ngettext
        if report.valid:
            return "success", ngettext(
                "No errors: {n} data row read. Check the preview below, then import.",
                "No errors: {n} data rows read. Check the preview below, then import.",
                report.rows).format(n=report.rows)
        return "error", ngettext(
            "{n} error: nothing can be imported. Fix the lines listed below and upload "
            "the file again.",
            "{n} errors: nothing can be imported. Fix the lines listed below and upload "
            "the file again.", report.error_count).format(n=report.error_count)
    if report.valid:
        return "success", (f"No errors: {plural(report.rows, 'data row')} read. Check the "
                           "preview below, then import.")
    return "error", (f"{plural(report.error_count, 'error')}: nothing can be imported. Fix "
                     "the lines listed below and upload the file again.")


def formula_safe_table(rows, columns=None) -> pd.DataFrame:
    """Rows as a DataFrame whose text cells are neutralised against formula injection.

    ``st.dataframe`` offers a CSV download that does not neutralise formulas,
    and authors, notes and file names are typed by people, so every table the pages show
    goes through here.
    """
    frame = pd.DataFrame(rows, columns=columns)
    return frame.map(lambda cell: neutralise_formula(cell) if isinstance(cell, str) else cell)
