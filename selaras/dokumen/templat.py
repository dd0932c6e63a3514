"""A Word template filled in: the layout is the secretariat's (data/templat/*.docx, restyled in Word), the
fields are ours. A template that lacks a field a document must show, or asks for one we do not have, is
refused with a message that names the field, before any document is written.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from etl.muat import FOLDER_DATA

FOLDER_TEMPLAT_BAWAAN = FOLDER_DATA / "templat"


def folder_templat() -> Path:
    """Where the templates are: $SELARAS_TEMPLAT (a restyled copy elsewhere), else data/templat/."""
    return Path(os.environ.get("SELARAS_TEMPLAT") or FOLDER_TEMPLAT_BAWAAN)


class GalatTemplat(ValueError):
    """A template that cannot make the document; the message says which field and what to do."""


@dataclass(frozen=True)
class Templat:
    """One kind of document: its template file and the fields it must show (field -> what it is)."""

    berkas: str
    wajib: tuple[tuple[str, str], ...]

    def jalur(self, folder: Path | None = None) -> Path:
        return (folder or folder_templat()) / self.berkas

    def periksa(self, isian: Iterable[str], folder: Path | None = None) -> None:
        """Raise GalatTemplat when the template cannot make a document from the fields named in ``isian``
        (a document's fields, or only their names)."""
        jalur = self.jalur(folder)
        periksa(jalur, jalur.stat().st_mtime_ns if jalur.exists() else None, self.wajib, tuple(sorted(isian)))

    def isi(self, isian: dict, folder: Path | None = None) -> bytes:
        """The document: the template at ``folder`` (else folder_templat()) filled with ``isian``."""
        self.periksa(isian, folder)
        jalur = self.jalur(folder)
        doc = _dokumen(_baca(jalur, jalur.stat().st_mtime_ns))
        try:
            doc.render(isian, _LINGKUNGAN)
        except jinja2.TemplateError as e:
            raise GalatTemplat(f"Templat {jalur.name}: {_pesan(e)}. Periksa isian {{{{ }}}} di templat itu "
                               f"atau pulihkan templat bawaan dari data/templat/.") from e
        keluar = io.BytesIO()
        doc.save(keluar)
        return keluar.getvalue()


class _Lingkungan(jinja2.Environment):
    """Compiles each part of a template once: a batch fills the same template a thousand times, and
    compiling its XML took a third of each document's time."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self._terkompilasi: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - jinja2's signature
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._terkompilasi:
            if len(self._terkompilasi) >= 32:
                self._terkompilasi.clear()
            self._terkompilasi[source] = super().from_string(source)
        return self._terkompilasi[source]


_LINGKUNGAN = _Lingkungan()
"""Escaped, so a '&' or '<' in a proposal's name stays text; strict, so a misspelt field is an error."""


def _pesan(e: jinja2.TemplateError) -> str:
    """Jinja's message in words a template editor can act on."""
    teks = str(e.message or e)
    if isinstance(e, jinja2.UndefinedError):
        return f"isian yang tidak dikenal ({teks})"
    return f"tanda templat tidak sah ({teks})"


def _dokumen(isi: bytes):  # -> docxtpl.DocxTemplate
    """A template's bytes as a document to fill. docxtpl (with python-docx) is imported here, on first use: a page
    that offers no Word document does not load it."""
    from docxtpl import DocxTemplate
    return DocxTemplate(io.BytesIO(isi))


@lru_cache(maxsize=8)
def _baca(jalur: Path, _mtime_ns: int) -> bytes:
    """The template's bytes, read once per version of the file."""
    return jalur.read_bytes()


@lru_cache(maxsize=16)
def periksa(jalur: Path, _mtime_ns: int | None, wajib: tuple[tuple[str, str], ...], tersedia: tuple[str, ...]) -> None:
    """Refuse a template that is missing, unreadable, lacks a required field or uses an unknown one (checked
    again when the file changes)."""
    if not jalur.exists():
        raise GalatTemplat(f"Templat {jalur} tidak ditemukan. Salin templat bawaan dari data/templat/ ke sana.")
    try:
        dipakai = _dokumen(jalur.read_bytes()).get_undeclared_template_variables(_LINGKUNGAN)
    except jinja2.TemplateError as e:
        raise GalatTemplat(f"Templat {jalur.name}: {_pesan(e)}.") from e
    except ImportError:  # a library missing from the installation is not a fault of the template
        raise
    except Exception as e:  # python-docx raises several kinds for a file that is no .docx
        raise GalatTemplat(f"Templat {jalur.name} tidak dapat dibaca sebagai dokumen Word (.docx): {e}") from e
    for nama, arti in wajib:
        if nama not in dipakai:
            raise GalatTemplat(f"Templat {jalur.name} tidak memuat isian wajib '{nama}' ({arti}). "
                               f"Tambahkan {{{{ {nama} }}}} di templat itu atau pulihkan templat bawaan.")
    if asing := sorted(dipakai - set(tersedia)):
        raise GalatTemplat(f"Templat {jalur.name} memakai isian yang tidak dikenal: "
                           f"{', '.join(repr(a) for a in asing)}. Isian yang tersedia: {', '.join(tersedia)}.")
