"""The Berita Acara drafts: per desk and province, and the province's recapitulation for the plenary.

The fields are plain text already in Indonesian formats (1.234.078.000; 5,2 – 5,8; Kamis, 25 Februari 2021),
so the template only places them. A Berita Acara is an Indonesian legal record: it is always written in
Indonesian, whatever the dashboard's language.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from selaras import format as fmt
from selaras.dokumen.bahan import Bahan
from selaras.dokumen.templat import Templat
from selaras.teks import nilai, t

BHS = "id"
KOSONG = fmt.KOSONG
TITIK_TANGGAL = "........................"
"""What a date the data does not have becomes: a blank to fill in by hand."""

TEMPLAT_DESK = Templat("berita_acara_desk.docx", (
    ("provinsi", "nama provinsi"), ("desk_no", "nomor desk"), ("nama_desk", "nama desk"),
    ("tanggal", "tanggal sesi"), ("target", "tabel target indikator desk"),
    ("usulan", "tabel usulan yang dibahas"), ("jumlah", "jumlah usulan dan pagu"),
    ("draf", "tanda rancangan selama sesi belum selesai"), ("peringatan_sampel", "peringatan data contoh"),
    ("kosong", "pesan bila tidak ada data"), ("catatan", "catatan dokumen"),
))
TEMPLAT_REKAP = Templat("rekapitulasi_provinsi.docx", (
    ("provinsi", "nama provinsi"), ("tahun", "tahun rencana"), ("makro", "tabel target indikator makro"),
    ("desk", "tabel hasil desk"), ("pagu_pn", "tabel pagu disetujui per PN"), ("sesi", "jumlah sesi"),
    ("jumlah", "jumlah usulan dan pagu"), ("draf", "tanda rancangan selama ada sesi belum selesai"),
    ("peringatan_sampel", "peringatan data contoh"), ("kosong", "pesan bila tidak ada data"),
    ("catatan", "catatan dokumen"),
))

_KENDALI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def teks(v: object) -> str:
    """A value from the data as document text: empty for nothing, no control characters (Word refuses them)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return _KENDALI.sub("", str(v)).strip()


def rupiah(x: float) -> str:
    """Rupiah in full, as a Berita Acara records it: 1.234.078.000."""
    return fmt.angka(x, 0, BHS)


def _tanggal(d: object) -> tuple[str, str]:
    """(weekday, date) of a session, or blanks to fill in by hand."""
    if d is None or pd.isna(d):
        return TITIK_TANGGAL[:12], TITIK_TANGGAL
    hari = pd.Timestamp(d).date()
    return fmt.hari(hari, BHS), fmt.tanggal(hari, BHS)


def _baris_target(df: pd.DataFrame) -> list[dict]:
    return [{
        "no": i, "indikator": teks(r["nama_indikator"]), "satuan": teks(r["satuan"]),
        "baseline": fmt.rentang(r["baseline"], None, int(r["desimal"]), BHS),
        "nasional": fmt.rentang(r["target_nasional_min"], r["target_nasional_max"], int(r["desimal"]), BHS),
        "daerah": fmt.rentang(r["target_daerah_min"], r["target_daerah_max"], int(r["desimal"]), BHS),
        "kesepakatan": fmt.rentang(r["target_kesepakatan_min"], r["target_kesepakatan_max"], int(r["desimal"]), BHS),
        "status": nilai("status", "disepakati" if r["disepakati"] else (teks(r["status"]) or "belum_disepakati"),
                        bhs=BHS),
        "catatan": teks(r["catatan"]),
    } for i, (_, r) in enumerate(df.iterrows(), 1)]


def _umum(b: Bahan, kode_provinsi: str, dibuat: dt.datetime, draf: bool) -> dict:
    """The fields every document has: year, province, draft and sample marks, when and from what load."""
    tanda = [t(k, bhs=BHS) for k, ya in (("dokumen.tanda_rancangan", draf), ("dokumen.tanda_sampel", b.sampel)) if ya]
    waktu = fmt.waktu(dibuat, BHS)
    return {
        "tahun": b.tahun, "tahun_rapat": b.tahun - 1, "kode_provinsi": kode_provinsi,
        "provinsi": b.provinsi.get(kode_provinsi, kode_provinsi), "draf": draf, "sampel": b.sampel,
        "tanda_kepala": " · ".join(tanda), "peringatan_sampel": t("dokumen.peringatan_sampel", bhs=BHS),
        "dibuat": t("dokumen.dibuat", bhs=BHS, waktu=waktu, run=b.muat.run_id) if b.muat
        else t("dokumen.dibuat_tanpa_muat", bhs=BHS, waktu=waktu),
    }


def _catatan_sumber(b: Bahan) -> list[str]:
    if b.muat is None:
        return []
    return [t("dokumen.catatan_sumber", bhs=BHS, run=b.muat.run_id, waktu=fmt.waktu(b.muat.selesai, BHS))]


def isian_desk(b: Bahan, kode_provinsi: str, desk_no: int, dibuat: dt.datetime) -> dict:
    """The fields of the Berita Acara of one desk with one province."""
    sesi = b.hasil[(b.hasil["kode_provinsi"] == kode_provinsi) & (b.hasil["desk_no"] == desk_no)]
    s = sesi.iloc[0] if not sesi.empty else None
    status = teks(s["status_sesi"]) if s is not None else ""
    usulan = b.usulan[(b.usulan["kode_provinsi"] == kode_provinsi) & (b.usulan["desk_no"] == desk_no)]
    target = b.target[(b.target["kode_provinsi"] == kode_provinsi) & (b.target["desk_no"] == desk_no)]
    selesai = status == "selesai"
    hari, tanggal = _tanggal(s["tanggal_selesai"] if selesai else (s["tanggal_jadwal"] if s is not None else None))
    isian = _umum(b, kode_provinsi, dibuat, draf=not selesai)
    provinsi, nama_desk = isian["provinsi"], b.desk.get(desk_no, f"Desk {desk_no}")
    status_usulan = usulan["status"].fillna("diusulkan")
    urusan = ", ".join(b.urusan_desk.get(desk_no, [])) or t("dokumen.tanpa_urusan", bhs=BHS)
    return isian | {
        "desk_no": desk_no, "nama_desk": nama_desk,
        "kl": " / ".join(b.kl_desk.get(desk_no, [])) or KOSONG, "urusan": urusan,
        "hari": hari, "tanggal": tanggal,
        "keterangan_tanggal": "" if selesai or s is None else t("dokumen.jadwal", bhs=BHS),
        "status_sesi": nilai("status", status, bhs=BHS) if status else t("dokumen.tanpa_sesi", bhs=BHS),
        "alasan_draf": "" if selesai else (t("dokumen.draf_sesi", bhs=BHS, status=nilai("status", status, bhs=BHS))
                                           if status else t("dokumen.draf_tanpa_sesi", bhs=BHS)),
        "kosong": "" if s is not None or not usulan.empty or not target.empty
        else t("dokumen.kosong_desk", bhs=BHS, desk=f"{desk_no} {nama_desk}", provinsi=provinsi, tahun=b.tahun),
        "target": _baris_target(target),
        "usulan": [{
            "no": i, "id_usulan": teks(u["id_usulan"]),
            "sub_kegiatan": " ".join(x for x in (teks(u["kode_sub_kegiatan"]), teks(u["nama_sub_kegiatan"])) if x),
            "kl": teks(u["nama_kl"]) or teks(u["kode_kl"]) or KOSONG, "pn": teks(u["kode_pn"]) or KOSONG,
            "mp": " ".join(x for x in (teks(u["kode_mp"]), teks(u["nama_mp"])) if x) or KOSONG,
            "pagu": rupiah(u["pagu"]), "status": nilai("status", teks(u["status"]) or "diusulkan", bhs=BHS),
            "tanggapan": teks(u["tanggapan"]),
        } for i, (_, u) in enumerate(usulan.iterrows(), 1)],
        "jumlah": {
            "usulan": fmt.angka(len(usulan), 0, BHS), "pagu": rupiah(usulan["pagu"].sum()),
            **{k: fmt.angka(int((status_usulan == k).sum()), 0, BHS)
               for k in ("disetujui", "disetujui_catatan", "tidak_disetujui")},
            "belum_diputuskan": fmt.angka(int((status_usulan == "diusulkan").sum()), 0, BHS),
            "pagu_disetujui": rupiah(usulan.loc[status_usulan.isin(["disetujui", "disetujui_catatan"]), "pagu"].sum()),
        },
        "catatan": [t("dokumen.catatan_indikator", bhs=BHS, urusan=urusan),
                    t("dokumen.catatan_usulan", bhs=BHS, provinsi=provinsi, desk=f"{desk_no} {nama_desk}"),
                    *_catatan_sumber(b)],
    }


def isian_rekap(b: Bahan, kode_provinsi: str, dibuat: dt.datetime) -> dict:
    """The fields of the province's recapitulation: macro targets, every desk's outcome, agreed pagu by PN."""
    hasil = b.hasil[b.hasil["kode_provinsi"] == kode_provinsi]
    makro = b.makro[b.makro["kode_provinsi"] == kode_provinsi]
    pn = b.pagu_pn[b.pagu_pn["kode_provinsi"] == kode_provinsi]
    ada_sesi = hasil["status_sesi"].notna()
    belum = int((ada_sesi & (hasil["status_sesi"] != "selesai")).sum())
    draf = belum > 0 or not ada_sesi.any()
    isian = _umum(b, kode_provinsi, dibuat, draf=draf)
    provinsi = isian["provinsi"]
    jumlah = {k: int(hasil[k].sum()) for k in ("jumlah_usulan", "disetujui", "disetujui_catatan", "tidak_disetujui",
                                               "belum_diputuskan")}
    pagu_disetujui = float(hasil["pagu_disetujui"].sum())
    return isian | {
        "per_tanggal": fmt.waktu(b.muat.selesai, BHS) if b.muat else KOSONG,
        "alasan_draf": "" if not draf else (t("dokumen.draf_rekap", bhs=BHS, n=belum, m=int(ada_sesi.sum()))
                                            if ada_sesi.any() else t("dokumen.draf_rekap_tanpa_sesi", bhs=BHS)),
        "kosong": "" if not hasil.empty or not makro.empty
        else t("dokumen.kosong_rekap", bhs=BHS, provinsi=provinsi, tahun=b.tahun),
        "makro": _baris_target(makro.sort_values("kode_indikator", key=_urutan_makro(b))),
        "sesi": {"jumlah": fmt.angka(int(ada_sesi.sum()), 0, BHS),
                 "selesai": fmt.angka(int((hasil["status_sesi"] == "selesai").sum()), 0, BHS),
                 "berita_acara": fmt.angka(int(hasil["berita_acara"].sum()), 0, BHS)},
        "desk": [{
            "desk_no": KOSONG if pd.isna(r["desk_no"]) else int(r["desk_no"]),
            "nama_desk": t("dokumen.tanpa_desk", bhs=BHS) if pd.isna(r["desk_no"]) else teks(r["nama_desk"]),
            "tanggal": _tanggal_rekap(r), "status_sesi": nilai("status", r["status_sesi"], bhs=BHS)
            if teks(r["status_sesi"]) else t("dokumen.tanpa_sesi", bhs=BHS),
            "berita_acara": t("dokumen.ba_ya" if r["berita_acara"] else "dokumen.ba_belum", bhs=BHS),
            "usulan": fmt.angka(r["jumlah_usulan"], 0, BHS), "disetujui": fmt.angka(r["disetujui"], 0, BHS),
            "disetujui_catatan": fmt.angka(r["disetujui_catatan"], 0, BHS),
            "tidak_disetujui": fmt.angka(r["tidak_disetujui"], 0, BHS),
            "belum_diputuskan": fmt.angka(r["belum_diputuskan"], 0, BHS), "pagu_disetujui": rupiah(r["pagu_disetujui"]),
        } for _, r in hasil.sort_values("desk_no", na_position="last").iterrows()],
        "pagu_pn": [{
            "kode_pn": KOSONG if r["kode_pn"] == "-" else r["kode_pn"],
            "nama_pn": t("dokumen.tanpa_pn", bhs=BHS) if r["kode_pn"] == "-" else teks(r["nama_pn"]),
            "usulan": fmt.angka(r["usulan_disetujui"], 0, BHS), "pagu": rupiah(r["pagu_disetujui"]),
            "porsi": fmt.persen(r["porsi_pagu"], 1, BHS),
        } for _, r in pn.iterrows()],
        "jumlah": {
            "usulan": fmt.angka(jumlah["jumlah_usulan"], 0, BHS), "disetujui": fmt.angka(jumlah["disetujui"], 0, BHS),
            "disetujui_catatan": fmt.angka(jumlah["disetujui_catatan"], 0, BHS),
            "disetujui_semua": fmt.angka(jumlah["disetujui"] + jumlah["disetujui_catatan"], 0, BHS),
            "tidak_disetujui": fmt.angka(jumlah["tidak_disetujui"], 0, BHS),
            "belum_diputuskan": fmt.angka(jumlah["belum_diputuskan"], 0, BHS),
            "pagu_disetujui": rupiah(pagu_disetujui), "porsi": fmt.persen(1.0 if pagu_disetujui else None, 1, BHS),
        },
        "catatan": [t("dokumen.catatan_rekap", bhs=BHS, provinsi=provinsi), *_catatan_sumber(b)],
    }


def _tanggal_rekap(r: pd.Series) -> str:
    if r["status_sesi"] == "selesai":
        return fmt.tanggal(r["tanggal_selesai"], BHS)
    if r["tanggal_jadwal"] is None or pd.isna(r["tanggal_jadwal"]):
        return KOSONG
    return fmt.tanggal(r["tanggal_jadwal"], BHS) + t("dokumen.jadwal", bhs=BHS)


def _urutan_makro(b: Bahan):
    """Macro indicators in the order of the reference list (LPE, KEMISKINAN, ...), not alphabetically."""
    urutan = {k: i for i, k in enumerate(b.urutan_makro)}
    return lambda s: s.map(lambda k: urutan.get(k, len(urutan)))


def berita_acara_desk(b: Bahan, kode_provinsi: str, desk_no: int, folder=None, dibuat: dt.datetime | None = None
                      ) -> bytes:
    """The .docx of one desk with one province."""
    return TEMPLAT_DESK.isi(isian_desk(b, kode_provinsi, desk_no, dibuat or dt.datetime.now()), folder)


def rekapitulasi_provinsi(b: Bahan, kode_provinsi: str, folder=None, dibuat: dt.datetime | None = None) -> bytes:
    """The .docx of the province's recapitulation."""
    return TEMPLAT_REKAP.isi(isian_rekap(b, kode_provinsi, dibuat or dt.datetime.now()), folder)


def _nama(teks_: str) -> str:
    """A file-name part: lower case, letters and digits joined by underscores."""
    return re.sub(r"[^a-z0-9]+", "_", teks_.lower()).strip("_")


def nama_folder_provinsi(b: Bahan, kode_provinsi: str) -> str:
    """Where a province's documents go in a batch: '32_jawa_barat'."""
    return f"{kode_provinsi}_{_nama(b.provinsi.get(kode_provinsi, kode_provinsi))}"


def nama_berkas_desk(b: Bahan, kode_provinsi: str, desk_no: int) -> str:
    prov = _nama(b.provinsi.get(kode_provinsi, kode_provinsi))
    return f"berita_acara_{b.tahun}_{kode_provinsi}_{prov}_desk_{desk_no:02d}_{_nama(b.desk.get(desk_no, ''))}.docx"


def nama_berkas_rekap(b: Bahan, kode_provinsi: str) -> str:
    return f"rekapitulasi_{b.tahun}_{kode_provinsi}_{_nama(b.provinsi.get(kode_provinsi, kode_provinsi))}.docx"


def nama_berkas_semua_desk(b: Bahan, kode_provinsi: str) -> str:
    return f"berita_acara_{b.tahun}_{nama_folder_provinsi(b, kode_provinsi)}_semua_desk.zip"
