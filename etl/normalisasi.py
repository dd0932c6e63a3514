"""Normalise and validate one table's raw text cells in DuckDB SQL, column by column.

The loader hands over a table's body as a query (``_baris``, c0..cN, all text).
This module writes the SQL that turns it into typed canonical rows, each with the
list of rules it breaks (``_pelanggaran``): a broken rule of a key or a value rejects the
row (``_tolak``); a classification code that is not on its reference list only empties
that field, and the row loads with the field named in ``kolom_ditandai``. Which normaliser a column gets follows
from its ``jenis`` in etl/schema.py; the SQL macros live in etl/sql/normalisasi.sql.
Vectorised SQL, not Python per cell, is what keeps a national-size load fast.

Identifiers in the generated SQL come only from the schema and header_aliases.toml;
every value from a file or a title row travels as a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.kepala import Kepala, pengisi
from etl.rujukan import DAFTAR, baris_nilai, tata_letak
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


def hanya_kolom(k: Kolom) -> bool:
    """Whether an unknown value in column ``k`` only empties that field (the row still loads).

    A code refused by a strict list (etl.rujukan.DAFTAR) rejects the row when the column is required (a key:
    province, a session's desk); otherwise the row loads with the field empty and flagged: a proposal exists
    whatever its code, and the shares must count it."""
    return k.jenis == "kode" and k.rujukan in DAFTAR and DAFTAR[k.rujukan].ketat and not k.wajib


@dataclass
class Ekspresi:
    """One canonical column in SQL: its value, the lookups it needs, and the rules it checks."""

    nilai: str
    gabung: list[str]
    pelanggaran: list[tuple[str, str, str]]
    """(condition, raw value expression, reason expression): rules whose breach rejects the row"""
    bantu: dict[str, str] = field(default_factory=dict)
    """helper columns the rules need from the lookup stage (name -> expression)"""
    tanda: list[tuple[str, str, str]] = field(default_factory=list)
    """rules like ``pelanggaran`` whose breach only empties and flags this field"""


def mentah(nama: str) -> str:
    """The raw text column behind canonical or feeder column ``nama`` (prefixed, so typed names stay free)."""
    return f'"m_{nama}"'


def _teks(nilai: str) -> str:
    """A SQL string literal of our own text (reasons, names): quotes doubled."""
    return "'" + nilai.replace("'", "''") + "'"


def _alasan(templat: str, mentah: str, **isian: str) -> str:
    """A reason in SQL: the template with the raw value in place of '{}' and the SQL expressions of ``isian``
    in place of '{name}' (the row's year, the codes valid in it)."""
    bagian = re.split(r"\{(\w*)\}", templat)
    if len(bagian) == 1:
        return _teks(templat)
    sql = [_teks(b) if i % 2 == 0 else (isian[b] if b else mentah) for i, b in enumerate(bagian)]
    return f"concat({', '.join(sql)})"


class Pembangun:
    """Builds the per-column SQL for one table with the columns a header provided."""

    def __init__(self, tabel: Tabel, kepala: Kepala):
        self.tabel = tabel
        self.ada = set(kepala.kolom.values())
        self.pengisi = pengisi()

    def sumber(self, k: Kolom) -> list[str]:
        """Raw columns that give ``k``: itself first, then its feeders (in header_aliases.toml order)."""
        nama = [k.nama] if k.nama in self.ada else []
        nama += [f for f, target in self.pengisi.items() if k.nama in target and f in self.ada]
        if k.sumber_rentang and k.sumber_rentang in self.ada and k.sumber_rentang not in nama:
            nama.append(k.sumber_rentang)
        return [mentah(n) for n in nama]

    def ekspresi(self, k: Kolom) -> Ekspresi:
        src = self.sumber(k)
        e = BANGUN[k.jenis](self, k, src)
        if k.minimum is not None and k.jenis in ("angka", "bulat"):
            e.pelanggaran.append((f'"{k.nama}" < {k.minimum}', src[0] if src else "NULL",
                                  _alasan(f"{k.nama} {{}} tidak boleh kurang dari {k.minimum:g}", src[0])
                                  if src else "NULL"))
        if k.wajib:
            semua_kosong = " AND ".join(f"kosong({s})" for s in src) or "TRUE"
            e.pelanggaran.insert(0, (f'"{k.nama}" IS NULL AND {semua_kosong}', "NULL",
                                     _teks(f"Kolom wajib '{k.nama}' kosong: isi nilainya di berkas sumber lalu muat ulang")))
        return e


def _tak_terbaca(src: list[str], nilai_dari: Callable[[str], str], alasan: str) -> list[tuple[str, str, str]]:
    """A rule per source: a non-empty cell that does not parse (``nilai_dari`` gives its parsed value)."""
    return [(f"NOT kosong({s}) AND {nilai_dari(s)} IS NULL", s, _alasan(alasan, s)) for s in src]


def _bangun_teks(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    nilai = " , ".join(f"CASE WHEN kosong({s}) THEN NULL ELSE trim({s}) END" for s in src)
    return Ekspresi(f"coalesce({nilai})" if src else "CAST(NULL AS VARCHAR)", [], [])


def _bangun_angka(fungsi: str, alasan: str) -> Callable[[Pembangun, Kolom, list[str]], Ekspresi]:
    def bangun(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
        if not src:
            return Ekspresi(f"CAST(NULL AS {k.tipe_sql})", [], [])
        nilai = f"CAST({fungsi}({src[0]}) AS {k.tipe_sql})"
        return Ekspresi(nilai, [], _tak_terbaca(src[:1], lambda s: f'"{k.nama}"', alasan))
    return bangun


def ekspresi_tahun(p: Pembangun) -> str:
    """The plan year of a row: its own column, else the title row. Computed once, before the lookups need it."""
    src = p.sumber(p.tabel.kolom_bernama("tahun"))
    dari_kolom = f"TRY_CAST(bulat_id({src[0]}) AS INTEGER)" if src else "CAST(NULL AS INTEGER)"
    return f"coalesce({dari_kolom}, CAST($judul_tahun AS INTEGER))"


def _bangun_tahun(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    aturan = _tak_terbaca(src[:1], lambda s: f"TRY_CAST(bulat_id({s}) AS INTEGER)",
                          "Tahun '{}' bukan tahun: tulis empat angka, mis. 2022")
    aturan.append((f"tahun_baris NOT BETWEEN {k.minimum:.0f} AND {k.maksimum:.0f}", "CAST(tahun_baris AS VARCHAR)",
                   _alasan(f"Tahun {{}} di luar rentang {k.minimum:.0f}..{k.maksimum:.0f}",
                           "CAST(tahun_baris AS VARCHAR)")))
    return Ekspresi("tahun_baris", [], aturan)


def _bangun_rentang(ujung: str) -> Callable[[Pembangun, Kolom, list[str]], Ekspresi]:
    """target_*_min/_max: a column of its own, or one end of a range cell ('5,2 - 5,8')."""
    def bangun(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
        langsung = mentah(k.nama) if k.nama in p.ada else None
        rentang = mentah(k.sumber_rentang) if k.sumber_rentang in p.ada else None
        bagian = ([f"angka_id({langsung})"] if langsung else []) + ([f"rentang_{ujung}({rentang})"] if rentang else [])
        nilai = f"coalesce({', '.join(bagian)})" if bagian else "CAST(NULL AS DOUBLE)"
        aturan = _tak_terbaca([langsung] if langsung else [], lambda s: f"angka_id({s})",
                              "'{}' bukan angka: tulis seperti 5,2 atau 1.234,5")
        if rentang and ujung == "min":
            aturan += _tak_terbaca([rentang], lambda s: f"rentang_min({s})",
                                   "'{}' bukan angka atau rentang: tulis seperti 5,2 atau 5,2 - 5,8")
        return Ekspresi(nilai, [], aturan)
    return bangun


def _peta_kunci(s: str, alias: str, fungsi_kunci: str = "kunci") -> str:
    """Join each distinct raw value of column ``s`` to its matching key once, not once per row.

    A code column holds a few dozen distinct spellings across millions of rows.
    """
    return (f"LEFT JOIN (SELECT v, {fungsi_kunci}(v) AS kunci FROM (SELECT DISTINCT {s} AS v FROM r)) {alias} "
            f"ON {alias}.v = {s}")


def _gabung_nilai(p: Pembangun, k: Kolom, s: str, alias: str) -> list[str]:
    return [_peta_kunci(s, f"{alias}_k"),
            f"LEFT JOIN ref_nilai {alias} ON {alias}.tabel = {_teks(p.tabel.nama)} "
            f"AND {alias}.kolom = {_teks(k.nama)} AND {alias}.kunci = {alias}_k.kunci"]


def _bangun_pilihan(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    if not src:
        return Ekspresi("CAST(NULL AS VARCHAR)", [], [])
    alias = f"n_{k.nama}"
    sah = ", ".join(k.nilai)
    return Ekspresi(f"{alias}.nilai", _gabung_nilai(p, k, src[0], alias),
                    [(f'NOT kosong({src[0]}) AND "{k.nama}" IS NULL', src[0],
                      _alasan(f"Nilai '{{}}' tidak dikenal untuk {k.nama}; yang sah: {sah}", src[0]))])


def _bangun_boolean(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    if not src:
        return Ekspresi("CAST(NULL AS BOOLEAN)", [], [])
    alias = f"n_{k.nama}"
    return Ekspresi(f"CAST({alias}.nilai AS BOOLEAN)", _gabung_nilai(p, k, src[0], alias),
                    [(f'NOT kosong({src[0]}) AND "{k.nama}" IS NULL', src[0],
                      _alasan(f"'{{}}' tidak dikenal untuk {k.nama}: tulis Sudah/Belum atau Ya/Tidak", src[0]))])


def _bangun_kode(p: Pembangun, k: Kolom, src: list[str]) -> Ekspresi:
    """A code resolved through ref_kunci; the title row (province) is the last resort."""
    if k.rujukan == "kabkota":
        return _bangun_angka("kabkota_id", "Kode kab/kota '{}' tidak dikenali: tulis empat angka, mis. 3201")(p, k, src)
    daftar = DAFTAR[k.rujukan]
    gabung, calon = [], []
    for i, s in enumerate(src):
        alias = f"k_{k.nama}_{i}"
        gabung.append(_peta_kunci(s, f"{alias}_k", daftar.fungsi_kunci))
        gabung.append(f"LEFT JOIN ref_kunci {alias} ON {alias}.rujukan = {_teks(k.rujukan)} "
                      f"AND {alias}.kunci = {alias}_k.kunci "
                      f"AND tahun_rujukan BETWEEN {alias}.tahun_mulai AND {alias}.tahun_selesai")
        calon.append(f"{alias}.kode")
    if k.rujukan == "provinsi":
        calon.append("$judul_provinsi")
    if k.rujukan == "urusan":
        sub = p.sumber(p.tabel.kolom_bernama("kode_sub_kegiatan")) if "kode_sub_kegiatan" in p.tabel.nama_kolom else []
        for i, s in enumerate(sub):
            turunan = f"urusan_dari_sub_kegiatan({s})"
            alias = f"k_{k.nama}_sub{i}"
            gabung.append(_peta_kunci(turunan, f"{alias}_k", daftar.fungsi_kunci))
            gabung.append(f"LEFT JOIN ref_kunci {alias} ON {alias}.rujukan = {_teks(k.rujukan)} "
                          f"AND {alias}.kunci = {alias}_k.kunci")
            calon.append(f"{alias}.kode")
    if not daftar.ketat and k.nama in p.ada:
        # Kept as written only from the column's own cell: a feeder (an indicator's name) fills through the list.
        calon.append(f"CASE WHEN kosong({mentah(k.nama)}) THEN NULL ELSE upper(trim({mentah(k.nama)})) END")
    nilai = f"CAST(coalesce({', '.join(calon)}) AS {k.tipe_sql})" if calon else f"CAST(NULL AS {k.tipe_sql})"
    if daftar.ketat and src:
        # The first non-empty source decides (see Daftar.mana_saja); a column wins over the title row.
        pertama = f"coalesce({', '.join(f'CASE WHEN kosong({s}) THEN NULL ELSE {s} END' for s in src)})"
        kode = (nilai if daftar.mana_saja else
                "CASE " + " ".join(f"WHEN NOT kosong({s}) THEN k_{k.nama}_{i}.kode" for i, s in enumerate(src)) + " END")
        bantu, sah = f"_dikenal_{k.nama}", f"_sah_{k.nama}"
        # The reason names the codes valid in the row's plan year, from the reference lists (ref_sah).
        gabung.append(f"LEFT JOIN ref_sah s_{k.nama} ON s_{k.nama}.rujukan = {_teks(k.rujukan)} "
                      f"AND s_{k.nama}.tahun = tahun_rujukan")
        # Only judged for a valid year: a row without one is rejected for its year, not for codes of no year.
        aturan = [(f"{pertama} IS NOT NULL AND NOT {bantu} AND tahun_baris = tahun_rujukan", pertama,
                   _alasan(daftar.alasan + (DIKOSONGKAN if hanya_kolom(k) else ""), pertama,
                           tahun="CAST(tahun_baris AS VARCHAR)", sah=sah))]
        bantu_ = {bantu: f"{kode} IS NOT NULL", sah: f"s_{k.nama}.sah"}
        if hanya_kolom(k):
            return Ekspresi(nilai, gabung, [], bantu_, tanda=aturan)
        return Ekspresi(nilai, gabung, aturan, bantu_)
    return Ekspresi(nilai, gabung, [])


BANGUN: dict[str, Callable[[Pembangun, Kolom, list[str]], Ekspresi]] = {
    "teks": _bangun_teks,
    "tahun": _bangun_tahun,
    "angka": _bangun_angka("angka_id", "'{}' bukan angka: tulis seperti 1.234.567,89 atau 5,2"),
    "bulat": _bangun_angka("bulat_id", "'{}' bukan bilangan bulat"),
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

GABUNG_TURUNAN = {"target_indikator": "LEFT JOIN ref_indikator i ON i.kode_indikator = t.kode_indikator"}

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
    """
    aturan = tata_letak()
    label = "|".join(k.lower().replace(" ", r"\s*") for k in sorted(aturan["footer_label"], key=len, reverse=True))
    catatan = "|".join(k.lower().replace(" ", r"\s*") for k in sorted(aturan["footer_catatan"], key=len, reverse=True))
    return rf"\s*(?:(?:{label})\s*(?::.*|[-+]?\d[\d.,\s]*)?|(?:{catatan}).*)"


def sql_bersih(kepala: Kepala, sumber: str) -> str:
    """Rows of ``sumber`` (_baris, c0..cN) that are data: not blank, not a footer; raw columns named m_<column>.

    Almost every row has its key column filled; only the others are searched for footer words.
    """
    kolom = ", ".join(f'c{j} AS "m_{n}"' for j, n in sorted(kepala.kolom.items()))
    semua = [f"c{j}" for j in range(kepala.lebar)]
    kosong_semua = " AND ".join(f"kosong(c{j})" for j in kepala.kolom)
    penanda = [f"c{j}" for j, n in kepala.kolom.items() if n in kepala.tabel.baris_penanda]
    footer = _teks(pola_footer())
    penanda_kosong = " AND ".join(
        f"(kosong({c}) OR regexp_full_match(lower({c}), {footer}))" for c in penanda) or "TRUE"
    ada_footer = " OR ".join(f"coalesce(regexp_full_match(lower({c}), {footer}), FALSE)" for c in semua)
    return f"""
        SELECT _baris, {kolom} FROM ({sumber})
        WHERE CASE WHEN NOT ({penanda_kosong}) THEN TRUE ELSE NOT ({kosong_semua} OR {ada_footer}) END"""


def _pelanggaran(kolom: str, kondisi: str, mentah_: str, alasan: str, tindakan: str) -> str:
    """One entry of _pelanggaran in SQL: NULL unless ``kondisi``; ``tindakan`` is what it does to the row
    ('row': not loaded, 'field': loaded with the field empty, 'warning': loaded with the list's value)."""
    return (f"CASE WHEN {kondisi} THEN {{'kolom': {_teks(kolom)}, 'nilai': CAST({mentah_} AS VARCHAR), "
            f"'alasan': {alasan}, 'tindakan': {_teks(tindakan)}}} END")


def sql_normal(tabel: Tabel, kepala: Kepala, sumber: str) -> str:
    """From ``sumber`` (unique raw rows) to typed rows with ``_pelanggaran``, the rules each breaks.

    Each value is computed once: the rules refer to it by its column name, and the list of
    broken rules is only built for the rows that break one.
    """
    p = Pembangun(tabel, kepala)
    eks = {k.nama: p.ekspresi(k) for k in tabel.kolom}
    pilih = ", ".join(f'{e.nilai} AS "{n}"' for n, e in eks.items())
    bantu = "".join(f", {ekspr} AS {n}" for e in eks.values() for n, ekspr in e.bantu.items())
    gabung = "\n".join(g for e in eks.values() for g in e.gabung)
    mentah_semua = ", ".join(f'"m_{n}"' for n in sorted(set(kepala.kolom.values())))
    # Rules that reject the row come first: the first broken rule names the reject.
    aturan = [(n, kondisi, m, alasan, "row") for n, e in eks.items() for kondisi, m, alasan in e.pelanggaran]
    aturan += [(n, kondisi, m, alasan, "field") for n, e in eks.items() for kondisi, m, alasan in e.tanda]
    ada = " OR ".join(f"coalesce({kondisi}, FALSE)" for _, kondisi, *_ in aturan) or "FALSE"
    daftar = ", ".join(_pelanggaran(n, kondisi, m, alasan, tindakan) for n, kondisi, m, alasan, tindakan in aturan)
    peringatan = ", ".join(
        _pelanggaran(n, f"coalesce(t.{n} <> i.{n}, FALSE)", f"t.{n}", alasan, "warning")
        for n, alasan in PERINGATAN_TURUNAN.get(tabel.nama, ()))
    turunan = TURUNAN.get(tabel.nama, {})
    ganti = ", ".join([f'{ekspr} AS "{n}"' for n, ekspr in turunan.items() if n in eks]
                      + ([f"list_concat(t._pelanggaran, list_filter([{peringatan}], lambda x: x IS NOT NULL))"
                          " AS _pelanggaran"] if peringatan else []))
    tambahan = ", ".join(f'{ekspr} AS "{n}"' for n, ekspr in turunan.items() if n not in eks)
    kolom = ", ".join(f'"{n}"' for n in eks)
    # Codes are looked up for the row's year; a missing or impossible year is already a reject of its own,
    # so it is looked up as the nearest valid year rather than failing every code as well.
    k_tahun = tabel.kolom_bernama("tahun")
    tahun_rujukan = (f"least(greatest(coalesce(tahun_baris, {k_tahun.maksimum:.0f}), {k_tahun.minimum:.0f}), "
                     f"{k_tahun.maksimum:.0f})")
    return f"""
        WITH r0 AS (SELECT *, {ekspresi_tahun(p)} AS tahun_baris FROM ({sumber}) r),
        r AS (SELECT *, {tahun_rujukan} AS tahun_rujukan FROM r0),
        n AS MATERIALIZED (SELECT r._baris, r.tahun_baris, r.tahun_rujukan, {mentah_semua}, {pilih}{bantu} FROM r {gabung}),
        t AS (
            SELECT _baris, {kolom},
                   CASE WHEN {ada} THEN list_filter([{daftar}], lambda x: x IS NOT NULL)
                        ELSE [] END AS _pelanggaran
            FROM n
        ),
        u AS (SELECT t.* {f"REPLACE ({ganti})" if ganti else ""} {", " + tambahan if tambahan else ""}
              FROM t {GABUNG_TURUNAN.get(tabel.nama, "")})
        SELECT *, coalesce(_pelanggaran[1].tindakan = 'row', FALSE) AS _tolak,
               list_transform(list_filter(_pelanggaran, lambda x: x.tindakan <> 'row'), lambda x: x.kolom)
                 AS kolom_ditandai
        FROM u"""
