"""The sample generator: its exports load as its manifest says, and the committed sample is its output."""

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from etl.muat import muat
from etl.sample import tulis_sampel

SAMPEL = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.fixture(scope="module")
def sampel(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sampel")
    manifest = tulis_sampel(folder)
    db = folder.parent / "sampel.duckdb"
    hasil = muat([folder], db)
    return folder, manifest, db, hasil


def _sidik(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_sampel_yang_disimpan_sama_dengan_keluaran_generator(sampel):
    folder, *_ = sampel
    assert _sidik(folder) == _sidik(SAMPEL), "regenerate: python -m etl sample data/sample"


def test_hanya_baris_tanaman_yang_ditolak(sampel):
    """Planted cells are rejected at their row; an unknown code only empties its field (scope 'field')."""
    folder, manifest, db, _ = sampel
    with duckdb.connect(str(db), read_only=True) as con:
        ditolak = con.execute('SELECT file, "row", "column", scope FROM etl_rejects').fetchall()
    awalan = folder.as_posix() + "/"
    didapat = {(f.removeprefix(awalan), r, c, s) for f, r, c, s in ditolak}
    ditanam = {(d["file"], d["row"], d["column"], d["scope"]) for d in manifest["ditanam"]}
    assert {d["column"] for d in manifest["ditanam"] if d["scope"] == "field"} == {"kode_pn", "kode_mp", "kode_kl"}
    assert len(ditolak) == len(manifest["ditanam"])
    assert didapat == ditanam


def test_jumlah_baris_dan_pagu_sesuai_manifest(sampel):
    _, manifest, db, _ = sampel
    harapan = manifest["expected"]
    with duckdb.connect(str(db), read_only=True) as con:
        for tabel in ("usulan", "target_indikator", "desk_sesi"):
            assert con.execute(f"SELECT count(*) FROM {tabel}").fetchall()[0][0] == harapan[tabel], tabel
        pagu = con.execute("SELECT sum(pagu) FROM usulan").fetchall()[0][0]
    assert pagu == pytest.approx(harapan["pagu_total"])


def test_duplikat_dihitung_dan_berkas_asing_gagal_sendiri(sampel):
    folder, manifest, _, hasil = sampel
    per_berkas = {Path(b.file).relative_to(folder).as_posix(): b for b in hasil.berkas}
    for d in manifest["duplikat"]:
        assert per_berkas[d["file"]].rows_duplicate >= 1
    assert sum(b.rows_duplicate for b in hasil.berkas) == len(manifest["duplikat"])
    gagal = {f for f, b in per_berkas.items() if b.status == "failed"}
    assert gagal == set(manifest["gagal"])
    for f, isi in manifest["files"].items():
        if f not in manifest["gagal"]:
            assert per_berkas[f].kind == isi["kind"], f


def test_manifest_tertulis_tanpa_ekstensi_agar_tidak_dimuat(sampel):
    folder, manifest, *_ = sampel
    assert json.loads((folder / "MANIFEST").read_text()) == manifest
