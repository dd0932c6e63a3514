"""Command line: ``python -m etl load [--db PATH] [--ganti | --ganti-tahun] PATH...`` and
``python -m etl sample [--scale N] [--tahun Y] OUT_DIR``.

Exit codes of ``load``: 0 when every file loaded (rows may have been rejected),
1 when any file failed, 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from etl.muat import DB_BAWAAN, HasilMuat, muat
from etl.schema import TABEL_EKSPOR
from etl.unduh import adalah_url


def _angka(n: int) -> str:
    """Indonesian thousands separator for the summary table."""
    return f"{n:,}".replace(",", ".")


def cetak_ringkasan(hasil: HasilMuat, konsol: Console) -> None:
    """Per file: kind, rows read, loaded, rejected, flagged (loaded with an unknown code left empty), ignored
    columns; then what a replacing load removed, and the first rejects."""
    t = Table(title=f"Muat #{hasil.run_id}", show_lines=False)
    for judul, rata in (("Berkas", "left"), ("Jenis", "left"), ("Status", "left"), ("Dibaca", "right"),
                        ("Dimuat", "right"), ("Ditolak", "right"), ("Ditandai", "right"), ("Duplikat", "right"),
                        ("Kolom diabaikan / galat", "left")):
        t.add_column(judul, justify=rata, overflow="fold")
    for b in hasil.berkas:
        status = "[green]dimuat[/]" if b.status == "loaded" else "[red]gagal[/]"
        catatan = b.error if b.error else ", ".join(b.ignored_columns)
        t.add_row(b.file, b.kind, status, _angka(b.rows_read), _angka(b.rows_loaded), _angka(b.rows_rejected),
                  _angka(b.rows_flagged), _angka(b.rows_duplicate), catatan)
    t.add_row("[b]Jumlah[/]", "", "", *(_angka(sum(getattr(b, k) for b in hasil.berkas)) for k in (
        "rows_read", "rows_loaded", "rows_rejected", "rows_flagged", "rows_duplicate")), "")
    konsol.print(t)
    cetak_penghapusan(hasil, konsol)
    if hasil.peringatan:
        konsol.print(f"[yellow]Peringatan:[/] {_angka(hasil.peringatan)} nilai di berkas berbeda dari daftar rujukan "
                     "(arah atau jenis indikator); yang dipakai adalah nilai daftar rujukan. Rinciannya di etl_rejects "
                     "(scope 'warning') dan di halaman Data.")
    if hasil.penolakan:
        r = Table(title="Baris ditolak dan kolom dikosongkan (20 pertama; semuanya di tabel etl_rejects)")
        for judul in ("Berkas", "Lembar", "Baris", "Kolom", "Nilai", "Alasan"):
            r.add_column(judul, overflow="fold")
        for file, sheet, row, column, value, reason in hasil.penolakan:
            r.add_row(file, sheet or "", str(row), column or "", value or "", reason)
        konsol.print(r)


def cetak_penghapusan(hasil: HasilMuat, konsol: Console) -> None:
    """What a replacing load removed ('12 usulan dihapus karena tidak ada lagi di ekspor'), or why it removed nothing."""
    if hasil.ganti is None:
        return
    if hasil.ganti_batal:
        konsol.print("[yellow]Tidak ada baris yang dihapus:[/] ada berkas yang gagal dimuat, jadi ekspor ini tidak "
                     "dianggap lengkap. Perbaiki atau keluarkan berkas itu, lalu muat ulang dengan --ganti.")
        return
    dimuat = {k for b in hasil.berkas for k in b.kind.split(", ") if k}
    for t in TABEL_EKSPOR:
        if t.nama not in dimuat and not hasil.dihapus.get(t.nama):
            continue
        konsol.print(f"{_angka(hasil.dihapus.get(t.nama, 0))} {t.nama} dihapus karena tidak ada lagi di ekspor"
                     + (f" (disimpan di etl_removed, muat #{hasil.run_id})" if hasil.dihapus.get(t.nama) else ""))


def perintah_load(args: argparse.Namespace) -> int:
    jalur = [p if adalah_url(p) else Path(p) for p in args.paths]
    hilang = [p for p in jalur if isinstance(p, Path) and not p.exists()]
    konsol = Console(stderr=False)
    if hilang:
        Console(stderr=True).print(f"[red]Tidak ditemukan:[/] {', '.join(map(str, hilang))}")
        return 2
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=konsol, transient=False) as bar:
        tugas = bar.add_task("Memuat", total=None)

        def kemajuan(file: str, selesai: int, total: int) -> None:
            bar.update(tugas, total=total, completed=selesai, description=f"Memuat {file}" if file else "Selesai")
        hasil = muat(jalur, Path(args.db), kemajuan, ganti=args.ganti)
    cetak_ringkasan(hasil, konsol)
    return 1 if hasil.ada_gagal else 0


def perintah_sample(args: argparse.Namespace) -> int:
    from etl.sample import tulis_sampel

    manifest = tulis_sampel(Path(args.out_dir), skala=args.scale, tahun=args.tahun or ())
    Console().print(f"Sampel ditulis ke {args.out_dir}: {len(manifest['files'])} berkas, "
                    f"tahun rencana {', '.join(manifest['edisi'])}")
    return 0


def perintah_kamus(args: argparse.Namespace) -> int:
    from etl.schema import kamus_markdown

    print(kamus_markdown())
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="Selaras: ekspor SIPD ke DuckDB")
    sub = p.add_subparsers(dest="perintah", required=True)
    load = sub.add_parser("load", help="muat berkas dan folder ekspor SIPD ke basis data")
    load.add_argument("--db", default=str(DB_BAWAAN), help="berkas DuckDB (bawaan: data/selaras.duckdb)")
    cara = load.add_mutually_exclusive_group()
    cara.add_argument("--ganti", dest="ganti", action="store_const", const="cakupan",
                      help="berkas-berkas ini menggantikan setiap pasangan (tahun, provinsi) yang dimuatnya: baris "
                           "tersimpan di pasangan itu yang tidak ada lagi di berkas dihapus (disimpan di etl_removed)")
    cara.add_argument("--ganti-tahun", dest="ganti", action="store_const", const="jenis_tahun",
                      help="berkas-berkas ini lengkap: setiap jenis ekspor dan tahun yang dimuatnya diganti seluruhnya")
    load.add_argument("paths", nargs="+", metavar="PATH",
                      help="berkas .xlsx/.csv/.json, folder, atau alamat http(s) layanan web SIPD")
    load.set_defaults(fungsi=perintah_load)
    sample = sub.add_parser("sample", help="tulis ekspor contoh yang realistis")
    sample.add_argument("--scale", type=int, default=1, help="pengali jumlah usulan (2000 = skala nasional)")
    sample.add_argument("--tahun", type=int, action="append", metavar="TAHUN",
                        help="hanya edisi tahun rencana ini (boleh berulang; bawaan: semua edisi data/bahan_sampel/edisi.toml)")
    sample.add_argument("out_dir", metavar="OUT_DIR")
    sample.set_defaults(fungsi=perintah_sample)
    kamus = sub.add_parser("kamus", help="cetak kamus data (Markdown) dari etl/schema.py")
    kamus.set_defaults(fungsi=perintah_kamus)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on wrong usage, 0 on --help
        return int(e.code or 0)
    return args.fungsi(args)


if __name__ == "__main__":
    sys.exit(main())
