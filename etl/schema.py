"""The canonical tables and columns of sipd-exports.md, declared once.

Everything else is derived from this module: the DuckDB DDL, the per-column
normalisation and validation SQL of the loader, the column help in the app and
the data dictionary in the README. Changing a column means changing it here.

A column's ``jenis`` (kind of value) picks its normaliser in ``etl/normalisasi.py``:

- ``teks``        free text, trimmed; empty markers ('-', 'n/a', ...) become NULL
- ``tahun``       a plan year, 2015..2045
- ``bulat``       a whole number
- ``angka``       a number in Indonesian or plain notation
- ``angka_min``/``angka_max``  one end of a range ('5,2 - 5,8'); a single value fills both
- ``tanggal``     a date (Excel date, '25/02/2021', '2021-02-25', '25 Februari 2021')
- ``boolean``     yes/no ('Sudah', 'Ya', 'Ditandatangani' mean true)
- ``kode``        a code resolved through a reference list (``rujukan``)
- ``pilihan``     one of ``nilai``, spelled in many ways (see etl/value_aliases.toml)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.rujukan import kode_sah_per_periode


@dataclass(frozen=True)
class Kolom:
    """One canonical column: its type, meaning and rules."""

    nama: str
    jenis: str
    tipe_sql: str
    deskripsi_id: str
    deskripsi_en: str
    wajib: bool = False
    satuan: str | None = None
    nilai: tuple[str, ...] = ()
    rujukan: str | None = None
    minimum: float | None = None
    maksimum: float | None = None
    sumber_rentang: str | None = None
    """For ``angka_min``/``angka_max``: the header-level column that holds the range."""

    def deskripsi(self, bahasa: str) -> str:
        """The description in 'id' or 'en'; '{sah}' in it becomes the codes the reference list holds per plan
        period, so no description repeats a code range by hand."""
        teks = self.deskripsi_en if bahasa == "en" else self.deskripsi_id
        return teks if "{sah}" not in teks else teks.replace("{sah}", kode_sah_per_periode(self.rujukan))


@dataclass(frozen=True)
class Tabel:
    """One export kind and the fact table it loads into."""

    nama: str
    deskripsi_id: str
    deskripsi_en: str
    kolom: tuple[Kolom, ...]
    kunci: tuple[str, ...]
    baris_penanda: tuple[str, ...] = field(default=())
    """Columns that, when all empty, let a row that carries 'Jumlah'/'Total' count as a footer."""

    def kolom_bernama(self, nama: str) -> Kolom:
        """The column called ``nama``; a KeyError names the table when it is not there."""
        for k in self.kolom:
            if k.nama == nama:
                return k
        raise KeyError(f"{self.nama}.{nama}")

    @property
    def nama_kolom(self) -> tuple[str, ...]:
        return tuple(k.nama for k in self.kolom)


def _tahun() -> Kolom:
    return Kolom("tahun", "tahun", "INTEGER", "Tahun rencana (tahun anggaran yang direncanakan)",
                 "Plan year (the budget year being planned)", wajib=True, minimum=2015, maksimum=2045)


def _provinsi() -> Kolom:
    return Kolom("kode_provinsi", "kode", "VARCHAR", "Kode provinsi Kemendagri (dua digit)",
                 "Province code (Kemendagri, two digits)", wajib=True, rujukan="provinsi")


def _rentang(dasar: str, id_: str, en: str) -> tuple[Kolom, Kolom]:
    """A min/max pair read from one cell ('5,2 - 5,8') or from two columns."""
    return (
        Kolom(f"{dasar}_min", "angka_min", "DOUBLE", f"{id_} (batas bawah)", f"{en} (lower bound)",
              sumber_rentang=dasar),
        Kolom(f"{dasar}_max", "angka_max", "DOUBLE", f"{id_} (batas atas)", f"{en} (upper bound)",
              sumber_rentang=dasar),
    )


USULAN = Tabel(
    "usulan",
    "Usulan teknis daerah dan keselarasannya dengan PN/MP (satu baris per usulan)",
    "Regional technical proposals and their alignment with PN/MP (one row per proposal)",
    (
        Kolom("id_usulan", "teks", "VARCHAR", "Kode usulan di SIPD", "Proposal ID in SIPD", wajib=True),
        _tahun(),
        _provinsi(),
        Kolom("kode_kabkota", "kode", "VARCHAR", "Kode kabupaten/kota (empat digit)",
              "Regency/city code (four digits)", rujukan="kabkota"),
        Kolom("kode_kl", "kode", "VARCHAR", "Kode K/L (kode bagian anggaran, tiga digit)",
              "Ministry/agency budget code (three digits)", rujukan="kl"),
        Kolom("kode_sub_kegiatan", "teks", "VARCHAR", "Kode sub kegiatan (Kepmendagri 050-5889/2021)",
              "Sub-activity code (Kepmendagri 050-5889/2021)"),
        Kolom("kode_urusan", "kode", "VARCHAR", "Kode bidang urusan 'X.YY'; diturunkan dari sub kegiatan bila kosong",
              "Government affair code 'X.YY'; derived from the sub-activity when absent", rujukan="urusan"),
        Kolom("nama_sub_kegiatan", "teks", "VARCHAR", "Nama sub kegiatan", "Sub-activity name"),
        Kolom("kode_pn", "kode", "VARCHAR", "Prioritas Nasional yang didukung, kosong bila tidak ada; kode: {sah}",
              "National Priority served, empty when none; codes: {sah}", rujukan="pn"),
        Kolom("program_prioritas", "teks", "VARCHAR", "Program Prioritas", "Priority programme"),
        Kolom("kegiatan_prioritas", "teks", "VARCHAR", "Kegiatan Prioritas", "Priority activity"),
        Kolom("proyek_prioritas", "teks", "VARCHAR", "Proyek Prioritas", "Priority project"),
        Kolom("kode_mp", "kode", "VARCHAR", "Major Project yang didukung, kosong bila tidak ada; kode: {sah}",
              "Major Project served, empty when none; codes: {sah}", rujukan="mp"),
        Kolom("indikator", "teks", "VARCHAR", "Indikator keluaran", "Output indicator"),
        Kolom("satuan", "teks", "VARCHAR", "Satuan indikator", "Unit of the indicator"),
        Kolom("target", "angka", "DOUBLE", "Target keluaran", "Output target"),
        Kolom("pagu", "angka", "DOUBLE", "Pagu indikatif usulan", "Indicative budget of the proposal",
              satuan="Rp", minimum=0),
        Kolom("sumber_dana", "pilihan", "VARCHAR", "Sumber pendanaan", "Funding source",
              nilai=("apbn", "apbd_prov", "apbd_kabkota", "dak", "lainnya")),
        Kolom("desk_no", "kode", "INTEGER", "Nomor desk: {sah}", "Desk number: {sah}", rujukan="desk"),
        Kolom("status", "pilihan", "VARCHAR", "Status pembahasan usulan", "Status of the proposal's review",
              nilai=("diusulkan", "disetujui", "disetujui_catatan", "tidak_disetujui")),
        Kolom("tanggapan", "teks", "VARCHAR", "Tanggapan K/L atau catatan", "Ministry's response or note"),
    ),
    kunci=("id_usulan", "tahun"),
    baris_penanda=("id_usulan",),
)

TARGET_INDIKATOR = Tabel(
    "target_indikator",
    "Target indikator: target nasional (RKP) untuk provinsi dan target daerah (RKPD) (satu baris per provinsi, indikator, tahun)",
    "Indicator targets: national (RKP) against regional (RKPD) (one row per province, indicator and year)",
    (
        _tahun(),
        _provinsi(),
        Kolom("jenis", "pilihan", "VARCHAR", "Jenis indikator: makro atau urusan",
              "Indicator kind: macro or government affair", nilai=("makro", "urusan")),
        Kolom("kode_indikator", "kode", "VARCHAR", "Kode indikator makro (LPE, KEMISKINAN, ...)",
              "Macro indicator code (LPE, KEMISKINAN, ...)", rujukan="indikator"),
        Kolom("kode_urusan", "kode", "VARCHAR", "Kode bidang urusan untuk indikator urusan",
              "Government affair code of an affair indicator", rujukan="urusan"),
        Kolom("indikator", "teks", "VARCHAR", "Nama indikator", "Indicator name"),
        Kolom("satuan", "teks", "VARCHAR", "Satuan", "Unit"),
        Kolom("arah", "pilihan", "VARCHAR", "Arah yang lebih baik: naik atau turun",
              "Which way is better: up or down", nilai=("naik", "turun")),
        Kolom("baseline", "angka", "DOUBLE", "Capaian tahun dasar (baseline)", "Baseline (base-year actual)"),
        *_rentang("target_nasional", "Target nasional (RKP) untuk provinsi", "National (RKP) target for the province"),
        *_rentang("target_daerah", "Target daerah (RKPD)", "Regional (RKPD) target"),
        *_rentang("target_kesepakatan", "Target yang disepakati", "Agreed target"),
        Kolom("status", "pilihan", "VARCHAR", "Status kesepakatan target", "Status of the target agreement",
              nilai=("disepakati", "belum_disepakati", "tidak_disepakati")),
        Kolom("catatan", "teks", "VARCHAR", "Catatan", "Note"),
    ),
    kunci=("tahun", "kode_provinsi", "jenis", "kunci_indikator"),
    baris_penanda=("indikator", "kode_indikator"),
)

DESK_SESI = Tabel(
    "desk_sesi",
    "Sesi desk: satu baris per desk dan provinsi",
    "Desk sessions: one row per desk and province",
    (
        _tahun(),
        Kolom("desk_no", "kode", "INTEGER", "Nomor desk: {sah}", "Desk number: {sah}", wajib=True, rujukan="desk"),
        Kolom("nama_desk", "teks", "VARCHAR", "Nama desk", "Desk name"),
        _provinsi(),
        Kolom("tanggal_jadwal", "tanggal", "DATE", "Tanggal sesi dijadwalkan", "Scheduled date of the session"),
        Kolom("status", "pilihan", "VARCHAR", "Status sesi", "Session status",
              nilai=("belum_mulai", "berlangsung", "selesai")),
        Kolom("tanggal_selesai", "tanggal", "DATE", "Tanggal sesi selesai", "Date the session finished"),
        Kolom("berita_acara", "boolean", "BOOLEAN", "Berita Acara Kesepakatan sudah ditandatangani",
              "Record of agreement (Berita Acara) signed"),
        Kolom("jumlah_usulan_dibahas", "bulat", "INTEGER", "Jumlah usulan yang dibahas",
              "Number of proposals discussed", minimum=0),
    ),
    kunci=("tahun", "desk_no", "kode_provinsi"),
    baris_penanda=("desk_no",),
)

TABEL_EKSPOR: tuple[Tabel, ...] = (USULAN, TARGET_INDIKATOR, DESK_SESI)
"""The three export kinds, in the order a header is tried against them."""

KOLOM_ASAL = (
    ("sumber_sha256", "VARCHAR", "sha256 berkas sumber baris ini", "sha256 of the source file of this row"),
    ("sumber_baris", "INTEGER", "Nomor baris di berkas sumber (seperti terlihat di Excel atau penyunting teks; "
     "untuk JSON baris tempat rekamannya mulai)",
     "Row number in the source file (as seen in Excel or a text editor; for JSON the line its record starts on)"),
    ("sumber_lembar", "VARCHAR", "Lembar (sheet) berkas sumber; kosong untuk CSV dan JSON",
     "Sheet of the source file; empty for CSV and JSON"),
)
"""Provenance columns every fact table carries, so any figure can be traced to its cell."""

KOLOM_TANDA = (
    ("kolom_ditandai", "VARCHAR[]", "Kolom baris ini yang nilainya di berkas tidak dipakai (kode yang tidak dikenal "
     "dikosongkan; arah indikator diambil dari daftar rujukan); alasannya di etl_rejects",
     "Columns of this row whose value in the file was not used (an unknown code is left empty; an indicator's "
     "direction comes from the reference list); the reason is in etl_rejects"),
)
"""Flag columns every fact table carries: a row loads with a bad classification code left empty, and says so."""

KOLOM_TURUNAN = {
    "target_indikator": (("kunci_indikator", "VARCHAR", "Kode indikator, atau nama indikator bila tak berkode",
                          "Indicator code, or its name when it has none"),),
}
"""Columns the loader derives (not read from exports) that are part of a table's key."""


def tabel(nama: str) -> Tabel:
    """The export kind called ``nama``."""
    for t in TABEL_EKSPOR:
        if t.nama == nama:
            return t
    raise KeyError(nama)


def _ddl(nama: str, kolom: list[tuple[str, str]]) -> str:
    """CREATE TABLE, then ADD COLUMN for every column: a database made by an earlier version gets the
    columns added since, at the end, and its rows keep their values (new columns start empty)."""
    pertama = ",\n  ".join(f'"{n}" {tipe}' for n, tipe in kolom)
    tambah = "".join(f';\nALTER TABLE {nama} ADD COLUMN IF NOT EXISTS "{n}" {tipe}' for n, tipe in kolom)
    return f"CREATE TABLE IF NOT EXISTS {nama} (\n  {pertama}\n){tambah};\n"


def kolom_tabel(t: Tabel) -> list[tuple[str, str]]:
    """(name, SQL type) of every column of a fact table: canonical columns, derived key columns, provenance."""
    kolom = [(k.nama, k.tipe_sql) for k in t.kolom]
    kolom += [(n, tipe) for n, tipe, *_ in KOLOM_TURUNAN.get(t.nama, ())]
    return kolom + [(n, tipe) for n, tipe, *_ in (*KOLOM_ASAL, *KOLOM_TANDA)]


def ddl_tabel(t: Tabel) -> str:
    """CREATE TABLE for a fact table (and the columns an older database lacks)."""
    return _ddl(t.nama, kolom_tabel(t))


PEMBUKUAN: dict[str, tuple[tuple[str, str], ...]] = {
    "etl_runs": (("run_id", "INTEGER"), ("started_at", "TIMESTAMP"), ("finished_at", "TIMESTAMP"),
                 ("status", "VARCHAR"), ("files", "INTEGER"), ("rows_loaded", "BIGINT"), ("rows_rejected", "BIGINT"),
                 ("ganti", "VARCHAR"), ("rows_removed", "BIGINT"), ("rows_flagged", "BIGINT"),
                 ("pengguna", "VARCHAR")),
    "etl_files": (("run_id", "INTEGER"), ("file", "VARCHAR"), ("sha256", "VARCHAR"), ("kind", "VARCHAR"),
                  ("status", "VARCHAR"), ("rows_read", "BIGINT"), ("rows_loaded", "BIGINT"),
                  ("rows_rejected", "BIGINT"), ("error", "VARCHAR"), ("rows_duplicate", "BIGINT"),
                  ("rows_superseded", "BIGINT"), ("sheets", "VARCHAR"), ("ignored_columns", "VARCHAR"),
                  ("rows_flagged", "BIGINT")),
    "etl_rejects": (("run_id", "INTEGER"), ("file", "VARCHAR"), ("row", "BIGINT"), ("column", "VARCHAR"),
                    ("value", "VARCHAR"), ("reason", "VARCHAR"), ("sheet", "VARCHAR"), ("scope", "VARCHAR")),
    "etl_removed": (("run_id", "INTEGER"), ("kind", "VARCHAR"), ("tahun", "INTEGER"), ("kode_provinsi", "VARCHAR"),
                    ("key", "VARCHAR"), ("sumber_sha256", "VARCHAR"), ("sumber_baris", "INTEGER"),
                    ("ganti", "VARCHAR"), ("row", "JSON")),
    "etl_pulls": (("pull_id", "INTEGER"), ("run_id", "INTEGER"), ("url", "VARCHAR"), ("kind", "VARCHAR"),
                  ("tahun", "INTEGER"), ("started_at", "TIMESTAMP"), ("finished_at", "TIMESTAMP"),
                  ("status", "VARCHAR"), ("pages", "INTEGER"), ("records", "BIGINT"), ("sha256", "VARCHAR"),
                  ("page_sha256", "VARCHAR[]"), ("error", "VARCHAR")),
}
"""Bookkeeping tables of sipd-exports.md, with the columns added since at the end of each.

``etl_rejects.scope`` is 'row' when the row was not loaded, 'field' when it loaded and only the named field's
value was not used (an unknown classification code, left empty; ``rows_flagged`` counts such rows).
``etl_runs.ganti`` says what a load replaced besides rows of the same key (NULL: nothing; 'cakupan' or
'jenis_tahun', see etl/ganti.py), ``rows_removed`` how many rows it removed that way. ``etl_removed``
keeps each such row as it was (``row``, all its columns as JSON), with the run that removed it.
``etl_runs.pengguna`` says who made a load: the signed-in e-mail for an upload in the app, 'terminal' for the
command line (NULL for runs made before it was recorded).

``etl_pulls`` records every pull from the SIPD web service (``python -m etl fetch``), one row per kind:
status 'loaded' (in load ``run_id``), 'unchanged' (the same records as the last load of that kind and
year: nothing loaded), 'empty' (the service holds no record of it: nothing loaded) or 'failed' (not
loaded: ``error`` says which page and why); ``sha256`` is the kind's records as loaded, ``page_sha256``
the raw pages as received, both kept under data/sumber/."""

TABEL_DITOLAK = ("desk_sesi",)
"""Fact tables whose rejected rows are still counted when their key can be read: a desk session whose row was
rejected (an impossible date, say) still is one of the meeting's sessions, shown as 'data bermasalah'.
Each gets ``<table>_ditolak``: the key columns and the latest reject of every key that is not loaded."""

KOLOM_DITOLAK = (("run_id", "INTEGER"), ("file", "VARCHAR"), ("sheet", "VARCHAR"), ("row", "BIGINT"),
                 ("column", "VARCHAR"), ("reason", "VARCHAR"))


def kolom_ditolak(t: Tabel) -> list[tuple[str, str]]:
    """Columns of ``<table>_ditolak``: the table's key, then where and why its row was rejected."""
    jenis = dict(kolom_tabel(t))
    return [(k, jenis[k]) for k in t.kunci] + list(KOLOM_DITOLAK)


DDL_PEMBUKUAN = "".join(_ddl(nama, list(kolom)) for nama, kolom in PEMBUKUAN.items()) + "".join(
    _ddl(f"{t.nama}_ditolak", kolom_ditolak(t)) for t in TABEL_EKSPOR if t.nama in TABEL_DITOLAK)


def kamus_data() -> list[dict]:
    """The data dictionary (one dict per column) for the README and the app's column help."""
    baris = []
    for t in TABEL_EKSPOR:
        for k in t.kolom:
            baris.append({
                "tabel": t.nama, "kolom": k.nama, "tipe": k.tipe_sql, "wajib": k.wajib,
                "satuan": k.satuan or "", "nilai": ", ".join(k.nilai), "kunci": k.nama in t.kunci,
                "deskripsi_id": k.deskripsi("id"), "deskripsi_en": k.deskripsi("en"),
            })
    return baris


def kamus_markdown() -> str:
    """The data dictionary as Markdown tables, one per export kind (the README carries this text)."""
    bagian = []
    for t in TABEL_EKSPOR:
        bagian.append(f"### `{t.nama}`\n\n{t.deskripsi_id}. Kunci: ({', '.join(t.kunci)}).\n")
        bagian.append("| kolom | tipe | wajib | nilai / satuan | deskripsi | description |\n|---|---|---|---|---|---|")
        for k in t.kolom:
            nilai = ", ".join(f"`{v}`" for v in k.nilai) or (k.satuan or "")
            bagian.append(f"| `{k.nama}` | {k.tipe_sql} | {'ya' if k.wajib else ''} | {nilai} | "
                          f"{k.deskripsi('id')} | {k.deskripsi('en')} |")
        bagian.append("")
    return "\n".join(bagian)
