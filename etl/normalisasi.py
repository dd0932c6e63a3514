"""Normalise and validate one table's raw text cells in DuckDB SQL, column by column.

The loader hands over a table's body as a query (c0..cN, all text, and ``_baris`` when the
reader numbers the rows itself). This module writes the SQL that turns it into typed
canonical rows, each with the list of rules it breaks (``_pelanggaran``): a broken rule of a
key or a value rejects the row (``_tolak``); a classification code that is not on its
reference list only empties that field, and the row loads with the field named in
``kolom_ditandai``. Which normaliser a column gets follows from its ``jenis`` in
etl/schema.py; the SQL macros live in etl/sql/normalisasi.sql.

How it stays near the speed of DuckDB's own CSV reader on millions of rows:

- The body is read once, in one parallel pass that has no join and no window: nothing in it
  reorders rows, so a CSV's rows come out in the file's order and the position of a row in
  the result is its row number (the loader numbers them from ``rowid``).
- A coded column (a code, a status, a yes/no, the year) has a few dozen spellings in a file of
  any size. The distinct raw cells of every such column (its *kamus*) are normalised and looked
  up in the reference lists once (per plan year where validity depends on it), and the results
  become session variables. In the pass a row finds its cell's entry through an ENUM of those
  spellings: a hash lookup, no join. The spellings are collected by one scan of the first file
  of a load and carried to the next: a file is scanned again only when its pass meets a cell
  the load has not (then the pass runs again), so a national export's files are read once each.
- Rules are cheap booleans per row; the list of broken rules, with its reasons, is only built
  for the rows that break one.

Identifiers in the generated SQL come only from the schema and header_aliases.toml;
every value from a file or a title row travels as a parameter, or as data in a temporary
table, type or variable, never as SQL text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.kepala import Kepala, pengisi
from etl.rujukan import DAFTAR, TAHUN_PALING_AWAL, baris_nilai, tata_letak
from etl.schema import Kolom, Tabel

MAKRO_SQL = Path(__file__).resolve().parent / "sql" / "normalisasi.sql"


def pasang_makro(con: duckdb.DuckDBPyConnection) -> None:
    """Create the normalisation macros on a connection (temporary: they live with the connection)."""
    bulan = baris_nilai()
    bulan = bulan[(bulan.tabel == "tanggal") & (bulan.kolom == "bulan")]
    pasangan = ", ".join(f"'{e.lower()}': '{n}'" for e, n in zip(bulan.ejaan, bulan.nilai) if e.isalpha())
    con.execute(f"CREATE OR REPLACE TEMP MACRO bulan_ke_angka(b) AS (MAP {{{pasangan}}})[b]")
    con.execute(MAKRO_SQL.read_text(encoding="utf-8"))


DIKOSONGKAN = "; baris tetap dimuat dengan kolom ini kosong"
"""Said after the reason when an unknown classification code empties its field and the row still loads."""

EJAAN = "_ejaan"
"""The temporary table of the distinct cells of every coded column that a load has met, (kolom, v), file after
file; a row whose ``v`` is NULL says the column was scanned. It lives as long as the load's connection, and a
file that fails takes its own cells with it (they were added in its transaction)."""

JENIS_KAMUS = frozenset({"kode", "pilihan", "boolean", "tahun"})
"""Kinds of value whose raw cells have few distinct spellings however large the file: every raw column that
feeds one gets a kamus (each distinct cell normalised once, looked up per row)."""


RUJUKAN_TANPA_KAMUS = frozenset({"kabkota"})
"""Codes normalised cell by cell, without a kamus: each file of a national export holds the regencies and cities
of its own regions, so a kamus carried from file to file (Pembangun.siapkan) would miss in every file; one
pattern per cell costs less than a scan of each file."""


def hanya_kolom(k: Kolom) -> bool:
    """Whether an unknown value in column ``k`` only empties that field (the row still loads).

    A code refused by a strict list (etl.rujukan.DAFTAR) rejects the row when the column is required (a key:
    province, a session's desk); otherwise the row loads with the field empty and flagged: a proposal exists
    whatever its code, and the shares must count it."""
    return k.jenis == "kode" and k.rujukan in DAFTAR and DAFTAR[k.rujukan].ketat and not k.wajib


@dataclass
class Ekspresi:
    """One canonical column in SQL: its value and the rules it checks."""

    nilai: str
    pelanggaran: list[tuple[str, str, str]]
    """(condition, raw value expression, reason expression): rules whose breach rejects the row. The condition
    is evaluated for every row, so it is kept cheap; the other two only for a row that breaks the rule."""
    bantu: dict[str, str] = field(default_factory=dict)
    """helper columns the rules need (name -> expression), computed beside the values"""
    tanda: list[tuple[str, str, str]] = field(default_factory=list)
    """rules like ``pelanggaran`` whose breach only empties and flags this field"""


@dataclass(frozen=True)
class Isian:
    """One field of a raw column's kamus: an SQL expression of a distinct cell ``v`` (and of the plan year
    ``tahun`` when ``per_tahun``)."""

    sql: str
    per_tahun: bool


def mentah(nama: str) -> str:
    """The raw text column behind canonical or feeder column ``nama`` (prefixed, so typed names stay free)."""
    return f'"m_{nama}"'


def _teks(nilai: str) -> str:
    """A SQL string literal of our own text (reasons, names): quotes doubled."""
    return "'" + nilai.replace("'", "''") + "'"


BATAS_NILAI = 200
"""Characters of a raw value that a reject keeps (in its value and its reason)."""

BATAS_SEL = 100_000
"""The most characters a cell may hold (Excel's own limit is 32.767); a longer one rejects its row."""


def _alasan(templat: str, mentah: str, **isian: str) -> str:
    """A reason in SQL: the template with the (shortened) raw value in place of '{}' and the SQL expressions of
    ``isian`` in place of '{name}' (the row's year, the codes valid in it)."""
    bagian = re.split(r"\{(\w*)\}", templat)
    if len(bagian) == 1:
        return _teks(templat)
    sql = [_teks(b) if i % 2 == 0 else (isian[b] if b else _pendek(mentah)) for i, b in enumerate(bagian)]
    return f"concat({', '.join(sql)})"


def _pendek(mentah: str) -> str:
    """A raw value as a reject shows it: at most BATAS_NILAI characters, '…' where it was cut."""
    return (f"CASE WHEN length({mentah}) > {BATAS_NILAI} THEN left({mentah}, {BATAS_NILAI}) || '…' "
            f"ELSE {mentah} END")


def _kosong_padahal(nilai: str, kosong_sel: str) -> str:
    """A rule's condition 'the value is empty although the cell is not'. The cell is only looked at for the
    rows whose value is empty: a CASE evaluates a branch for its own rows alone."""
    return f"CASE WHEN {nilai} IS NULL THEN NOT {kosong_sel} ELSE FALSE END"


class Pembangun:
    """Builds the SQL of one table's normalisation for the columns a header provided.

    The expressions are built first (``eks``), registering the kamus fields they need; ``siapkan`` then fills
    every kamus (carried from the load's earlier files, or from a scan of the body), and ``sql`` is the pass
    over it.
    """

    def __init__(self, tabel: Tabel, kepala: Kepala, sel_panjang: bool = True):
        self.tabel = tabel
        self.kepala = kepala
        self.sel_panjang = sel_panjang
        """Whether a cell may be longer than BATAS_SEL (then every raw column is checked: a row reject)."""
        self.ada = set(kepala.kolom.values())
        self.pengisi = pengisi()
        self.kamus: dict[str, list[Isian]] = {n: [] for n in self._kolom_kamus()}
        self.sah: list[str] = []
        """Strict reference lists whose valid codes a reason names."""
        self.eks = {k.nama: self.ekspresi(k) for k in tabel.kolom}
        self.dipindai = False
        """Whether the kamus were filled by a scan of this body (then no cell of it can be missing from them)."""

    # --- raw columns and their kamus ------------------------------------------------------------------

    def sumber(self, k: Kolom) -> list[str]:
        """Raw columns that give ``k``: itself first, then its feeders (in header_aliases.toml order)."""
        nama = [k.nama] if k.nama in self.ada else []
        nama += [f for f, target in self.pengisi.items() if k.nama in target and f in self.ada]
        if k.sumber_rentang and k.sumber_rentang in self.ada and k.sumber_rentang not in nama:
            nama.append(k.sumber_rentang)
        return nama

    def _kolom_kamus(self) -> list[str]:
        nama = [n for k in self.tabel.kolom if k.jenis in JENIS_KAMUS and k.rujukan not in RUJUKAN_TANPA_KAMUS
                for n in self.sumber(k)]
        return list(dict.fromkeys(nama + self.sumber_sub_kegiatan()))

    def sumber_sub_kegiatan(self) -> list[str]:
        """The raw sub kegiatan columns an urusan code is derived from ('1.02.02.2.02.0001' belongs to 1.02)."""
        if "kode_urusan" not in self.tabel.nama_kolom or "kode_sub_kegiatan" not in self.tabel.nama_kolom:
            return []
        return self.sumber(self.tabel.kolom_bernama("kode_sub_kegiatan"))

    def sel(self, nama: str, fungsi: Callable[..., str], per_tahun: bool = False) -> str:
        """``fungsi`` (SQL of a cell, and of the plan year when ``per_tahun``) applied to raw column ``nama``:
        looked up in its kamus when it has one (computed once per distinct cell), else computed per row."""
        if nama not in self.kamus:
            if per_tahun:
                raise ValueError(f"{nama}: a lookup per plan year needs a kamus")
            return fungsi(mentah(nama))
        isian = Isian(fungsi("v", "tahun") if per_tahun else fungsi("v"), per_tahun)
        daftar = self.kamus[nama]
        if isian not in daftar:
            daftar.append(isian)
        return _kolom_isian(nama, daftar.index(isian))

    def kosong(self, nama: str) -> str:
        """Whether the raw cell of column ``nama`` means no value (a missing cell does)."""
        if nama not in self.kamus:
            return f"kosong({mentah(nama)})"
        return f"coalesce({self.sel(nama, lambda v: f'kosong({v})')}, TRUE)"

    def semua_kosong(self, src: list[str]) -> str:
        return "(" + (" AND ".join(self.kosong(s) for s in src) or "TRUE") + ")"

    def kode_sah(self, rujukan: str) -> str:
        """SQL of the codes of list ``rujukan`` valid in the row's plan year, as a reason names them."""
        if rujukan not in self.sah:
            self.sah.append(rujukan)
        return f"getvariable('_sah_{rujukan}')[tahun_rujukan - {TAHUN_PALING_AWAL - 1}]"

    # --- the columns ---------------------------------------------------------------------------------

    def ekspresi(self, k: Kolom) -> Ekspresi:
        src = self.sumber(k)
        e = BANGUN[k.jenis](self, k, src)
        if self.sel_panjang:
            batas = f"{BATAS_SEL:,}".replace(",", ".")
            e.pelanggaran[:0] = [(f"strlen({m}) > {BATAS_SEL} AND length({m}) > {BATAS_SEL}", m,
                                  f"concat('Isi sel terlalu panjang (', length({m}), ' karakter; paling banyak "
                                  f"{batas}): perpendek isinya di berkas sumber lalu muat ulang')")
                                 for m in map(mentah, src)]
        if k.minimum is not None and k.jenis in ("angka", "bulat"):
            e.pelanggaran.append((f'"{k.nama}" < {k.minimum}', mentah(src[0]) if src else "NULL",
                                  _alasan(f"{k.nama} {{}} tidak boleh kurang dari {k.minimum:g}", mentah(src[0]))
                                  if src else "NULL"))
        if k.wajib:
            e.pelanggaran.insert(0, (f'CASE WHEN "{k.nama}" IS NULL THEN {self.semua_kosong(src)} ELSE FALSE END',
                                     "NULL", _teks(f"Kolom wajib '{k.nama}' kosong: isi nilainya di berkas sumber "
                                                   "lalu muat ulang")))
        return e

    def tahun_baris(self) -> str:
        """The plan year of a row: its own column, else the title row. Computed once, before the lookups need it."""
        src = self.sumber(self.tabel.kolom_bernama("tahun"))
        dari_kolom = self.sel(src[0], _tahun_sel) if src else "CAST(NULL AS INTEGER)"
        return f"coalesce({dari_kolom}, CAST($judul_tahun AS INTEGER))"

    def tahun_rujukan(self, tahun_baris: str) -> str:
        """The year a row's codes are looked up for: a missing or impossible year is already a reject of its
        own, so it is looked up as the nearest valid year rather than failing every code as well."""
        k = self.tabel.kolom_bernama("tahun")
        return f"least(greatest(coalesce({tahun_baris}, {k.maksimum:.0f}), {k.minimum:.0f}), {k.maksimum:.0f})"

    # --- the kamus ------------------------------------------------------------------------------------

    def siapkan(self, con: duckdb.DuckDBPyConnection, sumber: str, parameter: dict, judul_tahun: int | None) -> None:
        """Fill every kamus for the body ``sumber``: an ENUM of each coded column's distinct cells, and each
        field of its kamus as a session variable (a list in the ENUM's order; per plan year, the years the
        cells name one after the other).

        The cells are those the load has met so far (``_ejaan``): a column met for the first time in this load
        is first scanned for in the body (``pindai``). A body whose cells the load has all met already needs
        no scan of its own: a national export's files spell their codes alike. When it holds a cell the load has
        not met, its pass says so (``_asing``) and is run again after a scan (see ``perlu_pindai``)."""
        con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {EJAAN} (kolom VARCHAR, v VARCHAR)")
        ditemui = {kolom for (kolom,) in con.execute(f"SELECT DISTINCT kolom FROM {EJAAN}").fetchall()}
        if set(self.kamus) - ditemui:
            self.pindai(con, sumber, parameter)
        self._isi_kamus(con, judul_tahun)

    def pindai(self, con: duckdb.DuckDBPyConnection, sumber: str, parameter: dict) -> None:
        """One scan of the body for the distinct cells of every coded column, added to those the load has met
        (``_ejaan``; a row with no cell marks a column as scanned)."""
        self.dipindai = True
        if not self.kamus:
            return
        posisi = {n: j for j, n in self.kepala.kolom.items()}
        pilih = ", ".join(f"c{posisi[n]} AS {mentah(n)}" for n in self.kamus)
        tanda = ", ".join(f'grouping({mentah(n)}) AS "g_{n}"' for n in self.kamus)
        grup = ", ".join(f"({mentah(n)})" for n in self.kamus)
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _nilai AS
            SELECT {tanda}, {", ".join(mentah(n) for n in self.kamus)} FROM (SELECT {pilih} FROM ({sumber}))
            GROUP BY GROUPING SETS ({grup})""", dipakai(parameter, sumber))
        sel = " UNION ALL ".join(f'SELECT {_teks(n)} AS kolom, {mentah(n)} AS v FROM _nilai WHERE "g_{n}" = 0 '
                                 f"UNION ALL SELECT {_teks(n)}, NULL" for n in self.kamus)
        con.execute(f"INSERT INTO {EJAAN} SELECT * FROM ({sel}) EXCEPT SELECT * FROM {EJAAN}")
        con.execute("DROP TABLE _nilai")

    def perlu_pindai(self, con: duckdb.DuckDBPyConnection, hasil: str) -> bool:
        """Whether the pass written to table ``hasil`` met a cell of a coded column that its kamus lacked (its
        row then holds no value for it yet): only when the kamus came from earlier bodies, not from a scan."""
        return (not self.dipindai and bool(self.kamus)
                and bool(con.execute(f"SELECT coalesce(bool_or(_asing), FALSE) FROM {hasil}").fetchall()[0][0]))

    def _isi_kamus(self, con: duckdb.DuckDBPyConnection, judul_tahun: int | None) -> None:
        src = self.sumber(self.tabel.kolom_bernama("tahun"))
        sel = _tahun_sel("v") if src else "CAST(NULL AS INTEGER)"
        tahun = self.tahun_rujukan(f"coalesce({sel}, CAST($judul_tahun AS INTEGER))")
        nilai = f"{_beda(src[0])} UNION ALL SELECT NULL" if src else "SELECT NULL AS v"
        con.execute(f"SET VARIABLE _tahun_ada = (SELECT list(t ORDER BY t) FROM (SELECT DISTINCT {tahun} AS t "
                    f"FROM ({nilai})))", {"judul_tahun": judul_tahun})
        con.execute("SET VARIABLE _n_tahun = len(getvariable('_tahun_ada'))")
        # What a kamus is made of: its cells, its fields, the years. Unchanged since the file before (a national
        # export's next file), the ENUM and the variables already made are used again (a fingerprint in a variable
        # of its own says which they are; an ENUM made in a file that failed went with its transaction).
        daftar_tahun = con.execute("SELECT getvariable('_tahun_ada')").fetchall()[0][0]
        ejaan = {k: (n, h) for k, n, h in con.execute(
            f"SELECT kolom, count(v), bit_xor(hash(v)) FROM {EJAAN} WHERE v IS NOT NULL GROUP BY kolom").fetchall()}
        lama = con.execute("SELECT " + ", ".join([f"getvariable('{_variabel(n, 'sidik')}')" for n in self.kamus]
                                                 + [f"getvariable('_sah_{r}') IS NOT NULL" for r in self.sah]
                                                 + ["1"])).fetchall()[0]
        sidik_lama, sah_ada = dict(zip(self.kamus, lama)), dict(zip(self.sah, lama[len(self.kamus):]))
        tipe = {r[0] for r in con.execute(
            "SELECT type_name FROM duckdb_types() WHERE database_name = 'temp' AND NOT internal").fetchall()}
        for n, isian in self.kamus.items():
            sidik = hashlib.sha256(repr((ejaan.get(n), daftar_tahun, isian)).encode()).hexdigest()[:16]
            if sidik_lama[n] == sidik and f"_e_{n}" in tipe:
                continue
            con.execute(f'CREATE OR REPLACE TEMP TYPE "_e_{n}" AS ENUM ({_beda(n)})')
            for i, isi in enumerate(isian):
                tahun = ", tahun" if isi.per_tahun else ""
                tahun_ada = ", (SELECT unnest(getvariable('_tahun_ada')) AS tahun)" if isi.per_tahun else ""
                con.execute(f"""SET VARIABLE {_variabel(n, i)} = (SELECT list(x ORDER BY u{tahun}) FROM (
                    SELECT enum_code(CAST(v AS "_e_{n}")) AS u{tahun}, ({isi.sql}) AS x
                    FROM ({_beda(n)}){tahun_ada}))""")
            con.execute(f"SET VARIABLE {_variabel(n, 'sidik')} = ?", [sidik])
        for rujukan in self.sah:  # (the reference lists do not change during a load)
            if not sah_ada[rujukan]:
                con.execute(f"SET VARIABLE _sah_{rujukan} = (SELECT list(sah ORDER BY tahun) FROM ref_sah "
                            f"WHERE rujukan = {_teks(rujukan)})")
        if self.tabel.nama in RUJUKAN_TURUNAN:
            ref, kunci, kolom = RUJUKAN_TURUNAN[self.tabel.nama]
            isi = ", ".join(f"'{k}': {k}" for k in kolom)
            con.execute(f"SET VARIABLE _turunan = (SELECT map_from_entries(list({{'key': {kunci}, "
                        f"'value': {{{isi}}}}})) FROM {ref})")

    # --- the pass ---------------------------------------------------------------------------------------

    def sql(self, sumber: str, bernomor: bool) -> str:
        """From the body ``sumber`` (c0..cN, with ``_baris`` when ``bernomor``) to one row per record, in the
        file's order: ``_data`` (not a blank or footer row), the typed columns, ``_pelanggaran`` (the rules it
        breaks), ``_tolak`` and ``kolom_ditandai``.

        Each value is computed once: the rules refer to it by its column name, and the list of broken rules
        is only built for the rows that break one.
        """
        tabel, eks = self.tabel, self.eks
        baris = "_baris, " if bernomor else ""
        kolom_mentah = ", ".join(f"c{j} AS {mentah(n)}" for j, n in sorted(self.kepala.kolom.items()))
        # (An ENUM's code is as narrow as its size allows, UINT8 up to 256 cells: widened before any arithmetic.)
        indeks = "".join(f', CAST(enum_code(TRY_CAST({mentah(n)} AS "_e_{n}")) AS INTEGER) AS {_indeks(n)}'
                         for n in self.kamus)
        # Each field of a kamus is looked up once per row, into a column the expressions refer to (its list,
        # a constant, then appears once in the query: planning copies constants as often as they appear).
        isian = [(n, i, isi) for n, daftar in self.kamus.items() for i, isi in enumerate(daftar)]
        isian_a = "".join(f", getvariable('{_variabel(n, i)}')[{_indeks(n)} + 1] AS {_kolom_isian(n, i)}"
                          for n, i, isi in isian if not isi.per_tahun)
        isian_b = "".join(f", getvariable('{_variabel(n, i)}')[{_indeks(n)} * getvariable('_n_tahun') + _it + 1] "
                          f"AS {_kolom_isian(n, i)}" for n, i, isi in isian if isi.per_tahun)
        isian_semua = "".join(f", {_kolom_isian(n, i)}" for n, i, _ in isian)
        pilih = ", ".join(f'{e.nilai} AS "{n}"' for n, e in eks.items())
        bantu = "".join(f", {ekspr} AS {n}" for e in eks.values() for n, ekspr in e.bantu.items())
        mentah_semua = ", ".join(mentah(n) for n in sorted(self.ada))
        # Rules that reject the row come first: the first broken rule names the reject.
        aturan = [(n, kondisi, m, alasan, "row") for n, e in eks.items() for kondisi, m, alasan in e.pelanggaran]
        aturan += [(n, kondisi, m, alasan, "field") for n, e in eks.items() for kondisi, m, alasan in e.tanda]
        ada = " OR ".join(f"coalesce({kondisi}, FALSE)" for _, kondisi, *_ in aturan) or "FALSE"
        daftar = ", ".join(_pelanggaran(n, kondisi, m, alasan, tindakan) for n, kondisi, m, alasan, tindakan in aturan)
        kolom = ", ".join(f'"{n}"' for n in eks)
        tahun_rujukan = self.tahun_rujukan("tahun_baris")
        # A cell its kamus lacks (see siapkan): the row's values are not yet known, and the pass is run again.
        asing = " OR ".join(f"({mentah(n)} IS NOT NULL AND {_indeks(n)} IS NULL)" for n in self.kamus) or "FALSE"
        return f"""
            WITH m AS (SELECT {baris}{kolom_mentah}, {sql_data(self.kepala)} AS _data FROM ({sumber})),
            k0 AS (SELECT *{indeks} FROM m),
            k AS (SELECT *{isian_a}, {asing} AS _asing FROM k0),
            r0 AS (SELECT *, {self.tahun_baris()} AS tahun_baris FROM k),
            r1 AS (SELECT *, {tahun_rujukan} AS tahun_rujukan FROM r0),
            r2 AS (SELECT *, list_position(getvariable('_tahun_ada'), tahun_rujukan) - 1 AS _it FROM r1),
            r AS (SELECT *{isian_b} FROM r2),
            n AS (SELECT {baris}_data, _asing, tahun_baris, tahun_rujukan, {mentah_semua}{isian_semua}, {pilih}{bantu} FROM r),
            t AS (
                SELECT {baris}_data, _asing, {kolom},
                       CASE WHEN {ada} THEN list_filter([{daftar}], lambda x: x IS NOT NULL)
                            ELSE [] END AS _pelanggaran
                FROM n
            ),
            u AS ({self._sql_turunan()})
            SELECT *,
                   CASE WHEN len(_pelanggaran) = 0 THEN FALSE
                        ELSE coalesce(_pelanggaran[1].tindakan = 'row', FALSE) END AS _tolak,
                   CASE WHEN len(_pelanggaran) = 0 THEN CAST([] AS VARCHAR[])
                        ELSE list_transform(list_filter(_pelanggaran, lambda x: x.tindakan <> 'row'),
                                            lambda x: x.kolom) END AS kolom_ditandai
            FROM u"""

    def _sql_turunan(self) -> str:
        """The typed rows ``t`` with the values filled from the reference lists (TURUNAN) and the warnings where
        the file says otherwise (PERINGATAN_TURUNAN)."""
        nama = self.tabel.nama
        if nama not in RUJUKAN_TURUNAN:
            return "SELECT * FROM t"
        turunan = TURUNAN.get(nama, {})
        peringatan = ", ".join(
            _pelanggaran(n, f"coalesce(t.{n} <> i.{n}, FALSE)", f"t.{n}", alasan, "warning")
            for n, alasan in PERINGATAN_TURUNAN.get(nama, ()))
        ganti = ", ".join([f'{ekspr} AS "{n}"' for n, ekspr in turunan.items() if n in self.eks]
                          + ([f"list_concat(t._pelanggaran, list_filter([{peringatan}], lambda x: x IS NOT NULL))"
                              " AS _pelanggaran"] if peringatan else []))
        tambahan = "".join(f', {ekspr} AS "{n}"' for n, ekspr in turunan.items() if n not in self.eks)
        _, kunci, _ = RUJUKAN_TURUNAN[nama]
        return (f"SELECT t.* EXCLUDE (i) {f'REPLACE ({ganti})' if ganti else ''}{tambahan} "
                f"FROM (SELECT *, getvariable('_turunan')[{kunci}] AS i FROM t) t")


def lupakan_kamus(con: duckdb.DuckDBPyConnection) -> None:
    """After a ROLLBACK: forget which kamus were made. The ENUMs and spellings of the failed file's transaction
    went with it, but session variables are not transactional: a fingerprint left behind could name an ENUM that
    no longer holds what it says, so every kamus is made again for the next file."""
    for (nama,) in con.execute(r"SELECT name FROM duckdb_variables() WHERE name LIKE '\_k\_%\_sidik' ESCAPE '\'"
                               ).fetchall():
        con.execute(f"RESET VARIABLE {nama}")


def _variabel(nama: str, i: int | str) -> str:
    """The session variable holding field ``i`` of the kamus of raw column ``nama`` (its fingerprint: 'sidik')."""
    return f"_k_{nama}_{i}"


def _kolom_isian(nama: str, i: int) -> str:
    """The column holding a row's value of field ``i`` of the kamus of raw column ``nama``."""
    return f'"_v_{nama}_{i}"'


def _indeks(nama: str) -> str:
    """The column holding a row's place in the kamus of raw column ``nama`` (0-based; NULL for a missing cell)."""
    return f'"_i_{nama}"'


def _beda(nama: str) -> str:
    """The distinct non-missing cells of raw column ``nama`` the load has met, as ``v`` (Pembangun.pindai)."""
    return f"SELECT v FROM {EJAAN} WHERE kolom = {_teks(nama)} AND v IS NOT NULL"


def _tahun_sel(v: str) -> str:
    return f"TRY_CAST(bulat_id({v}) AS INTEGER)"


def dipakai(parameter: dict, sql: str) -> dict:
    """The parameters ``sql`` refers to (DuckDB refuses one it does not use)."""
    return {k: v for k, v in parameter.items() if f"${k}" in sql}


def _tak_terbaca(p: Pembangun, s: str, nilai: str, alasan: str) -> tuple[str, str, str]:
    """The rule 'a non-empty cell of raw column ``s`` that does not parse' (``nilai``: its parsed value)."""
    return (_kosong_padahal(nilai, p.kosong(s)), mentah(s), _alasan(alasan, mentah(s)))


def _bangun_teks(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    nilai = ", ".join(p.sel(s, lambda v: f"teks_id({v})") for s in src)
    return Ekspresi(f"coalesce({nilai})" if src else "CAST(NULL AS VARCHAR)", [])


def _bangun_angka(fungsi: str, alasan: str) -> Callable[[Pembangun, Kolom, list[str]], Ekspresi]:
    def bangun(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
        if not src:
            return Ekspresi(f"CAST(NULL AS {k.tipe_sql})", [])
        # (TRY_CAST: a number too large for its column is no value of it, and the rule below rejects its row.)
        nilai = p.sel(src[0], lambda v: f"TRY_CAST({fungsi}({v}) AS {k.tipe_sql})")
        return Ekspresi(nilai, [_tak_terbaca(p, src[0], f'"{k.nama}"', alasan)])
    return bangun


def _bangun_tahun(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    aturan = [_tak_terbaca(p, src[0], p.sel(src[0], _tahun_sel),
                           "Tahun '{}' bukan tahun: tulis empat angka, mis. 2022")] if src else []
    aturan.append((f"tahun_baris NOT BETWEEN {k.minimum:.0f} AND {k.maksimum:.0f}", "CAST(tahun_baris AS VARCHAR)",
                   _alasan(f"Tahun {{}} di luar rentang {k.minimum:.0f}..{k.maksimum:.0f}",
                           "CAST(tahun_baris AS VARCHAR)")))
    return Ekspresi("tahun_baris", aturan)


def _bangun_rentang(ujung: str) -> Callable[[Pembangun, Kolom, list[str]], Ekspresi]:
    """target_*_min/_max: a column of its own, or one end of a range cell ('5,2 - 5,8')."""
    def bangun(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
        langsung = k.nama if k.nama in p.ada else None
        rentang = k.sumber_rentang if k.sumber_rentang in p.ada else None
        bagian = ([p.sel(langsung, lambda v: f"angka_id({v})")] if langsung else []) + (
            [p.sel(rentang, lambda v: f"rentang_{ujung}({v})")] if rentang else [])
        nilai = f"coalesce({', '.join(bagian)})" if bagian else "CAST(NULL AS DOUBLE)"
        aturan = [_tak_terbaca(p, langsung, p.sel(langsung, lambda v: f"angka_id({v})"),
                               "'{}' bukan angka: tulis seperti 5,2 atau 1.234,5")] if langsung else []
        if rentang and ujung == "min":
            aturan.append(_tak_terbaca(p, rentang, p.sel(rentang, lambda v: f"rentang_min({v})"),
                                       "'{}' bukan angka atau rentang: tulis seperti 5,2 atau 5,2 - 5,8"))
        return Ekspresi(nilai, aturan)
    return bangun


def _nilai_rujukan(p: Pembangun, k: Kolom) -> Callable[[str], str]:
    """A cell's value in a coded column (a status, yes/no), through its spellings in value_aliases.toml."""
    return lambda v: (f"(SELECT first(r.nilai) FROM ref_nilai r WHERE r.tabel = {_teks(p.tabel.nama)} "
                      f"AND r.kolom = {_teks(k.nama)} AND r.kunci = kunci({v}))")


def _bangun_pilihan(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    if not src:
        return Ekspresi("CAST(NULL AS VARCHAR)", [])
    sah = ", ".join(k.nilai)
    return Ekspresi(p.sel(src[0], _nilai_rujukan(p, k)), [
        _tak_terbaca(p, src[0], f'"{k.nama}"', f"Nilai '{{}}' tidak dikenal untuk {k.nama}; yang sah: {sah}")])


def _bangun_boolean(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    if not src:
        return Ekspresi("CAST(NULL AS BOOLEAN)", [])
    nilai = p.sel(src[0], lambda v: f"CAST({_nilai_rujukan(p, k)(v)} AS BOOLEAN)")
    return Ekspresi(nilai, [_tak_terbaca(p, src[0], f'"{k.nama}"',
                                         f"'{{}}' tidak dikenal untuk {k.nama}: tulis Sudah/Belum atau Ya/Tidak")])


def _kode_rujukan(rujukan: str, fungsi_kunci: str, per_tahun: bool = True) -> Callable[..., str]:
    """A cell's code in reference list ``rujukan`` (valid in the plan year ``tahun`` when ``per_tahun``),
    through every spelling the list accepts (ref_kunci)."""
    def kode(v: str, tahun: str | None = None) -> str:
        berlaku = f" AND {tahun} BETWEEN r.tahun_mulai AND r.tahun_selesai" if per_tahun else ""
        return (f"(SELECT first(r.kode) FROM ref_kunci r WHERE r.rujukan = {_teks(rujukan)} "
                f"AND r.kunci = {fungsi_kunci}({v}){berlaku})")
    return kode


def _bangun_kode(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    """A code resolved through ref_kunci; the title row (province) is the last resort."""
    if k.rujukan == "kabkota":
        return _bangun_angka("kabkota_id", "Kode kab/kota '{}' tidak dikenali: tulis empat angka, mis. 3201")(p, k, src)
    daftar = DAFTAR[k.rujukan]
    kode_sumber = [p.sel(s, _kode_rujukan(k.rujukan, daftar.fungsi_kunci), per_tahun=True) for s in src]
    calon = list(kode_sumber)
    if k.rujukan == "provinsi":
        calon.append("$judul_provinsi")
    if k.rujukan == "urusan":
        dari_sub = _kode_rujukan(k.rujukan, daftar.fungsi_kunci, per_tahun=False)
        calon += [p.sel(s, lambda v: dari_sub(f"urusan_dari_sub_kegiatan({v})")) for s in p.sumber_sub_kegiatan()]
    if not daftar.ketat and k.nama in p.ada:
        # Kept as written only from the column's own cell: a feeder (an indicator's name) fills through the list.
        calon.append(p.sel(k.nama, lambda v: f"CASE WHEN kosong({v}) THEN NULL ELSE upper(trim({v})) END"))
    nilai = f"CAST(coalesce({', '.join(calon)}) AS {k.tipe_sql})" if calon else f"CAST(NULL AS {k.tipe_sql})"
    if not (daftar.ketat and src):
        return Ekspresi(nilai, [])
    # The first non-empty source decides (see Daftar.mana_saja); a column wins over the title row.
    pertama = f"coalesce({', '.join(f'CASE WHEN kosong({mentah(s)}) THEN NULL ELSE {mentah(s)} END' for s in src)})"
    kode = (nilai if daftar.mana_saja else
            "CASE " + " ".join(f"WHEN NOT {p.kosong(s)} THEN {ks}" for s, ks in zip(src, kode_sumber)) + " END")
    bantu = f"_dikenal_{k.nama}"
    # Only judged for a valid year: a row without one is rejected for its year, not for codes of no year.
    # The reason names the codes valid in the row's plan year, from the reference lists (ref_sah).
    aturan = [(f"NOT {p.semua_kosong(src)} AND NOT {bantu} AND tahun_baris = tahun_rujukan", pertama,
               _alasan(daftar.alasan + (DIKOSONGKAN if hanya_kolom(k) else ""), pertama,
                       tahun="CAST(tahun_baris AS VARCHAR)", sah=p.kode_sah(k.rujukan)))]
    bantu_ = {bantu: f"{kode} IS NOT NULL"}
    if hanya_kolom(k):
        return Ekspresi(nilai, [], bantu_, tanda=aturan)
    return Ekspresi(nilai, aturan, bantu_)


BANGUN: dict[str, Callable[[Pembangun, Kolom, list[str]], Ekspresi]] = {
    "teks": _bangun_teks,
    "tahun": _bangun_tahun,
    "angka": _bangun_angka("angka_id", "'{}' bukan angka: tulis seperti 1.234.567,89 atau 5,2"),
    "bulat": _bangun_angka("bulat_id", "'{}' bukan bilangan bulat atau terlalu besar: tulis bilangan bulat, "
                                       "mis. 12"),
    "tanggal": _bangun_angka("tanggal_id", "'{}' bukan tanggal yang mungkin: tulis seperti 25/02/2021 atau "
                                           "25 Februari 2021"),
    "angka_min": _bangun_rentang("min"),
    "angka_max": _bangun_rentang("max"),
    "pilihan": _bangun_pilihan,
    "boolean": _bangun_boolean,
    "kode": _bangun_kode,
}
"""Normaliser per kind of value (Kolom.jenis)."""

TURUNAN: dict[str, dict[str, str]] = {
    "target_indikator": {
        "jenis": "coalesce(i.jenis, t.jenis, 'urusan')",
        "arah": "coalesce(i.arah, t.arah)",
        "satuan": "coalesce(t.satuan, i.satuan)",
        "kunci_indikator": "coalesce(t.kode_indikator, kunci_nama(t.indikator))",
    },
}
"""Values filled from the reference lists after parsing. For an indicator the lists hold (macro, or an urusan
indicator of indikator_urusan.csv, matched by code or by any spelling of its name) its kind and direction are
facts of the indicator: the list's win over the file's. An indicator no list holds is keyed by its code, else
by its name reduced to lower-case words, so 'Prevalensi  Stunting' and 'prevalensi stunting' are one
indicator (a wording that differs more is one line in the list's ``varian``)."""

RUJUKAN_TURUNAN: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "target_indikator": ("ref_indikator", "kode_indikator", ("kode_indikator", "jenis", "arah", "satuan")),
}
"""Where TURUNAN's ``i`` comes from: (reference table, the code column it is found by, the fields it gives).
Looked up in a map held in a session variable, not joined: a join would lose the file's order."""

PERINGATAN_TURUNAN: dict[str, tuple[tuple[str, str], ...]] = {
    "target_indikator": tuple(
        (kolom, f"concat('{judul} ''', t.{kolom}, ''' berbeda dari daftar rujukan untuk ', i.kode_indikator, "
                f"' (', i.{kolom}, '); dipakai yang di daftar rujukan')")
        for kolom, judul in (("arah", "Arah"), ("jenis", "Jenis"))),
}
"""Where a file says otherwise than the reference list about a value taken from it: (column, reason in SQL).
The row loads with the list's value; the file's is recorded in etl_rejects with scope 'warning'."""


def pola_footer() -> str:
    """RE2 full-match pattern of a footer cell: a label alone ('Jumlah', 'Total: 1.234') or a note ('Dicetak pada ...').

    A label must stand alone (or with a number after it): 'Jumlah Penduduk Miskin' is data, not a footer.
    Matched ignoring case.
    """
    aturan = tata_letak()
    label = "|".join(k.lower().replace(" ", r"\s*") for k in sorted(aturan["footer_label"], key=len, reverse=True))
    catatan = "|".join(k.lower().replace(" ", r"\s*") for k in sorted(aturan["footer_catatan"], key=len, reverse=True))
    return rf"\s*(?:(?:{label})\s*(?::.*|[-+]?\d[\d.,\s]*)?|(?:{catatan}).*)"


def sql_data(kepala: Kepala) -> str:
    """Whether a record of the body (c0..cN) is data: not blank, not a footer.

    Almost every row has its key column filled with no footer word in it: only the others are searched further.
    """
    footer = _teks(pola_footer())
    kosong_semua = " AND ".join(f"kosong(c{j})" for j in kepala.kolom)
    ada_footer = " OR ".join(f"coalesce(regexp_full_match(c{j}, {footer}, 'i'), FALSE)" for j in range(kepala.lebar))
    penanda = [f"c{j}" for j, n in kepala.kolom.items() if n in kepala.tabel.baris_penanda]
    bukan_data = " AND ".join(
        f"CASE WHEN kosong({c}) THEN TRUE ELSE coalesce(regexp_full_match({c}, {footer}, 'i'), FALSE) END"
        for c in penanda) or "TRUE"
    return f"CASE WHEN NOT ({bukan_data}) THEN TRUE ELSE NOT ({kosong_semua} OR {ada_footer}) END"


def _pelanggaran(kolom: str, kondisi: str, mentah_: str, alasan: str, tindakan: str) -> str:
    """One entry of _pelanggaran in SQL: NULL unless ``kondisi``; ``tindakan`` is what it does to the row
    ('row': not loaded, 'field': loaded with the field empty, 'warning': loaded with the list's value)."""
    nilai = _pendek(f"CAST({mentah_} AS VARCHAR)")
    return (f"CASE WHEN {kondisi} THEN {{'kolom': {_teks(kolom)}, 'nilai': {nilai}, "
            f"'alasan': {alasan}, 'tindakan': {_teks(tindakan)}}} END")
