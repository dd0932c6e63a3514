"""Pull from the SIPD web service: every page of a kind, or nothing of it.

``python -m etl fetch --url BASE --tahun 2022`` asks, for each kind,
``GET {BASE}/api/rakortek/{kind}?tahun=2022&page=N&per_page=M`` up to the last page. A page answers
``{"data": [records], "meta": {"page", "per_page", "last_page", "total"}}``; its records carry the
contract's column names or their aliases (SIPD's own JSON keys among them: etl/header_aliases.toml
is the one place that maps them). Every page's bytes are kept content-addressed beside the loaded
files. A kind is complete when every page came whole and the records add up to ``meta.total``;
its records then become one CSV file that the ordinary load reads, and all complete kinds of a
pull go into one load, which replaces each of those kinds for the plan year entirely (a record
SIPD no longer holds is removed, and kept in etl_removed: see etl/ganti.py). A kind that did not
complete is left out of it, so the database keeps what it had for that kind, and its failure names
the page and the reason. A kind whose records are the same as at its last load is not loaded
again: a pull that brings nothing new changes nothing.

Every pull is recorded per kind in ``etl_pulls``, in the same atomic write as its load (or, when
nothing is loaded, in an atomic write of its own), so the record and the data never disagree.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import requests

from etl.baca import teks_sel
from etl.kepala import cari_kepala
from etl.muat import DB_BAWAAN, BerkasBernama, HasilBerkas, HasilMuat, muat, simpan_sumber, ubah_atomik
from etl.schema import TABEL_EKSPOR
from etl.unduh import GagalUnduh, Kesabaran, Token, TokenDitolak, ambil, sesi_http, tanpa_kredensial

JENIS = tuple(t.nama for t in TABEL_EKSPOR)
"""The kinds the service serves, one endpoint each, named as the export kinds."""

PER_HALAMAN = 500
"""Records asked for per page (the service may answer with fewer; its meta says how many)."""

NAMA_TOKEN = "SIPD_TOKEN"
"""Where the token is looked for: this environment variable, else this key of Streamlit's secrets."""

Kemajuan = Callable[[str, int, int | None, int, int | None], None]
"""``kemajuan(kind, pages done, pages in all, records received, records in all)`` after every page."""


class HalamanRusak(Exception):
    """An answer that is no whole page of the service contract."""


@dataclass
class TarikJenis:
    """One kind of one pull: what came, and what became of it (one row of etl_pulls)."""

    kind: str
    tahun: int
    url: str
    """The kind's address with its year, as the load records the file of its records."""
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    status: str = "complete"
    """'complete' until the write decides: 'loaded', 'unchanged', 'empty' or 'failed'."""
    pages: int = 0
    records: int = 0
    sha256: str | None = None
    page_sha256: list[str] = field(default_factory=list)
    error: str | None = None
    berkas: Path | None = None
    token_ditolak: bool = False


@dataclass
class HasilTarik:
    """What a pull did: its number, each kind, and the load (None when nothing new was loaded)."""

    pull_id: int
    jenis: list[TarikJenis]
    muat: HasilMuat | None = None

    @property
    def ada_gagal(self) -> bool:
        return any(j.status == "failed" for j in self.jenis)


def token_sipd() -> str | None:
    """The service token: ``$SIPD_TOKEN``, else ``SIPD_TOKEN`` in Streamlit's secrets (.streamlit/secrets.toml,
    which is never committed). None when neither holds one."""
    token = os.environ.get(NAMA_TOKEN, "").strip()
    if token:
        return token
    import streamlit as st
    from streamlit.errors import StreamlitSecretNotFoundError

    try:
        return str(st.secrets.get(NAMA_TOKEN, "")).strip() or None
    except StreamlitSecretNotFoundError:
        return None


def angka(n: int) -> str:
    """Indonesian thousands separator, for messages."""
    return f"{n:,}".replace(",", ".")


def urai_halaman(isi: bytes, halaman: int) -> tuple[list[dict], dict[str, int]]:
    """The records and meta of page ``halaman``; HalamanRusak says what is wrong with it."""
    try:
        dokumen = json.loads(isi.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise HalamanRusak(f"jawaban bukan teks UTF-8 ({e.reason})") from None
    except json.JSONDecodeError as e:
        raise HalamanRusak(f"jawaban bukan JSON utuh (rusak pada karakter {angka(e.pos)} dari "
                           f"{angka(len(isi))} bita): terpotong di jalan atau galat di layanan") from None
    if not (isinstance(dokumen, dict) and isinstance(dokumen.get("data"), list)
            and isinstance(dokumen.get("meta"), dict)):
        raise HalamanRusak("jawaban bukan halaman layanan: harus objek dengan 'data' (daftar rekaman) dan 'meta'")
    meta = dokumen["meta"]
    salah = [k for k in ("page", "per_page", "last_page", "total")
             if not isinstance(meta.get(k), int) or isinstance(meta.get(k), bool) or meta[k] < 0]
    if salah:
        raise HalamanRusak(f"'meta' tanpa bilangan bulat yang sah untuk {', '.join(salah)}")
    if meta["page"] != halaman:
        raise HalamanRusak(f"layanan menjawab halaman {meta['page']} untuk permintaan halaman {halaman}")
    if not all(isinstance(r, dict) for r in dokumen["data"]):
        raise HalamanRusak("'data' harus berisi rekaman (objek JSON)")
    return dokumen["data"], meta


def _sha(isi: bytes) -> str:
    return hashlib.sha256(isi).hexdigest()


def tarik_jenis(sesi: requests.Session, dasar: str, kind: str, tahun: int, db: Path, folder: Path,
                per_halaman: int = PER_HALAMAN, kesabaran: Kesabaran = Kesabaran(),
                kemajuan: Kemajuan | None = None) -> TarikJenis:
    """Every page of one kind, each kept as it came; complete, its records become one CSV file in ``folder``
    for the load. One page at a time is held in memory, so a national pull (millions of records) streams."""
    alamat = f"{dasar}/api/rakortek/{kind}"
    j = TarikJenis(kind, tahun, f"{alamat}?tahun={tahun}", dt.datetime.now())
    kolom: dict[str, None] = {}
    halaman, akhir, total = 1, 1, 0
    try:
        while halaman <= akhir:
            isi = ambil(sesi, alamat, {"tahun": tahun, "page": halaman, "per_page": per_halaman}, kesabaran).content
            j.page_sha256.append(_sha(isi))
            simpan_sumber(isi, j.page_sha256[-1], "halaman.json", db)
            data, meta = urai_halaman(isi, halaman)
            if halaman == 1:
                total, akhir = meta["total"], meta["last_page"]
            elif (meta["total"], meta["last_page"]) != (total, akhir):
                raise HalamanRusak(f"total berubah selama penarikan ({angka(total)} menjadi {angka(meta['total'])} "
                                   "rekaman): data sedang diubah di SIPD; tarik lagi sebentar lagi")
            if not data and halaman < akhir:
                raise HalamanRusak(f"halaman kosong sebelum halaman terakhir ({akhir})")
            j.pages, j.records = halaman, j.records + len(data)
            if j.records > total:
                raise HalamanRusak(f"sudah {angka(j.records)} rekaman, lebih dari total {angka(total)}")
            for r in data:
                kolom.update(dict.fromkeys(r))
            (folder / f"{kind}-{halaman:06d}.json").write_bytes(isi)
            if kemajuan:
                kemajuan(kind, halaman, akhir, j.records, total)
            halaman += 1
    except (GagalUnduh, HalamanRusak) as e:
        j.status, j.error = "failed", f"halaman {halaman}: {e}"
        j.token_ditolak = isinstance(e, TokenDitolak)
    else:
        _periksa_lengkap(j, list(kolom), total, folder)
    j.finished_at = dt.datetime.now()
    return j


def _periksa_lengkap(j: TarikJenis, kolom: list[str], total: int, folder: Path) -> None:
    """A kind whose pages all came: do its records add up, are they records of this kind and of the year
    asked for? Then its records as one file for the load."""
    if j.records != total:
        j.status = "failed"
        j.error = (f"{angka(j.records)} rekaman diterima dari {j.pages} halaman, padahal total layanan "
                   f"{angka(total)}; tarik lagi")
        return
    if not j.records:
        j.status = "empty"
        return
    kepala = cari_kepala([kolom])
    if kepala is None or kepala.tabel.nama != j.kind:
        dikenali = f"dikenali sebagai {kepala.tabel.nama}" if kepala else "tidak dikenali"
        j.status = "failed"
        j.error = (f"rekaman {j.kind} {dikenali} (kolom: {', '.join(kolom[:12])}); tambahkan ejaan kolom "
                   "layanan di etl/header_aliases.toml")
        return
    berkas = folder / f"{j.kind}-{j.tahun}.csv"
    kunci_tahun = [kolom[i] for i, nama in kepala.kolom.items() if nama == "tahun"]
    tahun_lain = sorted(_tulis_csv(berkas, kolom, sorted(folder.glob(f"{j.kind}-*.json")), kunci_tahun)
                        - {str(j.tahun), None})
    if tahun_lain:  # the load replaces every year the records carry: another year would be wiped
        j.status = "failed"
        j.error = (f"layanan mengirim rekaman tahun {', '.join(tahun_lain[:5])} untuk permintaan tahun {j.tahun}; "
                   "tidak dimuat agar tahun lain tidak tertimpa")
        return
    with open(berkas, "rb") as f:
        j.sha256 = hashlib.file_digest(f, "sha256").hexdigest()
    j.berkas = berkas


def _tulis_csv(tujuan: Path, kolom: list[str], halaman: list[Path], kunci_tahun: list[str]) -> set[str | None]:
    """The records of the pages, in order, as one ';'-separated CSV headed by the service's keys, each cell
    as the JSON reader renders it (etl.baca.teks_sel), so the load reads them as it reads the service's JSON
    but streams them through DuckDB's CSV reader. Returns the plan years the records carry."""
    tahun: set[str | None] = set()
    with open(tujuan, "w", encoding="utf-8", newline="") as f:
        penulis = csv.writer(f, delimiter=";", lineterminator="\n")
        penulis.writerow(kolom)
        for p in halaman:
            for r in json.loads(p.read_bytes().decode("utf-8-sig"))["data"]:
                penulis.writerow([teks_sel(r.get(k)) for k in kolom])
                tahun.update(teks_sel(r.get(k)) for k in kunci_tahun)
    return tahun


def sudah_dimuat(db: Path, j: TarikJenis) -> bool:
    """Whether a complete kind brings exactly the records of its last load, and no later load touched that kind."""
    if not db.exists():
        return False
    con = duckdb.connect(str(db), read_only=True)
    try:
        baris = con.execute("""
            WITH akhir AS (
                SELECT run_id, sha256 FROM etl_pulls
                WHERE kind = $kind AND tahun = $tahun AND status = 'loaded'
                ORDER BY pull_id DESC LIMIT 1)
            SELECT akhir.sha256 = $sha AND NOT EXISTS (
                SELECT 1 FROM etl_files f
                WHERE f.run_id > akhir.run_id AND f.status = 'loaded'
                  AND list_contains(string_split(f.kind, ', '), $kind))
            FROM akhir""", {"kind": j.kind, "tahun": j.tahun, "sha": j.sha256}).fetchall()
    except duckdb.CatalogException:  # a database from before pulls were recorded
        return False
    finally:
        con.close()
    return bool(baris and baris[0][0])


def tarik(url: str, tahun: int, token: str, jenis: Sequence[str] = JENIS, db: Path = DB_BAWAAN,
          per_halaman: int = PER_HALAMAN, kesabaran: Kesabaran = Kesabaran(), kemajuan: Kemajuan | None = None,
          kemajuan_muat: Callable[[str, int, int], None] | None = None) -> HasilTarik:
    """One pull: every page of each kind, then one load of the complete kinds that bring something new."""
    db = Path(db)
    penyensor = Token(token)
    dasar = penyensor.sensor(tanpa_kredensial(url.rstrip("/")))
    hasil = HasilTarik(0, [])
    with sesi_http(token) as sesi, tempfile.TemporaryDirectory(prefix="selaras-tarik-") as folder:
        for kind in jenis:
            ditolak = next((j for j in hasil.jenis if j.token_ditolak), None)
            if ditolak:  # a refused token is refused for every kind: do not ask again
                j = TarikJenis(kind, tahun, f"{dasar}/api/rakortek/{kind}?tahun={tahun}", dt.datetime.now(),
                               dt.datetime.now(), "failed", error="tidak diminta: token ditolak (lihat jenis "
                               f"{ditolak.kind})")
            else:
                j = tarik_jenis(sesi, dasar, kind, tahun, db, Path(folder), per_halaman, kesabaran, kemajuan)
            j.error = penyensor.sensor(j.error) if j.error else None
            hasil.jenis.append(j)
        for j in hasil.jenis:
            if j.status == "complete" and sudah_dimuat(db, j):
                j.status = "unchanged"
        baru = [j for j in hasil.jenis if j.status == "complete"]
        if baru:
            hasil.muat = muat([BerkasBernama(j.berkas, j.url) for j in baru], db, kemajuan_muat, ganti="jenis_tahun",
                              catat=lambda con, run_id, berkas: _catat(con, hasil, run_id, berkas))
        else:
            ubah_atomik(db, lambda con: _catat(con, hasil, None, []))
    return hasil


def _catat(con: duckdb.DuckDBPyConnection, hasil: HasilTarik, run_id: int | None, berkas: list[HasilBerkas]) -> None:
    """The pull's rows of etl_pulls, written inside the atomic write of its load (``run_id``) or of its own."""
    hasil.pull_id = con.execute("SELECT coalesce(max(pull_id), 0) + 1 FROM etl_pulls").fetchall()[0][0]
    per_nama = {b.file: b for b in berkas}
    for j in hasil.jenis:
        if j.status == "complete":
            b = per_nama[j.url]
            if b.status == "loaded":
                j.status = "loaded"
            else:
                j.status, j.error = "failed", f"tidak dapat dimuat: {b.error}"
        con.execute("""
            INSERT INTO etl_pulls (pull_id, run_id, url, kind, tahun, started_at, finished_at, status, pages, records,
                                   sha256, page_sha256, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", [
            hasil.pull_id, run_id if j.status == "loaded" else None, j.url, j.kind, j.tahun, j.started_at,
            j.finished_at, j.status, j.pages, j.records, j.sha256, j.page_sha256, j.error])
