"""A small database for the documents: the app tests' tiny exports plus affair-indicator targets and a
proposal whose name holds characters that XML must escape. Loaded by the real loader, read by the real
query module, and every document opened again with python-docx or pypdf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from selaras.kueri import Basis
from tests.app.conftest import USULAN, bangun_db

TARGET_URUSAN = [
    ["Tahun", "Kode Provinsi", "Jenis", "Kode Urusan", "Indikator", "Satuan", "Baseline", "Target Nasional",
     "Target Daerah", "Target Kesepakatan", "Status", "Catatan"],
    [2022, "32", "urusan", "1.02", "Prevalensi Stunting", "%", "24,5", "18 - 19", "20", "19,25", "Disepakati",
     "Dengan dukungan DAK"],
    [2022, "32", "urusan", "1.03", "Akses Air Minum Layak", "%", "85", "90", "88", "", "Belum Disepakati", ""],
]

USULAN_TAMBAHAN = [
    USULAN[0],
    ["U10", 2022, "32", "033", "1.03.02.2.01.0003", "Jalan & Jembatan <Tahap 2>", "PN5", "", "250.000.000", 7,
     "Disetujui dengan Catatan"],
    ["U11", 2022, "32", "033", "1.03.02.2.01.0004", "Drainase Perkotaan", "PN5", "", "50.000.000", 99, "Disetujui"],
]
"""U11's desk 99 is on no list: the loader keeps the proposal with its desk empty (and flagged)."""


def bangun(folder: Path, db: Path) -> Path:
    return bangun_db(folder, db, {"usulan_tambahan.csv": USULAN_TAMBAHAN, "target_urusan.csv": TARGET_URUSAN})


@pytest.fixture(scope="session")
def db_dokumen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    akar = tmp_path_factory.mktemp("dokumen")
    return bangun(akar / "ekspor", akar / "dokumen.duckdb")


@pytest.fixture(scope="session")
def db_sampel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same exports loaded from a folder named 'sample': the documents must carry the sample warning."""
    akar = tmp_path_factory.mktemp("sampel")
    return bangun(akar / "sample", akar / "sampel.duckdb")


@pytest.fixture(scope="module")
def basis(db_dokumen: Path):
    with Basis(db_dokumen) as b:
        yield b


def buka_docx(data: bytes | Path):
    import io

    return Document(io.BytesIO(data) if isinstance(data, bytes) else data)


def tabel_dengan_kepala(doc, kepala: str) -> list[list[str]]:
    """The rows (below the header) of the table whose header row holds ``kepala``."""
    for t in doc.tables:
        if kepala in [c.text for c in t.rows[0].cells]:
            return [[c.text for c in r.cells] for r in t.rows[1:]]
    raise AssertionError(f"no table with header {kepala!r}")


def teks_isi(doc) -> str:
    """Every paragraph and table cell of the body, in order, as one text."""
    bagian = []
    for blok in doc.element.body.iterchildren():
        if blok.tag.endswith("}p"):
            bagian.append(Paragraph(blok, doc).text)
        elif blok.tag.endswith("}tbl"):
            bagian += [c.text for r in Table(blok, doc).rows for c in r.cells]
    return "\n".join(bagian)


def rupiah_ke_angka(teks: str) -> int:
    """'1.234.000' -> 1234000."""
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", teks), teks
    return int(teks.replace(".", ""))
