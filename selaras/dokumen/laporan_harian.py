"""The leadership's daily brief: one or two A4 pages, on paper, of where the meeting stands.

Drawn with reportlab: text, tables and the charts are vector drawing in the PDF itself (no browser, no
image export, nothing fetched), in the Bitstream Vera fonts that reportlab installs with itself, which hold
every letter Indonesian and English use. All figures come from the measures, for the whole plan year.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import reportlab
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle)

from selaras import format as fmt
from selaras.dokumen.bahan import Sumber
from selaras.dokumen.isi_laporan import Isi, ambil
from selaras.teks import t

FOLDER_HURUF = Path(reportlab.__file__).resolve().parent / "fonts"
HURUF, HURUF_TEBAL = "Vera", "VeraBd"
BIRU, JINGGA, MERAH, HITAM, ABU = (colors.HexColor(c) for c in ("#0072B2", "#E69F00", "#D55E00", "#111111", "#666666"))
"""Okabe-Ito, as on the dashboard."""
LATAR = colors.HexColor("#EFF5FB")
LEBAR = A4[0] - 30 * mm - 12
"""The text width: the page less its margins and the frame's own padding of 6 points a side."""
BARIS_TERTINGGAL = 8
BARIS_KESENJANGAN = 10


def _daftar_huruf() -> None:
    if HURUF not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(HURUF, FOLDER_HURUF / "Vera.ttf"))
        pdfmetrics.registerFont(TTFont(HURUF_TEBAL, FOLDER_HURUF / "VeraBd.ttf"))
        pdfmetrics.registerFontFamily(HURUF, normal=HURUF, bold=HURUF_TEBAL, italic=HURUF, boldItalic=HURUF_TEBAL)


def huruf_memuat(teks: str) -> set[str]:
    """The characters of ``teks`` the brief's fonts have no glyph for (they would print as boxes)."""
    _daftar_huruf()
    peta = pdfmetrics.getFont(HURUF).face.charToGlyph
    return {c for c in teks if not c.isspace() and ord(c) not in peta}


class _Gaya:
    """The brief's paragraph styles, in its fonts."""

    def __init__(self) -> None:
        _daftar_huruf()
        dasar = ParagraphStyle("dasar", fontName=HURUF, fontSize=9, leading=12, textColor=HITAM)
        self.dasar = dasar
        self.judul = ParagraphStyle("judul", dasar, fontName=HURUF_TEBAL, fontSize=17, leading=21)
        self.sub = ParagraphStyle("sub", dasar, fontSize=8, leading=10, textColor=ABU, spaceAfter=6)
        self.bagian = ParagraphStyle("bagian", dasar, fontName=HURUF_TEBAL, fontSize=11, leading=14, spaceBefore=8,
                                     spaceAfter=4, textColor=BIRU)
        self.peringatan = ParagraphStyle("peringatan", dasar, fontName=HURUF_TEBAL, textColor=MERAH, borderColor=MERAH,
                                         borderWidth=1, borderPadding=4, spaceBefore=4, spaceAfter=8)
        self.angka = ParagraphStyle("angka", dasar, fontName=HURUF_TEBAL, fontSize=17, leading=20, alignment=TA_CENTER)
        self.label = ParagraphStyle("label", dasar, fontSize=7.5, leading=9, alignment=TA_CENTER)
        self.ubah = ParagraphStyle("ubah", dasar, fontSize=7.5, leading=9, alignment=TA_CENTER, textColor=BIRU)
        self.sel = ParagraphStyle("sel", dasar, fontSize=8, leading=10)
        self.kecil = ParagraphStyle("kecil", dasar, fontSize=7, leading=9, textColor=ABU)


def _p(teks: str, gaya: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: data never becomes markup."""
    return Paragraph(escape(teks), gaya)


def _kpi(isi: Isi, g: _Gaya) -> Table:
    b, pr, se = isi.bhs, isi.progres, isi.selaras
    terbuka = int((isi.provinsi["kesenjangan_terbuka"].fillna(0) > 0).sum())
    ada_target = int((isi.provinsi["indikator"] > 0).sum())
    hari_ini = pr["selesai"] - pr["selesai_sehari_sebelumnya"]
    sel = [
        (fmt.angka(pr["selesai"], 0, b), t("laporan.sesi_selesai", bhs=b, n=fmt.angka(pr["sesi"], 0, b)),
         t("laporan.pada_hari", bhs=b, n=fmt.selisih(hari_ini, 0, b),
           tanggal=fmt.tanggal(pr["tanggal_acuan"], b, pendek=True)) if pr["sesi"] else ""),
        (fmt.angka(pr["berita_acara"], 0, b), t("laporan.berita_acara", bhs=b), fmt.persen(pr["porsi_ba"], 1, b)),
        (fmt.persen(se["porsi_usulan_pn"], 1, b), t("laporan.usulan_pn", bhs=b), fmt.angka(se["jumlah_usulan"], 0, b)),
        (fmt.persen(se["porsi_pagu_pn"], 1, b), t("laporan.pagu_pn", bhs=b), fmt.rupiah(se["pagu"], b)),
        (f"{terbuka} / {ada_target}", t("laporan.provinsi_terbuka", bhs=b), ""),
    ]
    tabel = Table([[[_p(a, g.angka), _p(lbl, g.label), _p(u, g.ubah)] for a, lbl, u in sel]],
                  colWidths=[LEBAR / len(sel)] * len(sel))
    tabel.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), LATAR), ("BOX", (0, 0), (-1, -1), 0.5, BIRU),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.5, colors.white), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return tabel


def _perubahan(isi: Isi, g: _Gaya) -> list:
    b, pr = isi.bhs, isi.progres
    hasil = []
    acuan = isi.harian[isi.harian["tanggal"] == pr["tanggal_acuan"]] if pr["sesi"] else isi.harian.iloc[0:0]
    if not acuan.empty:
        h = acuan.iloc[0]
        hasil.append(_p("• " + t("laporan.perubahan_sesi", bhs=b, tanggal=fmt.tanggal(h["tanggal"], b),
                                   selesai=fmt.angka(h["selesai"], 0, b), rencana=fmt.angka(h["rencana"], 0, b),
                                   kumulatif=fmt.angka(h["selesai_kumulatif"], 0, b),
                                   rencana_kumulatif=fmt.angka(h["rencana_kumulatif"], 0, b),
                                   selisih=fmt.selisih(h["selesai_kumulatif"] - h["rencana_kumulatif"], 0, b)),
                            g.dasar))
    if len(isi.perubahan) == 2:
        kini, lalu = isi.perubahan.iloc[0], isi.perubahan.iloc[1]
        hasil.append(_p("• " + t(
            "laporan.perubahan_muat", bhs=b, tanggal=fmt.waktu(lalu["finished_at"], b), run=int(lalu["run_id"]),
            ba=fmt.selisih(kini["berita_acara"] - lalu["berita_acara"], 0, b),
            usulan_pn=fmt.poin_persen(kini["porsi_usulan_pn"] - lalu["porsi_usulan_pn"], b),
            pagu_pn=fmt.poin_persen(kini["porsi_pagu_pn"] - lalu["porsi_pagu_pn"], b),
            terbuka=fmt.selisih(kini["provinsi_kesenjangan_terbuka"] - lalu["provinsi_kesenjangan_terbuka"], 0, b)),
            g.dasar))
    else:
        hasil.append(_p("• " + t("laporan.tanpa_muat_kemarin", bhs=b), g.dasar))
    return hasil


def _sumbu(grafik, ukuran: float = 7) -> None:
    for sumbu in (grafik.categoryAxis, grafik.valueAxis) if hasattr(grafik, "categoryAxis") else (
            grafik.xValueAxis, grafik.yValueAxis):
        sumbu.labels.fontName = HURUF
        sumbu.labels.fontSize = ukuran
        sumbu.strokeColor = ABU


def _grafik_harian(isi: Isi) -> Drawing:
    """Cumulative sessions finished against the plan, one point per meeting day."""
    b, h = isi.bhs, isi.harian.reset_index(drop=True)
    d = Drawing(LEBAR, 62 * mm)
    lp = LinePlot()
    lp.x, lp.y, lp.width, lp.height = 14 * mm, 10 * mm, LEBAR - 18 * mm, 44 * mm
    rencana = [(i, float(v)) for i, v in enumerate(h["rencana_kumulatif"])]
    selesai = [(i, float(v)) for i, v in enumerate(h["selesai_kumulatif"]) if pd.notna(v)]
    lp.data = [rencana, selesai] if selesai else [rencana]
    for i, (warna, lebar, putus) in enumerate(((HITAM, 1.2, (3, 2)), (BIRU, 2.2, None))[:len(lp.data)]):
        lp.lines[i].strokeColor, lp.lines[i].strokeWidth = warna, lebar
        if putus:
            lp.lines[i].strokeDashArray = putus
    lp.xValueAxis.valueMin, lp.xValueAxis.valueMax = 0, max(len(h) - 1, 1)
    lp.xValueAxis.valueSteps = list(range(len(h)))
    tanggal = [fmt.tanggal(x, b, pendek=True) for x in h["tanggal"]]
    lp.xValueAxis.labelTextFormat = lambda v: tanggal[int(v)] if 0 <= int(v) < len(tanggal) else ""
    lp.yValueAxis.valueMin = 0
    lp.yValueAxis.labelTextFormat = lambda v: fmt.angka(v, 0, b)
    lp.yValueAxis.visibleGrid, lp.yValueAxis.gridStrokeColor = True, colors.HexColor("#DDDDDD")
    _sumbu(lp)
    d.add(lp)
    d.add(String(0, 58 * mm, t("laporan.grafik_harian", bhs=b), fontName=HURUF_TEBAL, fontSize=8.5, fillColor=HITAM))
    x = 20 * mm  # top left: the lines start low, so the legend covers nothing
    for i, (nama, warna, putus) in enumerate(((t("laporan.rencana", bhs=b), HITAM, (3, 2)),
                                              (t("laporan.selesai", bhs=b), BIRU, None))):
        y = 53 * mm
        d.add(Line(x + i * 35 * mm, y + 1.2 * mm, x + i * 35 * mm + 8 * mm, y + 1.2 * mm, strokeColor=warna,
                   strokeWidth=2, strokeDashArray=putus))
        d.add(String(x + i * 35 * mm + 10 * mm, y, nama, fontName=HURUF, fontSize=7.5, fillColor=HITAM))
    return d


def _tabel(baris: list[list[str]], lebar: list[float], g: _Gaya, kanan: set[int]) -> Table:
    data = [[_p(v, ParagraphStyle("k", g.sel, alignment=2) if j in kanan else g.sel) for j, v in enumerate(r)]
            for r in baris]
    tabel = Table(data, colWidths=lebar, repeatRows=1)
    tabel.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F1")), ("LINEBELOW", (0, 0), (-1, -1), 0.3, ABU),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return tabel


def _tertinggal(isi: Isi, g: _Gaya) -> Table:
    b = isi.bhs
    urut = {"by": ["terlambat", "porsi_selesai"], "ascending": [False, True]}
    desk = isi.desk[isi.desk["terlambat"] > 0].sort_values(**urut).head(BARIS_TERTINGGAL)
    prov = isi.per_provinsi[isi.per_provinsi["terlambat"] > 0].sort_values(**urut).head(BARIS_TERTINGGAL)
    kepala = [t("laporan.kol_terlambat", bhs=b), t("laporan.kol_selesai", bhs=b)]
    lebar_kolom = LEBAR / 2 - 4 * mm

    def blok(judul: str, df: pd.DataFrame, nama: list[str], kol: str) -> list:
        if df.empty:
            return [_p(judul, g.sel), _p(t("laporan.tidak_ada_terlambat", bhs=b), g.dasar)]
        baris = [[t(f"laporan.kol_{kol}", bhs=b), *kepala]] + [
            [n, fmt.angka(r["terlambat"], 0, b), fmt.persen(r["porsi_selesai"], 0, b)]
            for n, (_, r) in zip(nama, df.iterrows())]
        return [Paragraph(f"<b>{escape(judul)}</b>", g.sel), Spacer(1, 2),
                _tabel(baris, [lebar_kolom - 42 * mm, 21 * mm, 21 * mm], g, {1, 2})]

    kiri = blok(t("laporan.desk_tertinggal", bhs=b), desk,
                [f"{int(d)}. {n}" for d, n in zip(desk["desk_no"], desk["nama_desk"])], "desk")
    kanan = blok(t("laporan.provinsi_tertinggal", bhs=b), prov, list(prov["nama_provinsi"]), "provinsi")
    tabel = Table([[kiri, kanan]], colWidths=[LEBAR / 2, LEBAR / 2])
    tabel.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return tabel


def _kesenjangan(isi: Isi, g: _Gaya) -> list:
    b = isi.bhs
    terbuka = isi.kesenjangan[isi.kesenjangan["kesenjangan_terbuka"].fillna(False).astype(bool)].copy()
    if b == "en":  # macro indicators have English names in the reference list; affair indicators keep theirs
        terbuka["nama_indikator"] = terbuka["kode_indikator"].map(isi.nama_en).fillna(terbuka["nama_indikator"])
    if terbuka.empty:
        return [_p(t("laporan.tidak_ada_kesenjangan", bhs=b), g.dasar)]
    hasil = [_p(t("laporan.kesenjangan_ringkas", bhs=b, n=fmt.angka(len(terbuka), 0, b),
                  p=fmt.angka(terbuka["kode_provinsi"].nunique(), 0, b)), g.dasar)]
    per = terbuka.groupby("nama_indikator")["kode_provinsi"].nunique().sort_values()
    lebar_grafik = LEBAR * 0.44
    d = Drawing(lebar_grafik, max(24 * mm, (len(per) * 6 + 8) * mm))
    bc = HorizontalBarChart()
    bc.x, bc.y, bc.width, bc.height = 46 * mm, 6 * mm, lebar_grafik - 52 * mm, d.height - 8 * mm
    bc.data = [[int(v) for v in per.values]]
    bc.categoryAxis.categoryNames = [n if len(n) <= 30 else n[:29] + "…" for n in per.index]
    bc.bars[0].fillColor, bc.bars[0].strokeColor = MERAH, None
    bc.valueAxis.valueMin = 0
    bc.valueAxis.valueStep = max(1, int(per.max() // 4) or 1)
    bc.barLabelFormat = lambda v: fmt.angka(v, 0, b)
    bc.barLabels.fontName, bc.barLabels.fontSize, bc.barLabels.boxAnchor, bc.barLabels.dx = HURUF, 7, "w", 2
    _sumbu(bc)
    d.add(bc)
    kiri = [Paragraph(f"<b>{escape(t('laporan.grafik_kesenjangan', bhs=b))}</b>", g.sel), Spacer(1, 2), d]
    besar = terbuka.sort_values("selisih_nasional").head(BARIS_KESENJANGAN)
    baris = [[t("laporan.kol_provinsi", bhs=b), t("laporan.kol_indikator", bhs=b), t("laporan.kol_nasional", bhs=b),
              t("laporan.kol_daerah", bhs=b), t("laporan.kol_selisih", bhs=b)]] + [
        [r["nama_pendek"], r["nama_indikator"],
         fmt.rentang(r["target_nasional_min"], r["target_nasional_max"], int(r["desimal"]), b),
         fmt.rentang(r["target_daerah_min"], r["target_daerah_max"], int(r["desimal"]), b),
         fmt.angka(r["selisih_nasional"], int(r["desimal"]), b)]
        for _, r in besar.iterrows()]
    sisa = LEBAR - lebar_grafik
    tabel = _tabel(baris, [sisa * 0.17, sisa * 0.33, sisa * 0.18, sisa * 0.18, sisa * 0.14], g, {2, 3, 4})
    kanan = [Paragraph(f"<b>{escape(t('laporan.terbesar', bhs=b))}</b>", g.sel), Spacer(1, 2), tabel]
    dua = Table([[kiri, kanan]], colWidths=[lebar_grafik, sisa])
    dua.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [*hasil, Spacer(1, 3), dua]


def buat_pdf(isi: Isi, dibuat: dt.datetime | None = None) -> bytes:
    """The brief as PDF bytes."""
    g, b = _Gaya(), isi.bhs
    dibuat = dibuat or dt.datetime.now()
    muat = t("laporan.muat", bhs=b, run=isi.muat.run_id, waktu=fmt.waktu(isi.muat.selesai, b)) if isi.muat else ""
    kaki = f"{t('laporan.judul', bhs=b)} · {fmt.waktu(dibuat, b)}" + (
        f" · {t('dokumen.tanda_sampel', bhs=b)}" if isi.sampel else "")
    cerita = [_p(t("laporan.judul", bhs=b), g.judul),
              _p(t("laporan.sub", bhs=b, tahun=isi.tahun, acuan=fmt.tanggal(isi.progres["tanggal_acuan"], b),
                   dibuat=fmt.waktu(dibuat, b), muat=muat), g.sub)]
    if isi.sampel:
        cerita.append(_p(t("dokumen.peringatan_sampel", bhs=b), g.peringatan))
    if not isi.progres["sesi"] and not isi.selaras["jumlah_usulan"] and isi.kesenjangan.empty:
        cerita.append(_p(t("laporan.kosong", bhs=b, tahun=isi.tahun), g.dasar))
    else:
        cerita += [_p(t("laporan.angka_utama", bhs=b), g.bagian), _kpi(isi, g),
                   _p(t("laporan.perubahan", bhs=b), g.bagian), *_perubahan(isi, g)]
        if not isi.harian.empty:
            cerita += [Spacer(1, 4), _grafik_harian(isi)]
        cerita += [KeepTogether([_p(t("laporan.tertinggal", bhs=b), g.bagian), _tertinggal(isi, g)]),
                   KeepTogether([_p(t("laporan.kesenjangan", bhs=b), g.bagian), *_kesenjangan(isi, g)])]
    cerita += [Spacer(1, 8), _p(t("laporan.definisi", bhs=b), g.kecil)]

    keluar = io.BytesIO()
    doc = SimpleDocTemplate(keluar, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=14 * mm,
                            bottomMargin=16 * mm, title=t("laporan.judul", bhs=b), author="Selaras",
                            lang="id-ID" if b == "id" else "en-GB")
    doc.build(cerita, canvasmaker=lambda *a, **k: _KanvasBernomor(kaki, b, *a, **k))
    return keluar.getvalue()


class _KanvasBernomor(Canvas):
    """Pages held back until the end, so each footer can say 'Halaman 1 dari 2'."""

    def __init__(self, kaki: str, bhs: str, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._kaki, self._bhs, self._halaman = kaki, bhs, []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._halaman.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for keadaan in self._halaman:
            self.__dict__.update(keadaan)
            self.setFont(HURUF, 7)
            self.setFillColor(ABU)
            self.drawString(15 * mm, 9 * mm, self._kaki)
            self.drawRightString(A4[0] - 15 * mm, 9 * mm, t("laporan.halaman", bhs=self._bhs,
                                                            n=self._pageNumber, m=len(self._halaman)))
            super().showPage()
        super().save()


def laporan_harian(sumber: Sumber, tahun: int, bhs: str = "id", dibuat: dt.datetime | None = None) -> bytes:
    """Today's brief for plan year ``tahun`` in language ``bhs``, as PDF bytes."""
    return buat_pdf(ambil(sumber, tahun, bhs), dibuat)
