"""Command line of the dashboard's documents, for the secretariat:

    python -m selaras berita-acara --tahun 2022 [--provinsi 32 33] [--desk 7] [--db PATH] OUT_DIR

writes one .docx per document under OUT_DIR/<kode>_<provinsi>/: each province's recapitulation (unless
--desk narrows the run to some desks) and the Berita Acara draft of every desk that has a session or
proposals with it (or of each --desk asked for). Exit codes as the ETL's: 0 when every document was
written, 1 when any failed (a template that cannot make them stops the run at once), 2 on wrong usage.
Runs without Streamlit: it reads the database through selaras.kueri.Basis.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from etl.muat import DB_BAWAAN
from selaras.dokumen import bahan
from selaras.dokumen import berita_acara as ba
from selaras.dokumen.templat import GalatTemplat, folder_templat
from selaras.kueri import Basis


class SalahPakai(Exception):
    """Wrong usage: the message says what to give instead (exit code 2)."""


def _pilihan(basis: Basis, args: argparse.Namespace) -> tuple[list[str], list[int]]:
    """The provinces and desks asked for, checked against the data and the reference lists of the year."""
    tahun_ada = [int(x) for x in basis.kueri("tahun")["tahun"]]
    if args.tahun not in tahun_ada:
        raise SalahPakai(f"Tahun rencana {args.tahun} tidak ada di basis data; yang ada: "
                         f"{', '.join(map(str, tahun_ada)) or 'belum ada data'}.")
    provinsi = list(basis.kueri("provinsi", args.tahun)["kode_provinsi"])
    desk = [int(d) for d in basis.kueri("desk")["desk_no"]]
    if asing := [p for p in args.provinsi if p not in provinsi]:
        raise SalahPakai(f"Kode provinsi tidak dikenal untuk tahun {args.tahun}: {', '.join(asing)} "
                         f"(kode Kemendagri dua digit, mis. 32 untuk Jawa Barat).")
    if asing_desk := [d for d in args.desk if not d.isdigit() or int(d) not in desk]:
        raise SalahPakai(f"Nomor desk tidak dikenal: {', '.join(asing_desk)} (1..{max(desk, default=0)}).")
    return [p for p in provinsi if not args.provinsi or p in args.provinsi], sorted({int(d) for d in args.desk})


def perintah_berita_acara(args: argparse.Namespace) -> int:
    konsol, galat = Console(), Console(stderr=True)
    jalur_db = Path(args.db)
    if not jalur_db.exists():
        galat.print(f"[red]Basis data tidak ditemukan:[/] {jalur_db}. Muat ekspor SIPD dulu: python -m etl load")
        return 2
    folder = Path(args.templat) if args.templat else folder_templat()
    keluar = Path(args.out_dir)
    with Basis(jalur_db) as basis:
        try:
            provinsi, desk = _pilihan(basis, args)
        except SalahPakai as e:
            galat.print(f"[red]{e}[/]")
            return 2
        hasil = basis.ukuran("hasil_desk", (args.tahun, tuple(provinsi), (), (), (), ()))
        rencana = {p: desk or sorted(int(d) for d in hasil.loc[hasil["kode_provinsi"] == p, "desk_no"].dropna())
                   for p in provinsi}
        total = sum(len(d) for d in rencana.values()) + (0 if desk else len(provinsi))
        ditulis, gagal = 0, []
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=konsol) as bar:
            tugas = bar.add_task("Berita Acara", total=total)
            for kode in provinsi:
                b = bahan.ambil(basis, args.tahun, (kode,), tuple(desk))
                map_ = keluar / ba.nama_folder_provinsi(b, kode)
                map_.mkdir(parents=True, exist_ok=True)
                dokumen = [] if desk else [
                    (ba.nama_berkas_rekap(b, kode), lambda: ba.rekapitulasi_provinsi(b, kode, folder))]
                dokumen += [(ba.nama_berkas_desk(b, kode, d), lambda d=d: ba.berita_acara_desk(b, kode, d, folder))
                            for d in rencana[kode]]
                for nama, buat in dokumen:
                    bar.update(tugas, description=f"{b.provinsi[kode]}: {nama}")
                    try:
                        (map_ / nama).write_bytes(buat())
                        ditulis += 1
                    except GalatTemplat as e:
                        galat.print(f"[red]{e}[/]")
                        return 1
                    except Exception as e:  # one document's failure must not stop the others
                        gagal.append((nama, f"{type(e).__name__}: {e}"))
                    bar.advance(tugas)
            bar.update(tugas, description="Selesai")
    konsol.print(f"{ditulis} dokumen ditulis ke {keluar}" + (f"; {len(gagal)} gagal:" if gagal else "."))
    for nama, alasan in gagal:
        galat.print(f"  [red]{nama}[/]: {alasan}")
    return 1 if gagal else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m selaras", description="Selaras: dokumen Rakortekrenbang")
    sub = p.add_subparsers(dest="perintah", required=True)
    ba_ = sub.add_parser("berita-acara", help="tulis rancangan Berita Acara (.docx) per desk dan rekapitulasi "
                                              "per provinsi")
    ba_.add_argument("--tahun", type=int, required=True, help="tahun rencana, mis. 2022")
    ba_.add_argument("--provinsi", nargs="+", default=[], metavar="KODE", help="kode provinsi (bawaan: semua)")
    ba_.add_argument("--desk", nargs="+", default=[], metavar="N",
                     help="nomor desk (bawaan: semua desk yang punya sesi atau usulan; tanpa rekapitulasi)")
    ba_.add_argument("--db", default=os.environ.get("SELARAS_DB") or str(DB_BAWAAN),
                     help="berkas DuckDB (bawaan: $SELARAS_DB, lalu data/selaras.duckdb)")
    ba_.add_argument("--templat", help="folder templat Word (bawaan: $SELARAS_TEMPLAT, lalu data/templat)")
    ba_.add_argument("out_dir", metavar="OUT_DIR", nargs="?")
    ba_.set_defaults(fungsi=perintah_berita_acara)
    return p


def _ambil_out_dir(args: argparse.Namespace, argv: list[str]) -> None:
    """'--provinsi 32 33 OUT_DIR': argparse gives OUT_DIR to the list option before it; take it back."""
    if args.out_dir is not None:
        return
    terakhir = max(("provinsi", "desk"), key=lambda o: max((i for i, a in enumerate(argv) if a == f"--{o}"), default=-1))
    daftar = getattr(args, terakhir)
    if len(daftar) < 2 or argv[-1] != daftar[-1]:
        parser().error("OUT_DIR (folder tujuan) wajib diisi")
    args.out_dir = daftar.pop()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parser().parse_args(argv)
        _ambil_out_dir(args, argv)
    except SystemExit as e:  # argparse exits 2 on wrong usage, 0 on --help
        return int(e.code or 0)
    return args.fungsi(args)


if __name__ == "__main__":
    sys.exit(main())
