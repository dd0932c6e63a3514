"""Readers: a file's bytes into *lembar* (table-bearing parts), each with its first rows as text.

A reader never interprets a cell; it only turns what is in the file into text the
way a person reads it, so one set of SQL normalisers serves every format. XLSX
number cells become plain text in Indonesian notation ('5,2'), dates become ISO.
The first rows go to header location in Python; the body (possibly millions of
rows) is handed to DuckDB as a relation of VARCHAR columns c0..cN, with the row number
a person sees in Excel or a text editor: as a column ``_baris`` (xlsx, json), or, for a
CSV, from each record's place in the file (DuckDB's reader keeps the file's order, and a
numbering column would make the read serial).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
import mmap
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

BARIS_KEPALA = 60
"""How many leading rows are searched for the header (title rows included)."""

EKSTENSI = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".tsv": "csv", ".txt": "csv", ".json": "json"}


class BerkasTidakTerbaca(Exception):
    """A whole file cannot be read: corrupt, empty, protected, or of an unknown format."""


@dataclass
class Badan:
    """The body of a lembar as a query: ``sql`` with its ``parameter`` gives c0..cN (all text), in the file's
    order, and ``_baris`` unless ``nomor`` is set."""

    sql: str
    parameter: dict
    nomor: Callable[[duckdb.DuckDBPyConnection, int, int], str] | None = None
    """For a body without ``_baris`` (a CSV): ``nomor(con, records, lines)``, given how many records the query
    gave and how many lines the file has, is the SQL of the row number of the record at 1-based position
    ``_urut``."""
    sel_bisa_lebih_dari: Callable[[int], bool] = lambda _batas: True
    """Whether a cell of the body may be longer than the given number of characters (when the reader cannot
    tell: yes). A CSV line holds its cells, so a file whose lines are all short has no long cell."""


@dataclass
class Lembar:
    """One table-bearing part of a file: an xlsx sheet, a csv file, a json record list."""

    nama: str | None
    kepala_baris: list[list[str | None]]
    badan: Callable[[duckdb.DuckDBPyConnection, int, int], AbstractContextManager[Badan]]
    """``with badan(con, first data row (0-based), number of columns) as b``: the body (a Badan), valid inside
    the block."""
    ditolak: list[tuple[int, str, str]] = field(default_factory=list)
    """Rows the reader could not split into cells, as (row, text, reason): filled by ``badan``."""


def teks_sel(v: object) -> str | None:
    """A cell as the text a person reads; numbers in Indonesian notation so SQL parses them one way."""
    if type(v) is str:  # most cells, first: a pulled national kind renders tens of millions of them
        return v.strip() or None
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return None
        if v.is_integer() and abs(v) < 1e18:
            return str(int(v))
        teks = repr(v)
        if "e" in teks:
            teks = format(v, ".15f").rstrip("0").rstrip(".")
        return teks.replace(".", ",")
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d") if v.time() == dt.time() else v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    teks = str(v).strip()
    return teks or None


@contextlib.contextmanager
def _badan_arrow(con: duckdb.DuckDBPyConnection, baris: list[list[str | None]], nomor: list[int],
                 lebar: int) -> Iterator[Badan]:
    """Rows already in memory (xlsx, json) as a query over an Arrow table."""
    kolom = {"_baris": pa.array(nomor, pa.int64())}
    for j in range(lebar):
        kolom[f"c{j}"] = pa.array([b[j] if j < len(b) else None for b in baris], pa.string())
    con.register("_arrow_mentah", pa.table(kolom))
    try:
        yield Badan("SELECT * FROM _arrow_mentah", {})
    finally:
        # After a failed statement the transaction refuses even this; the next lembar registers over it, and
        # the failure that matters is the one already on its way.
        with contextlib.suppress(duckdb.TransactionException):
            con.unregister("_arrow_mentah")


# --- xlsx -------------------------------------------------------------------------------------

def baca_xlsx(path: Path) -> list[Lembar]:
    """Every sheet of a workbook; header search decides later which of them hold a table."""
    from python_calamine import CalamineWorkbook

    try:
        buku = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises several types for corrupt, encrypted or non-zip files
        pesan = str(e)
        if "password" in pesan.lower() or "encrypt" in pesan.lower() or _awal(path, 4) == b"\xd0\xcf\x11\xe0":
            raise BerkasTidakTerbaca(
                "Berkas XLSX terlindungi kata sandi atau bukan XLSX biasa; simpan ulang tanpa kata sandi") from e
        raise BerkasTidakTerbaca(f"Berkas XLSX rusak atau tidak dapat dibuka ({pesan})") from e
    lembar = []
    for nama in buku.sheet_names:
        try:
            sel = buku.get_sheet_by_name(nama).to_python(skip_empty_area=False)
        except Exception as e:
            raise BerkasTidakTerbaca(f"Lembar '{nama}' tidak dapat dibaca ({e})") from e
        baris = [[teks_sel(v) for v in b] for b in sel]
        lembar.append(_lembar_dalam_memori(nama, baris, list(range(1, len(baris) + 1))))
    return lembar


def _lembar_dalam_memori(nama: str | None, baris: list[list[str | None]], nomor: list[int]) -> Lembar:
    def badan(con: duckdb.DuckDBPyConnection, mulai: int, lebar: int) -> AbstractContextManager[Badan]:
        return _badan_arrow(con, baris[mulai:], nomor[mulai:], lebar)
    return Lembar(nama, baris[:BARIS_KEPALA], badan)


# --- json -------------------------------------------------------------------------------------

def baca_json(path: Path) -> list[Lembar]:
    """A list of records, or an object whose 'data' member is that list (the SIPD web service).

    A record's row is the line of the file on which it starts, as a text editor shows it.
    """
    try:
        isi, baris_awal = rekaman_json(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BerkasTidakTerbaca(f"JSON tidak sah: {e}") from e
    except RecursionError as e:
        raise BerkasTidakTerbaca("JSON bersarang terlalu dalam untuk dibaca; ekspor SIPD berupa daftar rekaman "
                                 "yang datar") from e
    if not isi or not all(isinstance(r, dict) for r in isi):
        raise BerkasTidakTerbaca("JSON harus berupa daftar rekaman, atau objek dengan anggota 'data' berisi daftar itu")
    kunci: dict[str, None] = {}
    for r in isi:
        kunci.update(dict.fromkeys(r))
    nama_kolom = list(kunci)
    try:
        baris = [nama_kolom] + [[teks_sel(r.get(k)) for k in nama_kolom] for r in isi]
    except RecursionError as e:
        raise BerkasTidakTerbaca("Nilai JSON bersarang terlalu dalam untuk dibaca; isi setiap kolom dengan "
                                 "teks atau angka") from e
    return [_lembar_dalam_memori(None, baris, [0, *baris_awal])]


_SPASI_JSON = " \t\n\r"

_DEKODER = json.JSONDecoder(parse_int=str)
"""Whole numbers stay text (the normalisers read numbers from text): int() refuses more than 4.300 digits."""


def _lewati_spasi(teks: str, i: int) -> int:
    while i < len(teks) and teks[i] in _SPASI_JSON:
        i += 1
    return i


def _harap(teks: str, i: int, tanda: str) -> int:
    """The position after ``tanda`` at ``i`` (after whitespace); a JSONDecodeError when it is not there."""
    i = _lewati_spasi(teks, i)
    if not teks.startswith(tanda, i):
        raise json.JSONDecodeError(f"Expecting '{tanda}'", teks, i)
    return i + 1


def _daftar_json(teks: str, i: int) -> tuple[list, list[int], int]:
    """The array starting at ``i``: its elements, the offset where each starts, and the offset after it."""
    dekoder = _DEKODER
    nilai, awal = [], []
    i = _lewati_spasi(teks, i + 1)
    if teks.startswith("]", i):
        return nilai, awal, i + 1
    while True:
        awal.append(i)
        v, i = dekoder.raw_decode(teks, i)
        nilai.append(v)
        i = _lewati_spasi(teks, i)
        if teks.startswith("]", i):
            return nilai, awal, i + 1
        i = _lewati_spasi(teks, _harap(teks, i, ","))


def rekaman_json(teks: str) -> tuple[list, list[int]]:
    """The record list of a JSON text (the text itself, or its object's 'data' member) and the line each
    record starts on. Anything else gives an empty list; invalid JSON raises JSONDecodeError.

    Read with the standard library's decoder one value at a time, so each record's offset is known.
    """
    dekoder = _DEKODER
    i = _lewati_spasi(teks, 0)
    rekaman: list = []
    awal: list[int] = []
    if teks.startswith("[", i):
        rekaman, awal, i = _daftar_json(teks, i)
    elif teks.startswith("{", i):
        i = _lewati_spasi(teks, i + 1)
        while not teks.startswith("}", i):
            kunci, i = dekoder.raw_decode(teks, i)
            i = _lewati_spasi(teks, _harap(teks, i, ":"))
            if kunci == "data" and teks.startswith("[", i):
                rekaman, awal, i = _daftar_json(teks, i)
            else:
                _, i = dekoder.raw_decode(teks, i)
            i = _lewati_spasi(teks, i)
            if not teks.startswith("}", i):
                i = _lewati_spasi(teks, _harap(teks, i, ","))
        i += 1
    else:
        dekoder.raw_decode(teks, i)
    if _lewati_spasi(teks, i) < len(teks):
        raise json.JSONDecodeError("Extra data", teks, _lewati_spasi(teks, i))
    baris, sebelum, nomor = [], 0, 1
    for a in awal:
        nomor += teks.count("\n", sebelum, a)
        sebelum = a
        baris.append(nomor)
    return rekaman, baris


# --- csv --------------------------------------------------------------------------------------

PEMISAH = (";", "\t", ",", "|")


def _pengodean(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with or without BOM, otherwise Windows-1252.

    Text has no NUL bytes, except UTF-16, where every other byte of Latin text is NUL. Anything else
    with NUL bytes is not a text file (a workbook or a picture saved as .csv, a damaged file).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in data:
        contoh = data[:4096]
        genap, ganjil = contoh[0::2].count(0), contoh[1::2].count(0)
        if ganjil > 0.3 * len(contoh) / 2 and genap == 0:
            return "utf-16-le"
        if genap > 0.3 * len(contoh) / 2 and ganjil == 0:
            return "utf-16-be"
        raise BerkasTidakTerbaca("Berkas ini bukan teks (berisi byte biner): simpan ekspor sebagai CSV, XLSX atau "
                                 "JSON, lalu muat ulang")
    try:
        data.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as e:
        # a multi-byte character cut by the end of the sample is still UTF-8
        if e.start >= len(data) - 3 and len(data) >= 1 << 20:
            return "utf-8-sig"
        return "cp1252"


GANTI_BARIS = re.compile(r"\r\n|\r|\n")
"""A line ends at CRLF, LF, or a CR on its own, as DuckDB's CSV reader (and a text editor) counts lines."""

CR_SENDIRI = re.compile(rb"\r(?!\n)")


def _sel(baris: str, pemisah: str) -> list[str]:
    """The cells of one line. Each line is a record of its own: a quote left open does not run on."""
    return next(csv.reader([baris], delimiter=pemisah), [])


def _pemisah(baris_teks: list[str]) -> str:
    """The delimiter that splits the most lines into the same number (>1) of fields."""
    def skor(p: str) -> tuple[int, int]:
        jumlah = [len(r) for r in (_sel(b, p) for b in baris_teks) if len(r) > 1]
        if not jumlah:
            return (0, 0)
        modus = max(set(jumlah), key=jumlah.count)
        return (jumlah.count(modus), modus)
    return max(PEMISAH, key=skor)


def _awal(path: Path, n: int) -> bytes:
    """The first ``n`` bytes of a file."""
    with open(path, "rb") as f:
        return f.read(n)


def baca_csv(path: Path) -> list[Lembar]:
    """A delimited text file: the header rows from its first megabyte here, the body by DuckDB's CSV reader
    (after one pass over its bytes here for lone CRs and unterminated quotes, which DuckDB reads otherwise)."""
    data = _awal(path, (1 << 20) + 1)
    utuh = len(data) <= 1 << 20  # whether data is the whole file
    data = data[: 1 << 20]
    if utuh and not data.strip():
        raise BerkasTidakTerbaca("Berkas kosong")
    if data[:4] == b"PK\x03\x04" or data[:4] == b"\xd0\xcf\x11\xe0":
        raise BerkasTidakTerbaca("Berkas ini lembar kerja Excel, bukan CSV; simpan dengan ekstensi .xlsx")
    pengodean = _pengodean(data)
    try:
        kepala_teks = data[: 1 << 16].decode(pengodean, errors="strict" if utuh and len(data) <= 1 << 16 else "ignore")
    except UnicodeDecodeError as e:
        raise BerkasTidakTerbaca(f"Pengodean teks tidak dikenali ({e})") from e
    baris_teks = GANTI_BARIS.split(kepala_teks)[:BARIS_KEPALA]
    pemisah = _pemisah(baris_teks)
    kepala = [[teks_sel(v) for v in _sel(b, pemisah)] for b in baris_teks]

    @contextlib.contextmanager
    def badan(con: duckdb.DuckDBPyConnection, mulai: int, lebar: int) -> Iterator[Badan]:
        with _isi_berkas(path) as isi, tempfile.TemporaryDirectory(prefix="selaras-") as folder:
            utf8 = isi if pengodean == "utf-8-sig" else isi[:].decode(pengodean, errors="replace").encode("utf-8")
            if utf8.find(b"\r") != -1 and CR_SENDIRI.search(utf8):  # (over the map: no copy for CRLF)
                # A CR on its own ends a line for DuckDB: make it one for us too.
                utf8 = CR_SENDIRI.sub(b"\n", utf8)
            utf8 = _kosongkan_kutip_terbuka(utf8, mulai, pemisah.encode(), lembar.ditolak)
            sumber = path
            if utf8 is not isi:  # DuckDB reads only UTF-8 offline: the text as read goes to a temporary copy
                sumber = Path(folder) / "utf8.csv"
                sumber.write_bytes(utf8)

            def nomor(con: duckdb.DuckDBPyConnection, rekaman: int, baris: int) -> str:
                # A rewritten copy's lines are the original's, counted in its own bytes.
                return _nomor_csv(con, utf8, mulai, rekaman, baris if sumber == path else jumlah_baris(utf8))
            yield Badan(_sql_csv(lebar), {
                "berkas": str(sumber), "pemisah": pemisah, "lewati": mulai,
                "kolom": {f"c{j}": "VARCHAR" for j in range(lebar)},
                **_batas_baris(BARIS_MAKS_PANJANG if ada_baris_panjang(utf8) else BARIS_MAKS)}, nomor,
                lambda batas: ada_baris_panjang(utf8, batas))
    lembar = Lembar(None, kepala, badan)
    return [lembar]


@contextlib.contextmanager
def _isi_berkas(path: Path) -> Iterator[bytes | mmap.mmap]:
    """A file's bytes (the load's own copy: see etl/muat.py), mapped rather than read into memory: the checks of
    a national file are a few ``find`` over it (``find``, never ``in``: ``in`` walks a map byte by byte), and
    only a file that must be rewritten, or whose lines are counted, is copied into memory (``isi[:]``: a slice of
    a map is bytes; of bytes, the same object)."""
    with open(path, "rb") as f:
        try:
            peta = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # an empty file (a map cannot be empty), or one its file system cannot map
            yield f.read()
            return
        with peta:
            yield peta


def _kutip_terbuka(baris: bytes, pemisah: bytes) -> bool:
    """Whether a cell of this line opens a quote ('"Jawa Barat') that the line does not close."""
    i = 0
    while i <= len(baris):
        if baris[i:i + 1] == b'"':
            j = i + 1
            while (j := baris.find(b'"', j)) != -1 and baris[j + 1:j + 2] == b'"':
                j += 2  # "" is a quote inside the cell
            if j == -1:
                return True
            i = baris.find(pemisah, j + 1)
        else:
            i = baris.find(pemisah, i)
        if i == -1:
            return False
        i += len(pemisah)
    return False


def _kosongkan_kutip_terbuka(data: bytes, mulai: int, pemisah: bytes, ditolak: list[tuple[int, str, str]]) -> bytes:
    """The body's lines that open a quote they do not close, rejected and left empty.

    DuckDB would read on into the next lines until it met another quote, silently joining them into one
    cell. A record is one line (row numbers are line numbers), so such a line is rejected with its
    reason, and the lines after it load as they are.
    """
    if data.find(b'"') == -1:  # (find, not ``in``: ``in`` walks a map byte by byte)
        return data
    baris = data[:].split(b"\n")
    buruk = [i for i in range(mulai, len(baris)) if baris[i].count(b'"') % 2 and _kutip_terbuka(baris[i], pemisah)]
    for i in buruk:
        teks = baris[i].decode("utf-8", errors="replace").strip()
        ditolak.append((i + 1, teks[:200], "Tanda kutip (\") di baris ini dibuka tetapi tidak ditutup, sehingga "
                        "baris berikutnya akan terbaca sebagai bagian selnya: tutup tanda kutipnya (atau hapus), "
                        "lalu muat ulang"))
        baris[i] = b""
    return b"\n".join(baris) if buruk else data


BARIS_MAKS = 2_097_152
"""DuckDB's own longest line (bytes). Its CSV reader splits a file into buffers sized from this limit and reads
them in parallel: raised for every file, the national files were read in a few large buffers and the load took
half as long again. So it is raised only for a file that may hold a longer line."""
BARIS_MAKS_PANJANG = 67_108_864
"""The longest line read when a file has a long one: its oversized cell then gets its own row reject."""


PENYANGGA = 8_388_608
"""Bytes of a CSV that DuckDB's reader hands to one thread at a time. Its default, sixteen times the longest line
(32 MB), cuts a national file of 165 MB into a handful of pieces, and the two cores wait on the last one; pieces
of 8 MB keep both busy to the end (the body read into a table: 0,74 s instead of 0,97 s per 500.000 rows,
CPU 1,3 s instead of 1,7 s). A piece must hold the longest line."""


def _batas_baris(baris_maks: int) -> dict[str, int]:
    """The reader's parameters for a file whose longest line may be ``baris_maks`` bytes."""
    return {"baris_maks": baris_maks, "penyangga": max(PENYANGGA, baris_maks)}


def ada_baris_panjang(data: bytes, batas: int = BARIS_MAKS) -> bool:
    """Whether a line of ``data`` may be longer than ``batas`` bytes: some stretch of ``batas // 2`` bytes holds no
    line end (a longer line holds such a stretch). A few hundred look-ups for a national file, not one per line."""
    langkah = batas // 2
    return any(data.find(b"\n", i, i + langkah) == -1 for i in range(0, len(data) - langkah + 1, langkah))


def jumlah_baris(data: bytes) -> int:
    """How many lines a text editor shows: one per line end, and the last line when it has none."""
    return data.count(b"\n") + (bool(data) and not data.endswith(b"\n"))


def _baris_kosong(data: bytes, mulai: int) -> list[int]:
    """For each empty line after the first ``mulai`` lines: how many non-empty lines of the body precede it.

    DuckDB's CSV reader skips empty lines; these counts put them back into the row numbers.
    (bytes.find runs at memory speed; a national file has few or no empty lines.)
    """
    awal_badan = 0
    for _ in range(mulai):
        awal_badan = data.find(b"\n", awal_badan) + 1
        if awal_badan == 0:
            return []
    posisi_kosong = []  # where each empty line starts
    for pola in (b"\n\n", b"\n\r\n"):
        i = data.find(pola, max(awal_badan - 1, 0))
        while i != -1:
            posisi_kosong.append(i + 1)
            i = data.find(pola, i + 1)
    hasil, nomor, posisi = [], mulai + 1, awal_badan
    for j, awal_baris in enumerate(sorted(posisi_kosong)):
        nomor += data.count(b"\n", posisi, awal_baris)
        posisi = awal_baris
        hasil.append(nomor - (mulai + 1) - j)
    return hasil


def _sql_csv(lebar: int) -> str:
    """The body of a CSV: its records in the file's order (DuckDB's reader keeps it, also in parallel)."""
    kolom = ", ".join(f"c{j}" for j in range(lebar))
    return f"""SELECT {kolom} FROM read_csv($berkas, header = false, auto_detect = false, delim = $pemisah, quote = '"',
                                   escape = '"', skip = $lewati, columns = $kolom, null_padding = true,
                                   strict_mode = false, max_line_size = $baris_maks,
                                   buffer_size = $penyangga)"""


def _nomor_csv(con: duckdb.DuckDBPyConnection, data: bytes, mulai: int, rekaman: int, baris: int) -> str:
    """The row number of the record at 1-based position ``_urut`` of a CSV body, as a text editor numbers its
    lines. When the body has as many lines as records (no empty line), that is its position after the
    ``mulai`` header lines; otherwise the empty lines before it, which DuckDB skips, are counted back in.
    ``data``: the bytes DuckDB reads."""
    kosong_sebelum = _baris_kosong(data[:], mulai) if baris - mulai != rekaman else []
    if not kosong_sebelum:
        return f"_urut + {int(mulai)}"
    con.execute("CREATE OR REPLACE TEMP TABLE _kosong AS SELECT unnest(?::BIGINT[]) AS p", [kosong_sebelum])
    return f"_urut + {int(mulai)} + (SELECT count(*) FROM _kosong WHERE p < _urut)"


PEMBACA: dict[str, Callable[[Path], list[Lembar]]] = {"xlsx": baca_xlsx, "csv": baca_csv, "json": baca_json}


def baca(path: Path) -> list[Lembar]:
    """The lembar of one file, by its extension; BerkasTidakTerbaca when it cannot be read at all."""
    jenis = EKSTENSI.get(path.suffix.lower())
    if jenis is None:
        raise BerkasTidakTerbaca(f"Format '{path.suffix}' tidak didukung; gunakan .xlsx, .csv atau .json")
    return PEMBACA[jenis](path)
