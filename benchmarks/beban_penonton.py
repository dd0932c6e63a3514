"""Many viewers while loads land: browser sessions switch pages on one server while the database is replaced.

    python benchmarks/beban_penonton.py [--sesi 20] [--db PATH | --skala 2000] [--muat 2] [--jeda 45] [--sisa 75]

Starts ``streamlit run app.py`` the way the README does (the repository's .streamlit/config.toml, a free port),
opens ``--sesi`` sessions in Debian's Chromium (one browser context each, so each is a viewer of its own; they
arrive at random moments within the first ``--datang`` seconds), and lets every session click through the
sidebar to a random page, pausing a moment between clicks, now and then switching the language. Once every
viewer has the app open (as in the hall: people arrive, then the day's loads come), ``--muat`` loads replace
the database, ``--jeda`` seconds apart: by default a small desk-session update (the secretariat's upload
during the meeting), or ``--berkas`` (e.g. the national folder again). A load lands when the database file is
replaced. ``--muat-saat-buka`` starts the loads' clock at the start instead, so they land while the viewers
are still opening the app.

Reported: page visits; errors (an exception box, an error message, a visit that never finished, a page in the
wrong language); the openings (a new session: the browser loads the app's code and draws its first page) and
when the last viewer had the app open; p50/p95 page time (click to the new page drawn and its run finished) of
the page switches from then on, the phase the goal is about (those during the openings are reported apart:
there twenty browsers share the machine's cores with the openings of the others), and the server's share of
it (from the browser's request for the run leaving to the run's end arriving: the server's part of the wait,
its queue included, still slowed by the browsers sharing its cores), and the server's own time for every
whole run of app.py, its queue included, from its log (the server runs with SELARAS_CATAT_RUN=1); for each
load, the time until every session shows it (the "muat #N" line of every page) and how many visits still
showed the old one after it landed; the server's memory (peak resident set) and its main thread's CPU; the
health check (``/_stcore/health``, asked every second with a 5 s limit).

The goal (issue "Holds up in the hall"), at national scale on a 2-core machine: 20 viewers, 0 errors, every
session on the new load within 60 s of it landing, p95 page time under 3 s, the health check always answering.
Exit code 0 when the goal is met, 1 when not. A benchmark, not a test: CI may run a short version
(``--sesi 3 --skala 1 --muat 1 --jeda 15 --sisa 30 --datang 10``, about two minutes).

Without --db it uses benchmarks/out/nasional.duckdb (or skala_N.duckdb), built first from the sample
generator at ``--skala`` (see benchmarks/halaman.py). The loads go to a copy; the database stays as it was.
Besides the goal it reports the CPU the server used and how busy the whole machine was: the browsers run
on the same machine, and on two cores twenty of them keep it busy on their own. ``--inti-server 0`` keeps CPU 0
for the server and the loads and the other CPUs for the browsers, as when the viewers' browsers are on
machines of their own: the server's share of a page switch is then the server's alone. Every thread of them runs at
a lower priority (``--nice 10``), as a hall's browsers would not take the server's CPU; their own rendering
still counts in every page time.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))

import duckdb  # noqa: E402
from playwright.async_api import Page, async_playwright  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks.halaman import KELUARAN, siapkan_db  # noqa: E402
from selaras.format import angka  # noqa: E402
from selaras.navigasi import HALAMAN as DAFTAR_HALAMAN  # noqa: E402
from selaras.teks import katalog  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGUMEN_CHROMIUM = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                    "--disable-backgrounding-occluded-windows"]
HALAMAN = tuple(h.url for h in DAFTAR_HALAMAN)
BAWAAN = next(h.url for h in DAFTAR_HALAMAN if h.bawaan)
"""The page at the app's own address (its link is '/', not '/ringkasan')."""
POLA_MUAT = re.compile(r"\((?:muat|load) #(\d+)\)")
BAHASA = {"id": "Indonesia", "en": "English"}
JUDUL_MENU = katalog()[f"halaman.{DAFTAR_HALAMAN[0].nama}"]
"""The first menu entry in each language."""
BATAS_KUNJUNGAN = 60.0
"""Seconds a page visit may take before it counts as an error."""
BATAS_BUKA = 600.0
"""Seconds the loads wait for every session to have the app open before they start anyway."""
SASARAN = {"galat": 0, "detik_ke_muat_baru": 60.0, "p95_detik": 3.0}


@dataclass
class Kunjungan:
    """One click in one session and what the page showed."""

    sesi: int
    halaman: str
    mulai: float
    selesai: float
    run: int | None
    galat: str | None = None
    pertama: bool = False
    """The session's first page (a new session: the browser loads the app itself too)."""
    server: float | None = None
    """Seconds from the browser's request for the run (its rerun message leaving) to the run's end arriving
    (the server's 'script finished'): the server's share of the visit, queue included, without the browser's
    own work before and after. None when it was not seen."""


@dataclass
class Catatan:
    """Everything measured during one run of the benchmark (times are seconds since the sessions started)."""

    kunjungan: list[Kunjungan] = field(default_factory=list)
    muat: list[dict] = field(default_factory=list)
    kesehatan: list[tuple[float, float | None]] = field(default_factory=list)
    """(time, seconds the health check took, or None when it did not answer in 5 s)"""
    memori_mb: list[tuple[float, float]] = field(default_factory=list)
    cpu_utama: list[tuple[float, float]] = field(default_factory=list)
    """(time, share of one core the server's main thread used in the second before)"""
    cpu_server: list[tuple[float, float]] = field(default_factory=list)
    """(time, cores the whole server process used in the second before)"""
    cpu_mesin: list[tuple[float, float]] = field(default_factory=list)
    """(time, share of the machine's CPU time that was busy in the second before: server, browsers, others)"""
    terbuka: list[float] = field(default_factory=list)
    """When each session had the app open (its first page drawn)."""
    semua_terbuka: asyncio.Event = field(default_factory=asyncio.Event)
    t0_jam: float = 0.0
    """The wall-clock time of t0 (the server log's lines carry the wall clock)."""
    run_server: list[tuple[float, float]] = field(default_factory=list)
    """(time, seconds) of every whole run of app.py, from the server's log (SELARAS_CATAT_RUN): the server's own
    time for a run, its queue included, whatever the browsers do."""


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _leluhur(pid: int) -> set[int]:
    """The processes ``pid`` descends from."""
    hasil = set()
    while pid > 1:
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        hasil.add(pid)
    return hasil


def turunkan_peramban(nice: int) -> None:
    """Every thread of the browsers this run started, ``nice`` steps below the server's priority.

    In a hall every viewer's browser runs on a machine of its own; here twenty run beside the server on two
    cores, and Chromium raises some of its own threads above normal priority (its browser and compositing
    threads), where they take the CPU the server needs to answer (the health check too). Asked every second,
    as Chromium starts processes and threads as pages open.
    """
    if not nice:
        return
    for proses in proses_peramban():
        try:
            for utas in (proses / "task").iterdir():
                if os.getpriority(os.PRIO_PROCESS, int(utas.name)) < nice:
                    os.setpriority(os.PRIO_PROCESS, int(utas.name), nice)
        except (OSError, ValueError):
            continue


def proses_peramban() -> Iterator[Path]:
    """/proc/<pid> of every browser process this script started (Chromium's, below Playwright's driver)."""
    saya = os.getpid()
    for proses in Path("/proc").iterdir():
        try:
            if proses.name.isdigit() and (proses / "comm").read_text().startswith("chrom") \
                    and saya in _leluhur(int(proses.name)):
                yield proses
        except OSError:
            continue


INTI_SERVER: set[int] = set()
"""The CPUs the server and the loads run on (--inti-server), the others left to the browsers; empty: all share
every CPU."""


def _di_inti_server() -> None:
    """In a child process before it runs: keep it on the server's CPUs, when they are set apart."""
    if INTI_SERVER:
        os.sched_setaffinity(0, INTI_SERVER)


def mulai_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    """``streamlit run app.py`` as the README starts it: the repository's config, only the port chosen."""
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=AKAR, env={**os.environ, "SELARAS_DB": str(db), "SELARAS_CATAT_RUN": "1"}, stdout=open(log, "w"),
        stderr=subprocess.STDOUT, preexec_fn=_di_inti_server)


POLA_RUN = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) (?:.*: )?waktu run ([\d.]+) s$", re.M)
"""A whole run's line in the server log (selaras.komponen.waktu_run)."""


def baca_run_server(log: Path, t0_jam: float) -> list[tuple[float, float]]:
    """(seconds since t0 when the run ended, its seconds) for every whole run the server logged."""
    return [(dt.datetime.strptime(jam, "%Y-%m-%d %H:%M:%S.%f").timestamp() - t0_jam, float(detik))
            for jam, detik in POLA_RUN.findall(log.read_text(errors="replace"))]


def tunggu_sehat(alamat: str, proses: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if proses.poll() is not None:
            break
        try:
            if urllib.request.urlopen(f"{alamat}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("The server did not answer on /_stcore/health:\n" + log.read_text())


def _kesehatan(alamat: str) -> float | None:
    mulai = time.perf_counter()
    try:
        urllib.request.urlopen(f"{alamat}/_stcore/health", timeout=5).read()
    except OSError:
        return None
    return time.perf_counter() - mulai


def _rss_mb(pid: int) -> float:
    for baris in Path(f"/proc/{pid}/status").read_text().splitlines():
        if baris.startswith("VmRSS:"):
            return int(baris.split()[1]) / 1024
    return 0.0


def _cpu(pid: int, tid: int | None = None) -> float:
    """CPU seconds used so far by a process (all its threads), or by one of its threads."""
    jalur = f"/proc/{pid}/task/{tid}/stat" if tid else f"/proc/{pid}/stat"
    kolom = Path(jalur).read_text().rsplit(")", 1)[1].split()
    return (int(kolom[11]) + int(kolom[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_mesin() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    angka_ = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    diam = angka_[3] + angka_[4]  # idle + iowait
    return (sum(angka_) - diam) / os.sysconf("SC_CLK_TCK"), sum(angka_) / os.sysconf("SC_CLK_TCK")


async def pantau(alamat: str, pid: int, catatan: Catatan, t0: float, berhenti: asyncio.Event, nice: int) -> None:
    """Every second: the health check, the server's memory, its main thread's CPU; the browsers kept below the
    server's priority."""
    loop = asyncio.get_running_loop()
    lalu, t_lalu = (_cpu(pid, pid), _cpu(pid), *_cpu_mesin()), time.monotonic()
    while not berhenti.is_set():
        t = time.monotonic() - t0
        catatan.kesehatan.append((t, await loop.run_in_executor(None, _kesehatan, alamat)))
        sekarang, kini = time.monotonic(), (_cpu(pid, pid), _cpu(pid), *_cpu_mesin())
        detik = max(sekarang - t_lalu, 1e-3)
        catatan.cpu_utama.append((t, (kini[0] - lalu[0]) / detik))
        catatan.cpu_server.append((t, (kini[1] - lalu[1]) / detik))
        catatan.cpu_mesin.append((t, (kini[2] - lalu[2]) / max(kini[3] - lalu[3], 1e-3)))
        lalu, t_lalu = kini, sekarang
        catatan.memori_mb.append((t, _rss_mb(pid)))
        turunkan_peramban(nice)
        try:
            await asyncio.wait_for(berhenti.wait(), timeout=1.0)
        except TimeoutError:
            pass


async def _judul(page: Page) -> str:
    return await page.evaluate("() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText ?? ''")


async def tunggu_run(page: Page, kondisi: str, arg: object = None) -> None:
    """Until ``kondisi`` (a JS predicate of ``arg``) holds, nothing on the page is stale any more (the run that
    draws the page has drawn all of it) and no element is still a placeholder (Streamlit draws a grey skeleton
    while the browser fetches an element kind's code, the first time the tab meets it). Not the app's
    'notRunning' state: the page's live-refresh fragment runs every few seconds, and a busy server may be in one
    of those at any moment."""
    await page.wait_for_function(
        f"""(arg) => document.querySelector('[data-testid="stApp"]')
                     && !document.querySelector('[data-testid="stElementContainer"][data-stale="true"]')
                     && !document.querySelector('[data-testid="stSkeleton"]')
                     && ({kondisi})(arg)""", arg=arg, timeout=BATAS_KUNJUNGAN * 1000, polling=100)


HALAMAN_BARU = """([lama, jalur]) => {
    const h1 = document.querySelector('[data-testid="stMain"] h1');
    const p = location.pathname.replace(/\\/$/, '');
    return h1 && h1.innerText && h1.innerText !== lama && (p.endsWith('/' + jalur) || (jalur === '' && p === ''));
}"""
"""A page switch is done when the target address shows a title other than the page before's."""

BAHASA_BARU = """(judul) => document.querySelector('[data-testid="stSidebarNavLink"]')?.innerText.trim() === judul"""
"""A language switch is done when the menu speaks the new language."""


async def baca_halaman(page: Page, bahasa: str) -> tuple[int | None, str | None]:
    """The load the page shows (muat #N), and what is wrong with it, if anything."""
    keadaan = await page.evaluate("""() => ({
        galat: document.querySelectorAll('[data-testid="stException"]').length,
        pesan: [...document.querySelectorAll('[data-testid="stAlertContentError"]')].map(e => e.innerText),
        keterangan: [...document.querySelectorAll('[data-testid="stCaptionContainer"]')].map(e => e.innerText),
        tombol: document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button').length,
        bahasa: [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button')]
                  .filter(b => b.getAttribute('aria-checked') === 'true').map(b => b.innerText),
        cari: location.search,
    })""")
    run = next((int(m.group(1)) for k in keadaan["keterangan"] if (m := POLA_MUAT.search(k))), None)
    if keadaan["galat"]:
        return run, "exception"
    if keadaan["pesan"]:
        return run, "error: " + keadaan["pesan"][0][:80]
    # (no buttons at all: the switch is not drawn yet; drawn with none or the other one chosen: wrong)
    if "bahasa=None" in keadaan["cari"] or keadaan["tombol"] and keadaan["bahasa"] != [BAHASA[bahasa]]:
        return run, f"bahasa: {keadaan['bahasa']} {keadaan['cari'][:60]}"
    if run is None:
        return run, "no load line"
    return run, None


class JejakRun:
    """The WebSocket messages of one page, reduced to what ``Kunjungan.server`` needs: when the last request for
    a whole run (not a fragment's) left the browser, and when a whole run that began after it ended. (A run's
    start, 'new_session', is awaited first: the end of a run the live watch began before the click, still on its
    way, is not the click's.) Times are when this process handles Playwright's events: on a busy machine a little
    late, alike at both ends."""

    def __init__(self, page: Page) -> None:
        self.kirim: float | None = None
        self.dimulai = False
        self.selesai: float | None = None
        page.on("websocket", lambda ws: (ws.on("framesent", self._terkirim), ws.on("framereceived", self._diterima)))

    def mulai(self) -> None:
        self.kirim = self.selesai = None
        self.dimulai = False

    def _terkirim(self, isi: str | bytes) -> None:
        if isinstance(isi, bytes):
            m = BackMsg()
            m.ParseFromString(isi)
            if m.WhichOneof("type") == "rerun_script" and not m.rerun_script.fragment_id:
                self.kirim, self.dimulai, self.selesai = time.monotonic(), False, None

    def _diterima(self, isi: str | bytes) -> None:
        if isinstance(isi, bytes) and self.kirim is not None and self.selesai is None:
            m = ForwardMsg()
            m.ParseFromString(isi)
            jenis = m.WhichOneof("type")
            if jenis == "new_session":
                self.dimulai = True
            elif (jenis == "script_finished" and self.dimulai
                  and m.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY):
                self.selesai = time.monotonic()

    async def detik(self, batas: float = 10.0) -> float | None:
        """The server's share of the visit just made. The page may be drawn before its run's end arrives (the
        run's last lines draw nothing new): waits for it, at most ``batas`` seconds (not counted in the visit)."""
        akhir = time.monotonic() + batas
        while self.kirim is not None and self.selesai is None and time.monotonic() < akhir:
            await asyncio.sleep(0.05)
        return None if self.kirim is None or self.selesai is None else self.selesai - self.kirim


async def penonton(i: int, browser, alamat: str, catatan: Catatan, t0: float, berhenti: asyncio.Event,
                   jeda: tuple[float, float], acak: random.Random, sesi: int, datang: float) -> None:
    """One viewer: open the app, then click from page to page until told to stop."""
    konteks = await browser.new_context(viewport={"width": 1280, "height": 720})
    page = await konteks.new_page()
    jejak = JejakRun(page)
    bahasa, sekarang = "id", acak.choice(HALAMAN)
    await asyncio.sleep(acak.uniform(0, datang))  # viewers arrive one by one, not all in the same second
    try:
        while not berhenti.is_set():  # open the app; a viewer whose page never comes tries again
            mulai = time.monotonic()
            jejak.mulai()
            try:
                await page.goto(f"{alamat}/{'' if sekarang == BAWAAN else sekarang}", timeout=BATAS_KUNJUNGAN * 1000)
                await tunggu_run(page, "() => document.querySelector('[data-testid=\"stMain\"] h1')")
                run, galat = await baca_halaman(page, bahasa)
            except Exception as e:
                run, galat = None, f"timeout: {e.__class__.__name__} (membuka)"
            selesai = time.monotonic()
            catatan.kunjungan.append(Kunjungan(i, sekarang, mulai - t0, selesai - t0, run, galat, True,
                                               await jejak.detik()))
            if galat is None or not galat.startswith("timeout"):
                catatan.terbuka.append(selesai - t0)
                if len(catatan.terbuka) == sesi:
                    catatan.semua_terbuka.set()
                break
        while not berhenti.is_set():
            await page.wait_for_timeout(acak.uniform(*jeda) * 1000)
            if berhenti.is_set():
                break
            judul_lama = await _judul(page)
            if acak.random() < 0.1:
                bahasa = "en" if bahasa == "id" else "id"
                tombol = page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button',
                                      has_text=BAHASA[bahasa]).first
                tujuan, kondisi, arg = sekarang, BAHASA_BARU, JUDUL_MENU[bahasa]
            else:
                tujuan = acak.choice([h for h in HALAMAN if h != sekarang])
                tombol = page.locator('[data-testid="stSidebarNavLink"]').nth(HALAMAN.index(tujuan))
                kondisi, arg = HALAMAN_BARU, [judul_lama, "" if tujuan == BAWAAN else tujuan]
            mulai = time.monotonic()
            jejak.mulai()
            try:
                await tombol.click(timeout=BATAS_KUNJUNGAN * 1000)
                await tunggu_run(page, kondisi, arg)
                run, galat = await baca_halaman(page, bahasa)
            except Exception as e:  # a visit that never finished is an error of the app, not of the benchmark
                run, galat = None, f"timeout: {e.__class__.__name__}"
                await page.goto(f"{alamat}/{tujuan}?bahasa={bahasa}", timeout=BATAS_KUNJUNGAN * 1000)
                await tunggu_run(page, "() => document.querySelector('[data-testid=\"stMain\"] h1')")
            selesai = time.monotonic()
            catatan.kunjungan.append(Kunjungan(i, tujuan, mulai - t0, selesai - t0, run, galat,
                                               server=await jejak.detik() if galat is None else None))
            sekarang = tujuan
    finally:
        await konteks.close()


def tulis_pembaruan(folder: Path, db: Path, ke: int) -> Path:
    """A small desk-session export, as the secretariat uploads during the meeting: load ``ke`` finishes
    and signs every session of one more province."""
    with duckdb.connect(str(db), read_only=True) as con:
        tahun, provinsi = con.execute(
            "SELECT max(tahun), list(DISTINCT kode_provinsi ORDER BY kode_provinsi) FROM desk_sesi").fetchall()[0]
        sesi = con.execute("SELECT desk_no, tanggal_jadwal FROM desk_sesi WHERE tahun = ? AND kode_provinsi = ?",
                           [tahun, provinsi[ke % len(provinsi)]]).fetchall()
    berkas = folder / f"pembaruan_desk_{ke}.csv"
    with open(berkas, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Tahun", "Desk", "Kode Provinsi", "Jadwal", "Status", "Tanggal Selesai", "Berita Acara"])
        for desk, jadwal in sesi:
            w.writerow([tahun, desk, provinsi[ke % len(provinsi)], jadwal, "Selesai", jadwal, "Sudah"])
    return berkas


def _identitas(db: Path) -> tuple[int, int]:
    s = db.stat()
    return s.st_ino, s.st_mtime_ns


async def muat_berkala(db: Path, berkas: list[Path] | None, kali: int, jeda: float, catatan: Catatan, t0: float,
                       folder: Path, log: Path, tunggu_buka: bool) -> None:
    """``kali`` loads, ``jeda`` seconds apart (from the moment every session has the app open, when
    ``tunggu_buka``, else from the start); a load lands when its command ends (it replaces the file last)."""
    if tunggu_buka:
        try:
            await asyncio.wait_for(catatan.semua_terbuka.wait(), timeout=BATAS_BUKA)
        except TimeoutError:
            print(f"  tidak semua sesi terbuka setelah {BATAS_BUKA:.0f} s; muat dimulai juga", flush=True)
    for ke in range(1, kali + 1):
        await asyncio.sleep(jeda)
        sumber = berkas or [tulis_pembaruan(folder, db, ke)]
        lama = _identitas(db)
        mulai = time.monotonic() - t0
        proses = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "etl", "load", "--db", str(db), *map(str, sumber), cwd=AKAR,
            stdout=open(log, "a"), stderr=subprocess.STDOUT, preexec_fn=_di_inti_server)
        kode = await proses.wait()
        mendarat = time.monotonic() - t0  # the new file is in place when the load ends
        if _identitas(db) == lama:
            print(f"  muat ke-{ke} tidak mengganti basis data (kode {kode})", flush=True)
        with duckdb.connect(str(db), read_only=True) as con:
            run = con.execute("SELECT max(run_id) FROM etl_runs").fetchall()[0][0]
        catatan.muat.append({"ke": ke, "mulai": mulai, "mendarat": mendarat, "run": run, "kode_keluar": kode})
        print(f"  muat #{run} mendarat pada {mendarat:.1f} s (dimulai {mulai:.1f} s, kode {kode})", flush=True)


def ringkas(catatan: Catatan, sesi: int, akhir: float) -> dict:
    """The figures of the report, from what was recorded."""
    k = catatan.kunjungan
    def persentil(nilai: list[float], p: float) -> float:
        return nilai[min(len(nilai) - 1, int(p * len(nilai)))] if nilai else float("nan")

    selesai = [v for v in k if v.galat is None or not v.galat.startswith("timeout")]
    # The page switches from the moment every viewer had the app open: the phase the goal is about.
    semua_terbuka = max(catatan.terbuka) if len(catatan.terbuka) == sesi else None
    rapat = [v for v in selesai if not v.pertama and semua_terbuka is not None and v.mulai >= semua_terbuka]
    detik = sorted(v.selesai - v.mulai for v in rapat)
    saat_buka = sorted(v.selesai - v.mulai for v in selesai
                       if not v.pertama and (semua_terbuka is None or v.mulai < semua_terbuka))
    pertama = sorted(v.selesai - v.mulai for v in selesai if v.pertama)
    server = sorted(v.server for v in rapat if v.server is not None)
    run_server = sorted(d for t, d in catatan.run_server if semua_terbuka is not None and t >= semua_terbuka)
    muat = []
    for m in catatan.muat:
        per_sesi = []
        for s in range(sesi):
            tampil = [v.selesai for v in k if v.sesi == s and v.run is not None and v.run >= m["run"]
                      and v.selesai >= m["mendarat"]]
            per_sesi.append(min(tampil) - m["mendarat"] if tampil else None)
        basi = sum(1 for v in k if v.mulai > m["mendarat"] and v.run is not None and v.run < m["run"])
        sampai = [d for d in per_sesi if d is not None]
        muat.append({**m, "sesi_melihat": len(sampai), "detik_semua_sesi": max(sampai) if len(sampai) == sesi
                     else None, "detik_median": statistics.median(sampai) if sampai else None,
                     "kunjungan_basi": basi, "detik_diamati": akhir - m["mendarat"]})
    galat: dict[str, int] = {}
    for v in k:
        if v.galat:
            jenis = v.galat.split(":")[0]
            galat[jenis] = galat.get(jenis, 0) + 1
    sehat = [d for _, d in catatan.kesehatan]
    return {
        "sesi": sesi, "kunjungan": len(k), "galat": sum(galat.values()), "galat_per_jenis": galat,
        "contoh_galat": [v.galat for v in k if v.galat][:5],
        "p50_detik": persentil(detik, 0.5), "p95_detik": persentil(detik, 0.95),
        "maks_detik": detik[-1] if detik else None,
        "server_p50_detik": persentil(server, 0.5), "server_p95_detik": persentil(server, 0.95),
        "server_maks_detik": server[-1] if server else None, "server_dilihat": len(server),
        "buka_p50_detik": persentil(pertama, 0.5), "buka_maks_detik": pertama[-1] if pertama else None,
        "run_server_jumlah": len(run_server), "run_server_p50_detik": persentil(run_server, 0.5),
        "run_server_p95_detik": persentil(run_server, 0.95),
        "run_server_maks_detik": run_server[-1] if run_server else None,
        "semua_terbuka_detik": semua_terbuka, "pindah_dihitung": len(detik),
        "saat_buka_jumlah": len(saat_buka), "saat_buka_p50_detik": persentil(saat_buka, 0.5),
        "saat_buka_p95_detik": persentil(saat_buka, 0.95),
        "muat": muat,
        "kesehatan_ditanya": len(sehat), "kesehatan_gagal": sum(d is None for d in sehat),
        "kesehatan_maks_detik": max((d for d in sehat if d is not None), default=None),
        "memori_puncak_mb": max((m for _, m in catatan.memori_mb), default=0),
        "memori_akhir_mb": catatan.memori_mb[-1][1] if catatan.memori_mb else 0,
        "cpu_utama_maks": max((c for _, c in catatan.cpu_utama), default=0),
        "cpu_utama_rata": statistics.mean(c for _, c in catatan.cpu_utama) if catatan.cpu_utama else 0,
        "cpu_server_rata": statistics.mean(c for _, c in catatan.cpu_server) if catatan.cpu_server else 0,
        "cpu_mesin_rata": statistics.mean(c for _, c in catatan.cpu_mesin) if catatan.cpu_mesin else 0,
        "beban_mesin": os.getloadavg()[0],
    }


def lulus(r: dict) -> bool:
    return (r["galat"] <= SASARAN["galat"] and r["kesehatan_gagal"] == 0 and r["p95_detik"] < SASARAN["p95_detik"]
            and all(m["detik_semua_sesi"] is not None and m["detik_semua_sesi"] <= SASARAN["detik_ke_muat_baru"]
                    for m in r["muat"]))


def cetak(r: dict, info: str) -> None:
    d = lambda v: "–" if v is None else angka(v, 1)  # noqa: E731
    print(f"\n{info}\n")
    print("| ukuran | nilai | sasaran |\n|---|---:|---:|")
    print(f"| sesi peramban | {r['sesi']} | |")
    print(f"| kunjungan halaman | {angka(r['kunjungan'])} | |")
    print(f"| galat | {r['galat']} {r['galat_per_jenis'] or ''} | 0 |")
    print(f"| waktu membuka aplikasi (sesi baru) p50 / maks (s); semua sesi terbuka pada (s) | "
          f"{d(r['buka_p50_detik'])} / {d(r['buka_maks_detik'])}; {d(r['semua_terbuka_detik'])} | |")
    print(f"| pindah halaman selama pembukaan ({r['saat_buka_jumlah']}): p50 / p95 (s) | "
          f"{d(r['saat_buka_p50_detik'])} / {d(r['saat_buka_p95_detik'])} | |")
    print(f"| waktu pindah halaman setelah semua terbuka ({r['pindah_dihitung']}): p50 / p95 / maks (s) | "
          f"{d(r['p50_detik'])} / {d(r['p95_detik'])} / {d(r['maks_detik'])} | p95 < 3 |")
    print(f"| bagian server dari pindah halaman p50 / p95 / maks (s; {r['server_dilihat']} kunjungan) | "
          f"{d(r['server_p50_detik'])} / {d(r['server_p95_detik'])} / {d(r['server_maks_detik'])} | |")
    print(f"| run app.py di server setelah semua terbuka, antre termasuk ({r['run_server_jumlah']} run): p50 / p95 / "
          f"maks (s) | {d(r['run_server_p50_detik'])} / {d(r['run_server_p95_detik'])} / "
          f"{d(r['run_server_maks_detik'])} | |")
    for m in r["muat"]:
        print(f"| muat #{m['run']}: semua sesi melihatnya setelah (s) | {d(m['detik_semua_sesi'])} "
              f"({m['sesi_melihat']}/{r['sesi']} sesi; median {d(m['detik_median'])}; "
              f"{m['kunjungan_basi']} kunjungan basi) | ≤ 60 |")
    print(f"| pemeriksaan kesehatan gagal (dari {r['kesehatan_ditanya']}); terlama (s) | "
          f"{r['kesehatan_gagal']}; {d(r['kesehatan_maks_detik'])} | 0 |")
    print(f"| memori server puncak / akhir (MB) | {angka(r['memori_puncak_mb'])} / {angka(r['memori_akhir_mb'])} | |")
    print(f"| CPU utas utama server, maks / rata-rata | {angka(100 * r['cpu_utama_maks'])} % / "
          f"{angka(100 * r['cpu_utama_rata'])} % | |")
    print(f"| CPU seluruh server, rata-rata (inti) / mesin sibuk (server, peramban, lainnya) | "
          f"{angka(r['cpu_server_rata'], 2)} / {angka(100 * r['cpu_mesin_rata'])} % | |")
    print(f"| beban mesin (load average 1 menit) di akhir | {angka(r['beban_mesin'], 1)} | |")
    if r["contoh_galat"]:
        print("\nContoh galat: " + " | ".join(r["contoh_galat"]))
    print("\n" + ("LULUS: sasaran tercapai" if lulus(r) else "TIDAK LULUS: sasaran tidak tercapai"))


async def jalankan(args: argparse.Namespace, db: Path, folder: Path) -> tuple[Catatan, float]:
    port = _port_bebas()
    alamat = f"http://127.0.0.1:{port}"
    log = folder / "streamlit.log"
    server = mulai_server(db, port, log)
    catatan = Catatan()
    try:
        tunggu_sehat(alamat, server, log)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGUMEN_CHROMIUM)
            t0 = time.monotonic()
            catatan.t0_jam = time.time()
            berhenti = asyncio.Event()
            acak = random.Random(args.benih)
            pantauan = asyncio.create_task(pantau(alamat, server.pid, catatan, t0, berhenti, args.nice))
            sesi = [asyncio.create_task(penonton(i, browser, alamat, catatan, t0, berhenti, (args.jeda_klik_min,
                                                                                          args.jeda_klik_maks),
                                                 random.Random(acak.random()), args.sesi, args.datang))
                    for i in range(args.sesi)]
            await muat_berkala(db, args.berkas, args.muat, args.jeda, catatan, t0, folder, folder / "muat.log",
                               not args.muat_saat_buka)
            await asyncio.sleep(args.sisa)
            berhenti.set()
            await asyncio.gather(*sesi, return_exceptions=True)
            await pantauan
            akhir = time.monotonic() - t0
            catatan.run_server = baca_run_server(log, catatan.t0_jam)
            await browser.close()
        return catatan, akhir
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sesi", type=int, default=20, help="browser sessions (viewers)")
    p.add_argument("--db", type=Path, help="database to serve (default: benchmarks/out/nasional.duckdb, or "
                                              "skala_N.duckdb for another --skala; built when missing)")
    p.add_argument("--skala", type=int, default=2000, help="scale of the sample when --db must be built")
    p.add_argument("--muat", type=int, default=2, help="how many loads replace the database")
    p.add_argument("--jeda", type=float, default=45, help="seconds before each load (the first: after every "
                                                             "session has the app open)")
    p.add_argument("--datang", type=float, default=60, help="the viewers arrive at random moments within this "
                                                             "many seconds of the start")
    p.add_argument("--muat-saat-buka", action="store_true", help="count the first load's seconds from the start, "
                                                                  "so loads may land while sessions still open")
    p.add_argument("--sisa", type=float, default=75, help="seconds the sessions go on after the last load")
    p.add_argument("--berkas", type=Path, nargs="+", help="exports to load (default: a small desk update)")
    p.add_argument("--jeda-klik-min", type=float, default=1.0)
    p.add_argument("--jeda-klik-maks", type=float, default=4.0)
    p.add_argument("--benih", type=int, default=7, help="random seed (pages, pauses)")
    p.add_argument("--nice", type=int, default=10, help="run the browsers this many steps below the server's "
                                                        "priority (0: the same priority)")
    p.add_argument("--inti-server", help="CPUs (e.g. 0) kept for the server and the loads, the others for the "
                                         "browsers: the server as on a machine of its own, the viewers elsewhere")
    p.add_argument("--batas-kunjungan", type=float, default=60.0,
                   help="seconds a page visit (or the opening) may take before it counts as an error")
    args = p.parse_args(argv)
    globals()["BATAS_KUNJUNGAN"] = args.batas_kunjungan  # read by the visits, deep in the coroutines
    if args.inti_server:
        INTI_SERVER.update(int(i) for i in args.inti_server.split(","))
        peramban = set(range(os.cpu_count() or 1)) - INTI_SERVER
        if not peramban or not INTI_SERVER <= set(range(os.cpu_count() or 1)):
            p.error(f"--inti-server {args.inti_server}: name some, not all, of CPUs 0–{(os.cpu_count() or 1) - 1}")
        os.sched_setaffinity(0, peramban)  # this script, Playwright's driver and the browsers it starts
    KELUARAN.mkdir(parents=True, exist_ok=True)
    asal = siapkan_db(args.db or KELUARAN / ("nasional.duckdb" if args.skala == 2000 else f"skala_{args.skala}.duckdb"),
                      args.skala)
    with tempfile.TemporaryDirectory(prefix="beban-", dir=KELUARAN) as sementara:
        folder = Path(sementara)
        db = folder / "selaras.duckdb"
        shutil.copyfile(asal, db)
        with duckdb.connect(str(db), read_only=True) as con:
            usulan = con.execute("SELECT count(*) FROM usulan").fetchall()[0][0]
        info = (f"{args.sesi} sesi datang dalam {angka(args.datang)} s, jeda klik {angka(args.jeda_klik_min)}–"
                f"{angka(args.jeda_klik_maks)} s, {args.muat} muat, basis data {asal.name} ({angka(usulan)} usulan), "
                f"{os.cpu_count()} CPU, peramban nice {args.nice}"
                + (f", server di CPU {args.inti_server} saja, peramban di CPU lain" if args.inti_server else ""))
        print(info, flush=True)
        catatan, akhir = asyncio.run(jalankan(args, db, folder))
        hasil = ringkas(catatan, args.sesi, akhir)
        cetak(hasil, info)
        (KELUARAN / "beban_penonton.json").write_text(json.dumps(
            {"info": info, "hasil": hasil, "kunjungan": [asdict(v) for v in catatan.kunjungan],
             "kesehatan": catatan.kesehatan, "memori_mb": catatan.memori_mb, "cpu_utama": catatan.cpu_utama,
             "cpu_server": catatan.cpu_server, "cpu_mesin": catatan.cpu_mesin, "run_server": catatan.run_server},
            indent=1, default=str) + "\n")
        shutil.copyfile(folder / "streamlit.log", KELUARAN / "beban_penonton_streamlit.log")
    return 0 if lulus(hasil) else 1


if __name__ == "__main__":
    sys.exit(main())
