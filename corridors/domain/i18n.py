"""The interface in Kazakh, Russian and English: gettext catalogs, languages, names.

Translations live as gettext ``.po`` sources in ``corridors/locale/<lang>/LC_MESSAGES/
corridors.po`` (managed with Babel: ``pybabel extract -F babel.cfg`` collects the marked
strings into ``corridors/locale/corridors.pot``, ``pybabel update`` merges them into the
``.po`` files; README "Translations"). There is no compile step to forget: the first call
of :func:`translator` for a language compiles its ``.po`` to a ``.mo`` in memory with Babel
(fuzzy entries left out, as ``msgfmt`` does) and keeps it for the process. A fresh clone,
an editable install and a wheel (which carries the ``.po`` files as package data) all work
the same way.

English is the source language: its msgids are the English texts, so ``en`` needs no
catalog. Strings are marked with ``_()``/``N_()`` (a no-op marker for module-level
constants, translated where they are shown) and ``ngettext`` for counts; plural forms come
from each catalog's ``Plural-Forms`` header (Russian has three, Kazakh two).
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

#: The interface languages, in menu order, each named in itself.
LANGUAGES: dict[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "en"
#: The gettext domain (file name of the catalogs).
DOMAIN = "corridors"
LOCALE_DIR: Path = Path(__file__).resolve().parent.parent / "locale"


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for a no-op marker)
    """Mark a module-level constant for extraction; it is translated where it is shown."""
    return message


def normalise_language(tag: str | None) -> str | None:
    """A supported language code from a browser or POSIX locale tag, else ``None``.

    ``"ru-RU"`` -> ``"ru"``; ``"kk_KZ.UTF-8"`` -> ``"kk"``; ``"en-GB"`` -> ``"en"``;
    ``"de-DE"``, ``"C"``, ``""`` and ``None`` -> ``None``.
    """
    if not tag:
        return None
    code = tag.strip().replace("_", "-").split(".")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The CLI's language from ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` or ``LANG``
    (the first one set, as gettext reads them), else English."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            # LANGUAGE may list several (``kk:ru``): take the first supported one
            for part in value.split(":"):
                found = normalise_language(part)
                if found:
                    return found
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def catalog_path(lang: str) -> Path:
    """The ``.po`` source of one language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translator(lang: str | None) -> gettext.NullTranslations:
    """The translations of ``lang`` (``gettext``, ``ngettext``, ``pgettext``).

    English, and any language without a catalog, get ``NullTranslations``: the English
    msgids themselves. The catalog is compiled once per process.
    """
    lang = normalise_language(lang) or DEFAULT_LANGUAGE
    path = catalog_path(lang)
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(lang: str | None):
    """The ``_`` function of one language (``_ = gettext_for("kk")``)."""
    return translator(lang).gettext


def localised_name(names: Mapping[str, str], lang: str | None) -> str:
    """The name in ``lang`` from ``{"en": ..., "ru": ..., "kk": ...}``, falling back to
    Russian for Kazakh (the other language every reader of a Kazakh page reads) and to
    English for anything missing."""
    lang = normalise_language(lang) or DEFAULT_LANGUAGE
    order = {"kk": ("kk", "ru", "en"), "ru": ("ru", "en"), "en": ("en",)}[lang]
    for code in order:
        if names.get(code):
            return names[code]
    return next((v for v in names.values() if v), "")


class TitledInLanguages:
    """Mixin of records with ``title``, ``title_ru`` and ``title_kk`` fields (corridors,
    routes, layers, series, scenario elements): one ``title_in`` for all of them."""

    __slots__ = ()

    def title_in(self, lang: str | None) -> str:
        """The title in ``en``, ``ru`` or ``kk``, falling back as ``localised_name``."""
        return localised_name({"en": self.title, "ru": self.title_ru, "kk": self.title_kk},
                              lang)
