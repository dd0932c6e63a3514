"""The sample generator: every edition's exports load as its manifest says, and the committed sample is its output."""

import csv
import hashlib
import json
import tomllib
from pathlib import Path

import duckdb
import pytest

from etl.muat import muat
from etl.rujukan import FOLDER_RUJUKAN
from etl.sample import BAHAN, daftar_edisi, tulis_sampel

SAMPEL = Path(__file__).resolve().parents[2] / "data" / "sample"
EDISI = [e.tahun_rencana for e in daftar_edisi()]


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


def test_edisi_lintas_periode(sampel):
    """At least one more plan year in RPJMN 2020-2024 besides 2022, and one of RPJMN 2025-2029 with every
    province and PN that data/reference holds for it."""
    _, manifest, db, _ = sampel
    assert 2022 in EDISI and {2023, 2024} & set(EDISI) and any(2025 <= t <= 2029 for t in EDISI)
    assert sorted(manifest["edisi"]) == sorted(map(str, EDISI))
    baru = max(t for t in EDISI if 2025 <= t <= 2029)
    with open(FOLDER_RUJUKAN / "provinsi.csv", encoding="utf-8", newline="") as f:
        provinsi = sum(int(r["berlaku_mulai"]) <= baru for r in csv.DictReader(f))
    with duckdb.connect(str(db), read_only=True) as con:
        prov, pn = con.execute("SELECT count(DISTINCT kode_provinsi), count(DISTINCT kode_pn) FROM usulan "
                               "WHERE tahun = ?", [baru]).fetchall()[0]
        pn_periode = con.execute("SELECT count(*) FROM pn_tahun(?)", [baru]).fetchall()[0][0]
    assert (prov, pn) == (provinsi, pn_periode) == (38, 8)


@pytest.mark.parametrize("tahun", EDISI)
def test_hanya_baris_tanaman_yang_ditolak(sampel, tahun):
    """Planted cells are rejected at their row; an unknown code only empties its field (scope 'field')."""
    folder, manifest, db, _ = sampel
    with duckdb.connect(str(db), read_only=True) as con:
        ditolak = con.execute('SELECT file, "row", "column", scope FROM etl_rejects').fetchall()
    awalan = folder.as_posix() + "/"
    didapat = {(f.removeprefix(awalan), r, c, s) for f, r, c, s in ditolak
               if f.removeprefix(awalan).startswith(f"{tahun}/")}
    ditanam = {(d["file"], d["row"], d["column"], d["scope"]) for d in manifest["edisi"][str(tahun)]["ditanam"]}
    assert ditanam, "every edition plants bad rows"
    assert {d[3] for d in ditanam} == {"row", "field"}, "each edition plants both kinds"
    assert {c for _, _, c, lingkup in ditanam if lingkup == "field"} <= {"kode_pn", "kode_mp", "kode_kl", "kode_urusan"}
    assert didapat == ditanam


@pytest.mark.parametrize("tahun", EDISI)
def test_jumlah_baris_dan_pagu_sesuai_manifest(sampel, tahun):
    _, manifest, db, _ = sampel
    harapan = manifest["edisi"][str(tahun)]["expected"]
    with duckdb.connect(str(db), read_only=True) as con:
        for tabel in ("usulan", "target_indikator", "desk_sesi"):
            n = con.execute(f"SELECT count(*) FROM {tabel} WHERE tahun = ?", [tahun]).fetchall()[0][0]
            assert n == harapan[tabel] > 0, tabel
        pagu = con.execute("SELECT sum(pagu) FROM usulan WHERE tahun = ?", [tahun]).fetchall()[0][0]
    assert pagu == pytest.approx(harapan["pagu_total"])


def test_duplikat_dihitung_dan_berkas_asing_gagal_sendiri(sampel):
    folder, manifest, _, hasil = sampel
    per_berkas = {Path(b.file).relative_to(folder).as_posix(): b for b in hasil.berkas}
    duplikat = [d for e in manifest["edisi"].values() for d in e["duplikat"]]
    for d in duplikat:
        assert per_berkas[d["file"]].rows_duplicate >= 1
    assert sum(b.rows_duplicate for b in hasil.berkas) == len(duplikat)
    gagal = {f for f, b in per_berkas.items() if b.status == "failed"}
    assert gagal == {f for e in manifest["edisi"].values() for f in e["gagal"]}
    for f, isi in manifest["files"].items():
        if isi["kind"]:
            assert per_berkas[f].kind == isi["kind"], f
            assert f.startswith(f"{isi['tahun']}/"), "each edition in its own folder"


def test_manifest_tertulis_tanpa_ekstensi_agar_tidak_dimuat(sampel):
    folder, manifest, *_ = sampel
    assert json.loads((folder / "MANIFEST").read_text()) == manifest


def test_edisi_baru_cukup_data(tmp_path, monkeypatch):
    """A new edition is an entry in edisi.toml, not code: one more plan year comes out of the same generator."""
    import etl.sample as s

    bahan = tmp_path / "bahan"
    bahan.mkdir()
    for p in BAHAN.iterdir():
        (bahan / p.name).write_bytes(p.read_bytes())
    with open(BAHAN / "edisi.toml", "rb") as f:
        asli = tomllib.load(f)
    teks = (BAHAN / "edisi.toml").read_text(encoding="utf-8")
    teks += ('\n[[edisi]]\ntahun_rencana = 2028\ntahun_edisi = 2027\nrapat_mulai = 2027-02-22\n'
             'rapat_selesai = 2027-03-05\ndicetak = 2027-03-02T11:00:00\ntahun_baseline = 2025\nbenih = 7\n'
             'usulan = { usulan_sipd_csv = "sisa" }\n\n[[edisi.berkas]]\ntata_letak = "usulan_sipd_csv"\n'
             'rusak = [{ kepala = "Kode Provinsi", nilai = "99" }]\n')
    (bahan / "edisi.toml").write_text(teks, encoding="utf-8")
    monkeypatch.setattr(s, "BAHAN", bahan)
    s._bahan_edisi.cache_clear()
    s.tata_letak_sampel.cache_clear()
    try:
        manifest = tulis_sampel(tmp_path / "keluar", tahun=(2028,))
    finally:
        s._bahan_edisi.cache_clear()
        s.tata_letak_sampel.cache_clear()
    assert len(asli["edisi"]) == len(EDISI)
    db = tmp_path / "t.duckdb"
    muat([tmp_path / "keluar"], db)
    with duckdb.connect(str(db), read_only=True) as con:
        n, prov = con.execute("SELECT count(*), count(DISTINCT kode_provinsi) FROM usulan WHERE tahun = 2028").fetchall()[0]
        ditolak = con.execute('SELECT "column", "value" FROM etl_rejects').fetchall()
    assert n == manifest["edisi"]["2028"]["expected"]["usulan"] and prov == 38
    assert ditolak == [("kode_provinsi", "99")]
