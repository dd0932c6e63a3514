"""Command line: ``python -m etl load [--db PATH] [--ganti | --ganti-tahun] PATH...``,
``python -m etl fetch --url BASE --tahun YYYY``, ``python -m etl sample [--scale N] [--tahun Y] OUT_DIR`` and
``python -m etl sample-db`` (data/sampel.duckdb built again from data/sample).

Exit codes of ``load``: 0 when every file loaded (rows may have been rejected),
1 when any file failed, 2 on wrong usage (also: nothing to load in the paths given). ``fetch`` likewise,
per kind instead of per file. Text from the files (names, values, reasons) is printed as it is written, never
read as terminal markup. Stopped (Ctrl-C, kill, a closed terminal), a load removes its working copy; the
database stays as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from etl.muat import DB_BAWAAN, HasilMuat, TidakAdaEkspor, muat
from etl.schema import TABEL_EKSPOR
from etl.tarik import JENIS, PER_HALAMAN, HasilTarik, tarik, token_sipd
from etl.tarik import angka as _angka
from etl.unduh import Kesabaran, adalah_url


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
        t.add_row(Text(b.file), b.kind, status, _angka(b.rows_read), _angka(b.rows_loaded), _angka(b.rows_rejected),
                  _angka(b.rows_flagged), _angka(b.rows_duplicate), Text(catatan))
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
            r.add_row(*(Text(x or "") for x in (file, sheet, str(row), column, value, reason)))
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
    galat = Console(stderr=True)
    if hilang:
        galat.print(Text("Tidak ditemukan: ", style="red") + Text(", ".join(map(str, hilang))))
        return 2
    try:
        with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=konsol, transient=False) as bar:
            tugas = bar.add_task("Memuat", total=None)

            def kemajuan(file: str, selesai: int, total: int) -> None:
                bar.update(tugas, total=total, completed=selesai, description=f"Memuat {file}" if file else "Selesai")
            hasil = muat(jalur, Path(args.db), kemajuan, ganti=args.ganti)
    except TidakAdaEkspor as e:
        galat.print(Text(str(e), style="red"))
        return 2
    cetak_ringkasan(hasil, konsol)
    return 1 if hasil.ada_gagal else 0


STATUS_TARIK = {"loaded": "[green]dimuat[/]", "unchanged": "tidak berubah", "empty": "[yellow]kosong[/]",
                "failed": "[red]gagal[/]"}


def perintah_fetch(args: argparse.Namespace) -> int:
    """One pull, or one every ``--setiap`` minutes until stopped."""
    galat = Console(stderr=True)
    if not adalah_url(args.url):
        galat.print("[red]--url harus alamat http(s) layanan SIPD[/], misalnya https://sipd.example.go.id")
        return 2
    token = token_sipd()
    if not token:
        galat.print("[red]Token layanan SIPD belum diatur.[/] Isi variabel lingkungan SIPD_TOKEN, atau "
                    "SIPD_TOKEN di .streamlit/secrets.toml (berkas itu tidak pernah di-commit).")
        return 2
    if args.setiap is None:
        return _satu_tarikan(args, token)
    return _tarik_berulang(args, token)


def _satu_tarikan(args: argparse.Namespace, token: str) -> int:
    """One pull with a progress bar per kind (pages and records) and one for the load, then the summary."""
    konsol = Console()
    jenis = list(dict.fromkeys(args.kinds))
    with Progress(TextColumn("{task.description:<18}"), BarColumn(), TextColumn("{task.fields[keterangan]}"),
                  TimeElapsedColumn(), console=konsol, transient=False) as bar:
        tugas = {k: bar.add_task(k, total=None, keterangan="menunggu") for k in jenis}

        def kemajuan(kind: str, halaman: int, jumlah_halaman: int | None, rekaman: int, total: int | None) -> None:
            bar.update(tugas[kind], completed=halaman, total=jumlah_halaman, keterangan=(
                f"{halaman}/{jumlah_halaman} halaman · {_angka(rekaman)}/{_angka(total or 0)} rekaman"))

        def kemajuan_muat(file: str, selesai: int, total: int) -> None:
            if "muat" not in tugas:
                tugas["muat"] = bar.add_task("Memuat", total=total, keterangan="")
            bar.update(tugas["muat"], completed=selesai, keterangan=f"{selesai}/{total} jenis")

        hasil = tarik(args.url, args.tahun, token, jenis, Path(args.db), args.per_halaman,
                      Kesabaran(batas_waktu=args.batas_waktu, ulang=args.ulang), kemajuan, kemajuan_muat)
    cetak_tarikan(hasil, konsol)
    return 1 if hasil.ada_gagal else 0


def cetak_tarikan(hasil: HasilTarik, konsol: Console) -> None:
    """Per kind: pages, records, what became of it and why; the load's summary; then one plain sentence."""
    t = Table(title=f"Tarik #{hasil.pull_id}")
    for judul, rata in (("Jenis", "left"), ("Halaman", "right"), ("Rekaman", "right"), ("Status", "left"),
                        ("Keterangan", "left")):
        t.add_column(judul, justify=rata, overflow="fold")
    for j in hasil.jenis:
        t.add_row(j.kind, str(j.pages), _angka(j.records), STATUS_TARIK[j.status], j.error or "")
    konsol.print(t)
    if hasil.muat:
        cetak_ringkasan(hasil.muat, konsol)
    for j in hasil.jenis:
        if j.status == "failed":
            konsol.print(f"[red]{j.kind} tidak dimuat[/] ({j.error}). Isi basis data untuk {j.kind} tahun {j.tahun} "
                         "tetap seperti sebelumnya.", soft_wrap=True)
        elif j.status == "empty":
            konsol.print(f"[yellow]{j.kind}: layanan tidak memiliki rekaman tahun {j.tahun}[/]; tidak ada yang "
                         "dimuat untuk jenis ini.", soft_wrap=True)
    if hasil.muat is None and not hasil.ada_gagal:
        konsol.print("Tidak ada yang baru dari SIPD: rekaman sama dengan muat terakhir; data dan angka di dasbor "
                     "tidak berubah.", soft_wrap=True)


def _tarik_berulang(args: argparse.Namespace, token: str) -> int:
    """A pull every ``--setiap`` minutes, counted from the start of the previous one, until Ctrl+C or SIGTERM
    (or ``--kali`` pulls). Stopped during a pull, that pull is abandoned and the database stays as it was.
    The exit code is the last complete pull's.
    """
    konsol = Console()
    # Both stop it, also when it was started with SIGINT ignored (a job started in the background by a shell
    # without job control, or under nohup), where Python would leave Ctrl+C and `kill -INT` without effect.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    kode, menarik, ke = 0, False, 0
    try:
        while True:
            mulai = time.monotonic()
            menarik = True
            kode = _satu_tarikan(args, token)
            menarik = False
            ke += 1
            if args.kali and ke >= args.kali:
                return kode
            jeda = max(args.setiap * 60 - (time.monotonic() - mulai), 0)
            berikut = dt.datetime.now() + dt.timedelta(seconds=jeda)
            konsol.print(f"Tarikan berikutnya pukul {berikut:%H.%M.%S} (setiap {args.setiap:g} menit); "
                         "Ctrl+C untuk berhenti.", soft_wrap=True)
            time.sleep(jeda)
    except KeyboardInterrupt:
        if menarik:
            konsol.print("Dihentikan di tengah tarikan: tarikan itu dibatalkan, basis data tidak berubah.")
            return 130
        konsol.print("Dihentikan.")
        return kode


def perintah_sample(args: argparse.Namespace) -> int:
    from etl.sample import tulis_sampel

    manifest = tulis_sampel(Path(args.out_dir), skala=args.scale, tahun=args.tahun or ())
    Console().print(f"Sampel ditulis ke {args.out_dir}: {len(manifest['files'])} berkas, "
                    f"tahun rencana {', '.join(manifest['edisi'])}", markup=False)
    return 0


def perintah_sample_db(args: argparse.Namespace) -> int:
    """Build data/sampel.duckdb again from data/sample: the database a first start copies (etl/sampel_db.py)."""
    from etl import sampel_db

    with tempfile.TemporaryDirectory(prefix="selaras-sampel-") as folder:
        baru = Path(folder) / sampel_db.DB_SAMPEL.name
        hasil = sampel_db.bangun(baru)
        shutil.copyfile(baru, sampel_db.DB_SAMPEL)
    Console().print(f"{sampel_db.DB_SAMPEL.relative_to(sampel_db.AKAR)} dibangun dari "
                    f"{sampel_db.FOLDER_SAMPEL.relative_to(sampel_db.AKAR)}: {len(hasil.berkas)} berkas, "
                    f"{sum(b.rows_loaded for b in hasil.berkas)} baris dimuat", markup=False)
    return 0


def perintah_kamus(args: argparse.Namespace) -> int:
    from etl.schema import kamus_markdown

    print(kamus_markdown())
    return 0


def _tahun(teks: str) -> int:
    tahun = int(teks)
    if not 2015 <= tahun <= 2045:
        raise argparse.ArgumentTypeError("tahun rencana harus antara 2015 dan 2045")
    return tahun


def _positif(jenis: type) -> Callable[[str], float]:
    def periksa(teks: str) -> float:
        nilai = jenis(teks)
        if nilai <= 0:
            raise argparse.ArgumentTypeError("harus lebih dari 0")
        return nilai
    return periksa


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
    fetch = sub.add_parser("fetch", help="tarik semua halaman dari layanan web SIPD dan muat jenis yang lengkap")
    fetch.add_argument("--url", required=True, metavar="BASE", help="alamat dasar layanan, mis. https://sipd.example.go.id")
    fetch.add_argument("--tahun", required=True, type=_tahun, metavar="YYYY", help="tahun rencana, mis. 2022")
    fetch.add_argument("--kinds", nargs="+", choices=JENIS, default=list(JENIS), metavar="JENIS",
                       help=f"jenis yang ditarik (bawaan: semua): {', '.join(JENIS)}")
    fetch.add_argument("--db", default=str(DB_BAWAAN), help="berkas DuckDB (bawaan: data/selaras.duckdb)")
    fetch.add_argument("--setiap", type=_positif(float), metavar="MENIT",
                       help="tarik berulang setiap MENIT menit sampai dihentikan (Ctrl+C atau SIGTERM)")
    fetch.add_argument("--kali", type=_positif(int), metavar="N", help="dengan --setiap: berhenti setelah N tarikan")
    fetch.add_argument("--per-halaman", type=_positif(int), default=PER_HALAMAN, metavar="N",
                       help=f"rekaman per halaman yang diminta (bawaan: {PER_HALAMAN})")
    fetch.add_argument("--batas-waktu", type=_positif(float), default=Kesabaran.batas_waktu, metavar="DETIK",
                       help=f"batas waktu menunggu jawaban (bawaan: {Kesabaran.batas_waktu:g} detik)")
    fetch.add_argument("--ulang", type=int, default=Kesabaran.ulang, metavar="N",
                       help=f"berapa kali mencoba ulang saat 429, 5xx, sambungan putus atau lewat batas waktu "
                            f"(bawaan: {Kesabaran.ulang})")
    fetch.set_defaults(fungsi=perintah_fetch)
    sample_db = sub.add_parser("sample-db", help="bangun ulang data/sampel.duckdb dari data/sample (disalin pada "
                                                 "awal pertama aplikasi)")
    sample_db.set_defaults(fungsi=perintah_sample_db)
    kamus = sub.add_parser("kamus", help="cetak kamus data (Markdown) dari etl/schema.py")
    kamus.set_defaults(fungsi=perintah_kamus)
    return p


def _berhenti(nomor: int, _bingkai: object) -> None:
    """A stop signal ends the command the way Ctrl-C does, so a load still removes its working copy."""
    raise SystemExit(128 + nomor)


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on wrong usage, 0 on --help
        return int(e.code or 0)
    return args.fungsi(args)


if __name__ == "__main__":
    for sinyal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sinyal, _berhenti)
    sys.exit(main())

