"""Pulling from the SIPD web service: a real SIPD-like HTTP server on 127.0.0.1 (tests/layanan_sipd.py),
slow, rate-limited and failing on demand; every kind loaded whole, or left as it was with a clear reason."""

from __future__ import annotations

import csv
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from etl.tarik import HasilTarik, tarik
from etl.unduh import Kesabaran
from tests import layanan_sipd as sipd
from tests.etl.fikstur import AKAR, isi_tabel, kamus, keadaan, kueri, lingkungan_cli, tulis_json
from tests.layanan_sipd import TOKEN, LayananSipd

CEPAT = Kesabaran(batas_waktu=10, ulang=2, jeda_awal=0.05)
"""Retries without the production pauses; a timeout generous enough for a busy machine."""


@pytest.fixture(scope="module")
def _server() -> LayananSipd:
    with LayananSipd() as layanan:
        yield layanan


def _isi_awal(layanan: LayananSipd) -> None:
    """10 proposals (3 pages of 4), 5 targets, 5 desk sessions of which 2 finished."""
    layanan.isi("usulan", 2022, sipd.usulan(10))
    layanan.isi("target_indikator", 2022, sipd.target_indikator())
    layanan.isi("desk_sesi", 2022, sipd.desk_sesi(selesai=2))


@pytest.fixture
def layanan(_server: LayananSipd) -> LayananSipd:
    _server.kosongkan()
    _isi_awal(_server)
    return _server


def tarik_ke(layanan: LayananSipd, db: Path, kesabaran: Kesabaran = CEPAT, **opsi: object) -> HasilTarik:
    return tarik(layanan.url, 2022, TOKEN, db=db, per_halaman=4, kesabaran=kesabaran, **opsi)


@pytest.fixture(scope="module")
def db_awal(_server: LayananSipd, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database after one complete pull of the initial records (copied by each test that changes it)."""
    _server.kosongkan()
    _isi_awal(_server)
    db = tmp_path_factory.mktemp("awal") / "t.duckdb"
    assert not tarik_ke(_server, db).ada_gagal
    return db


@pytest.fixture
def db_terisi(db_awal: Path, tmp_path: Path) -> Path:
    db = tmp_path / "t.duckdb"
    shutil.copyfile(db_awal, db)
    return db


def _status(hasil: HasilTarik) -> dict[str, str]:
    return {j.kind: j.status for j in hasil.jenis}


def test_setiap_halaman_setiap_jenis_dalam_satu_muat(layanan: LayananSipd, db: Path) -> None:
    hasil = tarik_ke(layanan, db)

    assert {j.kind: (j.status, j.pages, j.records) for j in hasil.jenis} == {
        "usulan": ("loaded", 3, 10), "target_indikator": ("loaded", 2, 5), "desk_sesi": ("loaded", 2, 5)}
    assert [(p.halaman, p.tahun, p.per_halaman) for p in layanan.diminta("usulan")] == [
        (1, 2022, 4), (2, 2022, 4), (3, 2022, 4)]
    # SIPD's own keys land in the canonical columns (tahun_anggaran, kode_bidang_urusan, nama_sub_giat)
    assert kueri(db, "SELECT id_usulan, tahun, kode_urusan, nama_sub_kegiatan, pagu FROM usulan ORDER BY 1")[:2] == [
        ("S-0001", 2022, "1.02", "Pelayanan kesehatan 1", 1e8), ("S-0002", 2022, "1.02", "Pelayanan kesehatan 2", 2e8)]
    assert kueri(db, "SELECT count(*) FROM usulan")[0][0] == 10
    assert kueri(db, "SELECT DISTINCT target_nasional_min, target_nasional_max FROM target_indikator") == [(5.2, 5.8)]
    assert kueri(db, "SELECT count(*) FILTER (berita_acara) FROM desk_sesi")[0][0] == 2
    # one pull = one load = one run, every kind recorded under its address
    assert kueri(db, "SELECT run_id, status, files, rows_loaded FROM etl_runs") == [(1, "loaded", 3, 20)]
    assert sorted(r[0] for r in kueri(db, "SELECT file FROM etl_files")) == sorted(
        f"{layanan.url}/api/rakortek/{k}?tahun=2022" for k in ("usulan", "target_indikator", "desk_sesi"))
    tarikan = kamus(db, "SELECT * FROM etl_pulls ORDER BY kind")
    assert {(r["pull_id"], r["run_id"], r["status"], r["kind"], r["pages"], r["records"]) for r in tarikan} == {
        (1, 1, "loaded", "desk_sesi", 2, 5), (1, 1, "loaded", "target_indikator", 2, 5), (1, 1, "loaded", "usulan", 3, 10)}
    # the raw pages are kept as received, content-addressed; the kind's records as loaded too
    usulan = next(r for r in tarikan if r["kind"] == "usulan")
    for nomor, sha in enumerate(usulan["page_sha256"], start=1):
        halaman = json.loads((db.parent / "sumber" / sha[:2] / f"{sha}.json").read_bytes())
        assert halaman["meta"] == {"page": nomor, "per_page": 4, "total": 10, "last_page": 3}
    gabungan = (db.parent / "sumber" / usulan["sha256"][:2] / f"{usulan['sha256']}.csv").read_text(encoding="utf-8")
    baris = list(csv.reader(gabungan.splitlines(), delimiter=";"))
    assert baris[0][:3] == ["id_usulan", "tahun_anggaran", "kode_provinsi"], "the service's keys head the file"
    assert [b[0] for b in baris[1:]] == [f"S-{i:04d}" for i in range(1, 11)]


def test_429_menunggu_selama_retry_after(layanan: LayananSipd, db: Path) -> None:
    layanan.ganggu("usulan", 2, "429", detik=1)

    hasil = tarik_ke(layanan, db, jenis=["usulan"])

    assert _status(hasil) == {"usulan": "loaded"}
    kedua = layanan.diminta("usulan", 2)
    assert [p.status for p in kedua] == [429, 200]
    assert kedua[1].waktu - kedua[0].waktu >= 0.95, "waited as long as Retry-After said, not the short backoff"
    assert kueri(db, "SELECT count(*) FROM usulan")[0][0] == 10


def test_503_dicoba_ulang_lalu_berhasil(layanan: LayananSipd, db: Path) -> None:
    layanan.ganggu("desk_sesi", 1, "503", kali=2)

    hasil = tarik_ke(layanan, db, jenis=["desk_sesi"])

    assert _status(hasil) == {"desk_sesi": "loaded"}
    assert [p.status for p in layanan.diminta("desk_sesi", 1)] == [503, 503, 200]
    assert kueri(db, "SELECT count(*) FROM desk_sesi")[0][0] == 5


def test_jawaban_lebih_lambat_dari_batas_waktu_dicoba_ulang(layanan: LayananSipd, db: Path) -> None:
    layanan.ganggu("usulan", 2, "lambat", detik=30)

    hasil = tarik_ke(layanan, db, Kesabaran(batas_waktu=2, ulang=2, jeda_awal=0.05), jenis=["usulan"])

    assert _status(hasil) == {"usulan": "loaded"}
    assert len(layanan.diminta("usulan", 2)) == 2, "the slow answer was given up on and asked again"
    assert kueri(db, "SELECT count(*) FROM usulan")[0][0] == 10


GANGGUAN = {  # fault, on which pages of usulan, how patient the client is, what it must say
    "json_terpotong": ("json_terpotong", (2,), CEPAT, "halaman 2: jawaban bukan JSON utuh"),
    "total_salah": ("total_salah", (1, 2, 3), CEPAT, "12 rekaman diterima dari 3 halaman, padahal total layanan 13"),
    "total_berubah": ("total_salah", (1,), CEPAT, "halaman 2: total berubah selama penarikan (13 menjadi 12 rekaman)"),
    "putus": ("putus", (3,), CEPAT, "halaman 3: sambungan gagal"),
    "503": ("503", (1,), CEPAT, "halaman 1: HTTP 503 Service Unavailable (sudah 3 kali dicoba)"),
    "lambat": ("lambat", (3,), Kesabaran(batas_waktu=1.5, ulang=1, jeda_awal=0.05),
               "halaman 3: layanan tidak menjawab dalam 1,5 detik (sudah 2 kali dicoba)"),
}


@pytest.mark.parametrize("kasus", GANGGUAN)
def test_jenis_yang_tidak_lengkap_tidak_dimuat_dan_yang_lain_dimuat(layanan: LayananSipd, db_terisi: Path,
                                                                    kasus: str) -> None:
    cara, daftar_halaman, kesabaran, pesan = GANGGUAN[kasus]
    sebelum = isi_tabel(db_terisi)
    layanan.isi("usulan", 2022, sipd.usulan(12, pagu=2e8))  # SIPD changed: 12 proposals, other amounts
    layanan.isi("desk_sesi", 2022, sipd.desk_sesi(selesai=4))
    for halaman in daftar_halaman:
        layanan.ganggu("usulan", halaman, cara, kali=-1, detik=30)

    hasil = tarik_ke(layanan, db_terisi, kesabaran, jenis=["usulan", "desk_sesi"])

    usulan = hasil.jenis[0]
    assert (usulan.status, hasil.jenis[1].status) == ("failed", "loaded")
    assert pesan in usulan.error
    assert hasil.ada_gagal
    setelah = isi_tabel(db_terisi)
    assert setelah["usulan"] == sebelum["usulan"], "the failed kind stays exactly as it was"
    assert setelah["desk_sesi"] != sebelum["desk_sesi"]
    assert kueri(db_terisi, "SELECT count(*) FILTER (berita_acara) FROM desk_sesi")[0][0] == 4
    assert kueri(db_terisi, "SELECT kind, run_id, status, error FROM etl_pulls WHERE pull_id = 2 ORDER BY kind") == [
        ("desk_sesi", 2, "loaded", None), ("usulan", None, "failed", usulan.error)]
    assert [r[0] for r in kueri(db_terisi, "SELECT file FROM etl_files WHERE run_id = 2")] == [
        f"{layanan.url}/api/rakortek/desk_sesi?tahun=2022"]


def test_tarikan_mengganti_jenis_dan_tahun_seluruhnya(layanan: LayananSipd, db_terisi: Path, tmp_path: Path) -> None:
    """SIPD withdrew S-0001..S-0003: the pull removes them (kept in etl_removed); another year stays."""
    from etl.muat import muat

    muat([tulis_json(tmp_path / "2023.json", {"data": sipd.usulan(2, tahun=2023)})], db_terisi)
    layanan.isi("usulan", 2022, sipd.usulan(7, awal=4))

    hasil = tarik_ke(layanan, db_terisi, jenis=["usulan"])

    assert _status(hasil) == {"usulan": "loaded"}
    assert hasil.muat.dihapus["usulan"] == 3
    assert kueri(db_terisi, "SELECT tahun, count(*), min(id_usulan), max(id_usulan) FROM usulan GROUP BY 1 ORDER BY 1") == [
        (2022, 7, "S-0004", "S-0010"), (2023, 2, "S-0001", "S-0002")]
    assert kueri(db_terisi, 'SELECT run_id, kind, tahun, "key" FROM etl_removed ORDER BY "key"') == [
        (3, "usulan", 2022, f"S-000{i} · 2022") for i in (1, 2, 3)]


def test_tarikan_tanpa_yang_baru_tidak_mengubah_apa_pun(layanan: LayananSipd, db_terisi: Path, tmp_path: Path) -> None:
    sebelum = keadaan(db_terisi, kecuali=("etl_pulls",))
    ringkasan = kueri(db_terisi, "SELECT * FROM riwayat_ringkasan ORDER BY ALL")

    hasil = tarik_ke(layanan, db_terisi)

    assert hasil.muat is None and not hasil.ada_gagal
    assert set(_status(hasil).values()) == {"unchanged"}
    assert keadaan(db_terisi, kecuali=("etl_pulls",)) == sebelum
    assert kueri(db_terisi, "SELECT * FROM riwayat_ringkasan ORDER BY ALL") == ringkasan, "same figures, no new run"
    assert kueri(db_terisi, "SELECT DISTINCT status, run_id FROM etl_pulls WHERE pull_id = 2") == [("unchanged", None)]

    # a file loaded since then touched desk_sesi: the same records from SIPD are new again for that kind
    from etl.muat import muat

    muat([tulis_json(tmp_path / "desk.json", {"data": sipd.desk_sesi(selesai=5)})], db_terisi)
    assert _status(tarik_ke(layanan, db_terisi)) == {
        "usulan": "unchanged", "target_indikator": "unchanged", "desk_sesi": "loaded"}
    assert kueri(db_terisi, "SELECT count(*) FILTER (berita_acara) FROM desk_sesi")[0][0] == 2


def test_rekaman_jenis_lain_tahun_lain_atau_kosong_tidak_dimuat(layanan: LayananSipd, db_terisi: Path) -> None:
    sebelum = keadaan(db_terisi, kecuali=("etl_pulls",))
    layanan.isi("usulan", 2022, sipd.desk_sesi())  # the usulan endpoint answers desk sessions
    layanan.isi("desk_sesi", 2022, sipd.desk_sesi(tahun=2022)[:3] + sipd.desk_sesi(tahun=2023)[3:])
    layanan.isi("target_indikator", 2022, [])

    hasil = tarik_ke(layanan, db_terisi)

    assert _status(hasil) == {"usulan": "failed", "target_indikator": "empty", "desk_sesi": "failed"}
    assert "rekaman usulan dikenali sebagai desk_sesi" in hasil.jenis[0].error
    assert "layanan mengirim rekaman tahun 2023 untuk permintaan tahun 2022" in hasil.jenis[2].error
    assert hasil.muat is None
    assert keadaan(db_terisi, kecuali=("etl_pulls",)) == sebelum
    assert kueri(db_terisi, "SELECT kind, status, records FROM etl_pulls WHERE pull_id = 2 ORDER BY kind") == [
        ("desk_sesi", "failed", 5), ("target_indikator", "empty", 0), ("usulan", "failed", 5)]


# ---- the command line ---------------------------------------------------------------------------------

def _fetch(layanan: LayananSipd, db: Path, *argumen: str) -> list[str]:
    return [sys.executable, "-m", "etl", "fetch", "--url", layanan.url, "--tahun", "2022", "--db", str(db),
            "--per-halaman", "4", "--ulang", "1", *argumen]


def _env(token: str | None = TOKEN) -> dict[str, str]:
    env = {k: v for k, v in lingkungan_cli().items() if k != "SIPD_TOKEN"}
    return {**env, "SIPD_TOKEN": token} if token else env


def test_token_ditolak_tanpa_ulang_dan_token_tidak_tercetak(layanan: LayananSipd, db_terisi: Path) -> None:
    sebelum = keadaan(db_terisi, kecuali=("etl_pulls",))
    salah = "tok-salah-91c4e0d2aa"

    r = subprocess.run(_fetch(layanan, db_terisi), cwd=AKAR, capture_output=True, text=True, timeout=120,
                       env=_env(salah))

    assert r.returncode == 1
    assert "HTTP 401 Unauthorized: token ditolak" in r.stdout
    assert "usulan tidak dimuat" in r.stdout
    for token in (salah, TOKEN):
        assert token not in r.stdout + r.stderr
    assert [p.status for p in layanan.diminta()] == [401], "not retried, and no other kind asked"
    assert keadaan(db_terisi, kecuali=("etl_pulls",)) == sebelum
    assert kueri(db_terisi, "SELECT DISTINCT status FROM etl_pulls WHERE pull_id = 2") == [("failed",)]
    for berkas in [db_terisi, *(db_terisi.parent / "sumber").rglob("*.*")]:
        isi = berkas.read_bytes()
        assert salah.encode() not in isi and TOKEN.encode() not in isi, f"a token was recorded in {berkas}"


def test_tarikan_yang_dibunuh_di_tengah_meninggalkan_basis_data_utuh(layanan: LayananSipd, db_terisi: Path) -> None:
    sebelum = keadaan(db_terisi)
    layanan.isi("desk_sesi", 2022, sipd.desk_sesi(selesai=5))
    layanan.isi("usulan", 2022, sipd.usulan(12, pagu=3e8))
    layanan.ganggu("usulan", 2, "tahan")  # the desk sessions came whole; proposals stop at page 2

    proses = subprocess.Popen(_fetch(layanan, db_terisi, "--kinds", "desk_sesi", "usulan"), cwd=AKAR,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    try:
        assert layanan.tertahan.wait(90), "the pull never reached page 2 of usulan"
        assert [p.status for p in layanan.diminta("desk_sesi")] == [200, 200]
        os.kill(proses.pid, signal.SIGKILL)
    finally:
        proses.kill()
        proses.wait()

    assert proses.returncode == -signal.SIGKILL
    assert keadaan(db_terisi) == sebelum
    assert list(db_terisi.parent.glob("t.duckdb.*.tmp")) == []


def test_tarik_berulang_yang_kedua_tanpa_yang_baru(layanan: LayananSipd, db: Path) -> None:
    r = subprocess.run(_fetch(layanan, db, "--setiap", "0.01", "--kali", "2"), cwd=AKAR, capture_output=True,
                       text=True, timeout=300, env=_env())

    assert r.returncode == 0, r.stdout + r.stderr
    pertama, kedua = r.stdout.split("Tarikan berikutnya pukul", 1)
    assert "3/3 halaman · 10/10 rekaman" in pertama and "Tarik #1" in pertama and "Muat #1" in pertama
    assert "Tarik #2" in kedua and "Muat #" not in kedua
    assert "Tidak ada yang baru dari SIPD" in kedua and "Tidak ada yang baru" not in pertama
    assert kueri(db, "SELECT count(*) FROM etl_runs")[0][0] == 1, "each pull at most one load; the second none"
    assert kueri(db, "SELECT pull_id, status, count(*) FROM etl_pulls GROUP BY ALL ORDER BY 1") == [
        (1, "loaded", 3), (2, "unchanged", 3)]


@pytest.mark.parametrize("sigint", ["bawaan", "diabaikan"])
def test_tarik_berulang_berhenti_dengan_ctrl_c(layanan: LayananSipd, db: Path, tmp_path: Path, sigint: str) -> None:
    """Ctrl+C (SIGINT) stops the repeated pull between two pulls, also when the command was started with SIGINT
    ignored, as a shell without job control starts a background job."""
    abaikan = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint == "diabaikan" else None
    with open(tmp_path / "galat.txt", "w+") as galat:
        proses = subprocess.Popen(_fetch(layanan, db, "--setiap", "10", "--kinds", "desk_sesi"), cwd=AKAR,
                                  stdout=subprocess.PIPE, stderr=galat, text=True, env=_env(), preexec_fn=abaikan)
        try:
            baris = ""
            while not baris.startswith("Tarikan berikutnya pukul"):
                baris = proses.stdout.readline()  # the pull is complete once the next one is announced
                assert baris, "the command ended before announcing the next pull"
            proses.send_signal(signal.SIGINT)
            sisa, _ = proses.communicate(timeout=60)
        finally:
            proses.kill()
            proses.wait()
        galat.seek(0)
        assert proses.returncode == 0, galat.read()
    assert "(setiap 10 menit); Ctrl+C untuk berhenti." in baris
    assert sisa.rstrip().endswith("\nDihentikan.") or sisa.strip() == "Dihentikan."
    assert "Tarik #2" not in sisa, "stopped while waiting: no further pull"
    assert kueri(db, "SELECT kind, status FROM etl_pulls") == [("desk_sesi", "loaded")]


def test_baris_cron_di_readme_berjalan(layanan: LayananSipd, db: Path) -> None:
    teks = (AKAR / "README.md").read_text(encoding="utf-8")
    baris = teks.split("<!-- cron-tarik -->", 1)[1].split("```cron\n", 1)[1].split("\n", 1)[0]
    menit, jam, *_hari, perintah = baris.split(maxsplit=5)
    assert (menit, jam) == ("*/15", "7-22")
    folder, perintah = perintah.split(" && ", 1)
    assert folder.startswith("cd ")
    argumen = shlex.split(perintah.split(" >> ", 1)[0])
    assert argumen[:4] == [".venv/bin/python", "-m", "etl", "fetch"]
    argumen[argumen.index("--url") + 1] = layanan.url

    r = subprocess.run([sys.executable, *argumen[1:], "--db", str(db), "--kinds", "desk_sesi"], cwd=AKAR,
                       capture_output=True, text=True, timeout=120, env=_env())

    assert r.returncode == 0, r.stdout + r.stderr
    assert kueri(db, "SELECT kind, status, records FROM etl_pulls") == [("desk_sesi", "loaded", 5)]


def test_token_dari_secrets_streamlit_atau_galat_yang_jelas(layanan: LayananSipd, db: Path, tmp_path: Path) -> None:
    kerja = tmp_path / "kerja"
    (kerja / ".streamlit").mkdir(parents=True)
    env = {**_env(None), "PYTHONPATH": str(AKAR)}

    tanpa = subprocess.run(_fetch(layanan, db, "--kinds", "desk_sesi"), cwd=kerja, capture_output=True, text=True,
                           timeout=120, env=env)
    assert tanpa.returncode == 2
    assert "Token layanan SIPD belum diatur" in tanpa.stderr and "SIPD_TOKEN" in tanpa.stderr
    assert layanan.diminta() == []

    (kerja / ".streamlit" / "secrets.toml").write_text(f'SIPD_TOKEN = "{TOKEN}"\n', encoding="utf-8")
    dengan = subprocess.run(_fetch(layanan, db, "--kinds", "desk_sesi"), cwd=kerja, capture_output=True, text=True,
                            timeout=120, env=env)
    assert dengan.returncode == 0, dengan.stdout + dengan.stderr
    assert [p.status for p in layanan.diminta()] == [200, 200]
    assert TOKEN not in dengan.stdout + dengan.stderr


@pytest.mark.parametrize("salah", [("--tahun", "1999"), ("--url", "sipd.example.go.id"), ("--kinds", "pagu"),
                                   ("--setiap", "0")])
def test_pemakaian_salah_keluar_2(salah: tuple[str, str], db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from etl.__main__ import main

    monkeypatch.setenv("SIPD_TOKEN", TOKEN)
    argumen = {"--url": "http://127.0.0.1:9", "--tahun": "2022", "--db": str(db), **dict([salah])}
    assert main(["fetch", *(x for kv in argumen.items() for x in kv)]) == 2
    assert not db.exists()
