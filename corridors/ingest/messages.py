"""Validation messages in the uploader's language (issue 14).

Codes stay the stable, machine-readable part; what a person reads is translated. Each
code has one sentence template here (what is wrong, how to fix it), an English msgid of
the ``corridors`` gettext catalogs. In English a problem keeps the detailed message the
reader wrote (with the cell, the value and a "did you mean"); in Russian and Kazakh it
reads as the translated sentence of its code followed by that detail, so nothing the
English reader learns (the quoted value, the suggestion) is lost.
"""

from __future__ import annotations

from corridors.domain.i18n import DEFAULT_LANGUAGE, N_, gettext_for, normalise_language
from corridors.ingest.problems import Problem

#: One sentence per code of ``problems.CODES`` (tests check that none is missing).
CODE_SENTENCES = {
    "not-a-csv": N_("This is not a CSV file or a spreadsheet. Save it as CSV UTF-8 "
                    "and upload it again."),
    "encoding-error": N_("The file's bytes do not fit its encoding. Save it as CSV "
                         "UTF-8 and upload it again."),
    "line-too-long": N_("A line is far too long (often a missing closing quote); "
                        "reading stopped there."),
    "too-many-rows": N_("The file has too many rows; reading stopped. Split the file."),
    "missing-column": N_("A required column is missing (corridor, period, value or "
                         "unit)."),
    "duplicate-column": N_("Two header cells mean the same column. Keep one of them."),
    "extra-cell": N_("The row has more cells than the header (often an unquoted "
                     "separator)."),
    "missing-cell": N_("A required cell is empty, or the row has fewer cells than the "
                       "header."),
    "type-error": N_("The value is not a number."),
    "ambiguous-number": N_("The number can be read in two ways (decimal comma or "
                           "thousands). Write it unambiguously."),
    "negative-value": N_("The value is below zero; changes and percentages belong in "
                         "the note."),
    "non-finite-value": N_("The value is not a finite number."),
    "bad-period": N_("The period cannot be read, or it is impossible."),
    "unknown-corridor": N_("Unknown corridor. Use northern or middle, or one of their "
                           "names."),
    "unknown-location": N_("Unknown place on this corridor. Use a node, segment or "
                           "route of the catalog."),
    "unknown-value": N_("The value is not in the vocabulary of this column."),
    "unknown-unit": N_("Unknown unit. Use t, kt, Mt, TEU or trains (or their Russian "
                       "forms)."),
    "unit-metric-mismatch": N_("This unit does not fit the period or the metric."),
    "duplicate-key": N_("The same figure appears twice in the file."),
    "unit-conflict": N_("The same figure appears twice, in different scales."),
    "formula-injection": N_("A text cell starts like a spreadsheet formula (= + - @). "
                            "Remove that first character."),
    "control-character": N_("The cell holds invisible control characters. Remove "
                             "them."),
    "too-long": N_("The cell is longer than its column allows."),
    "no-data-rows": N_("There are no data rows under the header."),
    "not-a-workbook": N_("The spreadsheet is damaged. Open it, save it again and "
                         "upload that copy."),
    "password-protected": N_("The workbook is protected by a password. Remove the "
                             "password and upload it again."),
    "unknown-sheet": N_("The workbook has no sheet of that name."),
    "workbook-too-large": N_("The workbook is too large. Split it."),
    "unknown-column": N_("Unknown column: it is ignored."),
    "total-row": N_("A total row: it is skipped, never stored as a figure."),
    "encoding-guessed": N_("The encoding was guessed. Check that the names read "
                           "correctly."),
    "kazakh-mis-decoded": N_("Kazakh letters look mis-decoded. Save the file as UTF-8 "
                             "or read it as kz1048."),
    "default-filled": N_("The column is missing: every figure got the default value."),
    "skipped-row": N_("Rows above the header were skipped."),
    "bad-quote": N_("A quote in the row is not where CSV allows it. Quote the whole cell "
                    "and double any quote inside it."),
    "too-many-figures": N_("The file holds too many figures; reading stopped. Split the "
                           "file."),
    "value-out-of-range": N_("The value is outside the range a figure may take."),
    "unknown-series": N_("Unknown series, or a figure that needs one. Use a series slug "
                         "from geodata/series.toml, or leave the cell empty for the "
                         "corridor's headline series."),
    "series-assumed": N_("Figures without a series were filed under their corridor's "
                         "headline series. Add a series column if they belong to another "
                         "series."),
}


def problem_message(problem: Problem, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """The problem's message for a reader of ``lang``: the detailed English message in
    English; elsewhere the translated sentence of its code, then that detail."""
    lang = normalise_language(lang) or DEFAULT_LANGUAGE
    sentence = CODE_SENTENCES.get(problem.code)
    if lang == DEFAULT_LANGUAGE or sentence is None:
        return problem.message
    _ = gettext_for(lang)
    details = _("details")
    return f"{_(sentence)} ({details}: {problem.message})"


def problem_dict(problem: Problem, lang: str | None = DEFAULT_LANGUAGE) -> dict:
    """``Problem.to_dict()`` with the message in ``lang`` (keys and codes unchanged)."""
    shape = problem.to_dict()
    shape["message"] = problem_message(problem, lang)
    return shape
