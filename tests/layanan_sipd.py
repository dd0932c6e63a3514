"""A small SIPD-like web service on 127.0.0.1 for the tests: paged, token-protected, failing on demand.

``GET /api/rakortek/{kind}?tahun=YYYY&page=N&per_page=M`` with ``Authorization: Bearer {token}``
answers ``{"data": [...], "meta": {"page", "per_page", "last_page", "total"}}`` from the records set
with ``isi``. ``ganggu`` makes a page fail the way a real service does: 429 with Retry-After, 503,
an answer slower than the client's timeout, a JSON body cut short, a connection dropped mid-body,
a wrong total, or an answer held back until the test lets it go (to kill a client mid-pull).
Every request is logged with its time, so tests can tell retries and waits apart.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TOKEN = "tok-uji-7f3a9c1e5b2d4e6f"
"""The token the service accepts; tests look for it in output where it must never appear."""


@dataclass
class Gangguan:
    """A page that fails ``kali`` times (-1: always) in the manner ``cara``, then answers normally."""

    kind: str
    halaman: int
    cara: str
    kali: int = 1
    detik: float = 0.0


@dataclass(frozen=True)
class Permintaan:
    waktu: float
    kind: str
    tahun: int | None
    halaman: int | None
    per_halaman: int | None
    status: int


class LayananSipd:
    """Start with ``with LayananSipd() as layanan:``; ``layanan.url`` is its base address."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.rekaman: dict[tuple[str, int], list[dict]] = {}
        self.gangguan: list[Gangguan] = []
        self.permintaan: list[Permintaan] = []
        self.tertahan = threading.Event()
        """Set when a request reaches a 'tahan' page: the client is now waiting mid-pull."""
        self._lepas = threading.Event()
        self._kunci = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._penangan())
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> LayananSipd:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: object) -> None:
        self._lepas.set()
        self._server.shutdown()
        self._server.server_close()

    def kosongkan(self) -> None:
        """Forget records, faults and the request log (between tests sharing one service)."""
        with self._kunci:
            self.rekaman, self.gangguan, self.permintaan = {}, [], []
        self.tertahan.clear()

    def isi(self, kind: str, tahun: int, rekaman: list[dict]) -> None:
        self.rekaman[(kind, tahun)] = rekaman

    def ganggu(self, kind: str, halaman: int, cara: str, kali: int = 1, detik: float = 0.0) -> None:
        self.gangguan.append(Gangguan(kind, halaman, cara, kali, detik))

    def diminta(self, kind: str | None = None, halaman: int | None = None) -> list[Permintaan]:
        """The requests so far, for one kind and page when given."""
        with self._kunci:
            return [p for p in self.permintaan
                    if (kind is None or p.kind == kind) and (halaman is None or p.halaman == halaman)]

    # ---- the server side ----------------------------------------------------------------------------

    def _ambil_gangguan(self, kind: str, halaman: int) -> Gangguan | None:
        with self._kunci:
            for g in self.gangguan:
                if g.kind == kind and g.halaman == halaman and g.kali != 0:
                    g.kali -= 1 if g.kali > 0 else 0
                    return g
        return None

    def _catat(self, kind: str, q: dict[str, list[str]], status: int) -> None:
        def bulat(nama: str) -> int | None:
            return int(q[nama][0]) if nama in q else None
        with self._kunci:
            self.permintaan.append(Permintaan(time.monotonic(), kind, bulat("tahun"), bulat("page"),
                                              bulat("per_page"), status))

    def _halaman(self, kind: str, tahun: int, halaman: int, per_halaman: int) -> dict:
        semua = self.rekaman.get((kind, tahun), [])
        return {"data": semua[(halaman - 1) * per_halaman: halaman * per_halaman],
                "meta": {"page": halaman, "per_page": per_halaman, "total": len(semua),
                         "last_page": max(1, math.ceil(len(semua) / per_halaman))}}

    def _penangan(self) -> type[BaseHTTPRequestHandler]:
        layanan = self

        class Penangan(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                alamat = urlsplit(self.path)
                q = parse_qs(alamat.query)
                awalan = "/api/rakortek/"
                kind = alamat.path[len(awalan):] if alamat.path.startswith(awalan) else ""
                if self.headers.get("Authorization") != f"Bearer {layanan.token}":
                    return self._kirim(kind, q, 401, {"message": "Unauthenticated."})
                if kind not in ("usulan", "target_indikator", "desk_sesi"):
                    return self._kirim(kind, q, 404, {"message": "Not Found"})
                tahun, halaman = int(q["tahun"][0]), int(q.get("page", ["1"])[0])
                halaman_isi = layanan._halaman(kind, tahun, halaman, int(q.get("per_page", ["100"])[0]))
                g = layanan._ambil_gangguan(kind, halaman)
                cara = g.cara if g else ""
                if cara == "429":
                    return self._kirim(kind, q, 429, {"message": "Too Many Attempts."},
                                       {"Retry-After": f"{g.detik:g}"})
                if cara == "503":
                    return self._kirim(kind, q, 503, {"message": "Service Unavailable"})
                if cara == "401":
                    return self._kirim(kind, q, 401, {"message": "Unauthenticated."})
                tertunda = cara in ("lambat", "tahan")
                if tertunda:  # logged on arrival: the client may give up before the answer comes
                    layanan._catat(kind, q, 200)
                    if cara == "tahan":
                        layanan.tertahan.set()
                    layanan._lepas.wait(g.detik or None)
                if cara == "total_salah":
                    halaman_isi["meta"]["total"] += 1
                isi = json.dumps(halaman_isi, ensure_ascii=False).encode()
                if cara == "json_terpotong":  # a whole HTTP answer whose JSON stops half way
                    return self._kirim(kind, q, 200, isi[: len(isi) // 2])
                if tertunda:
                    return self._kirim(kind, q, 200, isi, catat=False)
                if cara == "putus":  # the connection drops after half the promised bytes
                    layanan._catat(kind, q, 200)
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(isi)))
                    self.end_headers()
                    self.wfile.write(isi[: len(isi) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return None
                return self._kirim(kind, q, 200, isi)

            def _kirim(self, kind: str, q: dict, status: int, isi: dict | bytes,
                       kepala: dict[str, str] | None = None, catat: bool = True) -> None:
                if catat:
                    layanan._catat(kind, q, status)
                badan = isi if isinstance(isi, bytes) else json.dumps(isi).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(badan)))
                    for k, v in (kepala or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(badan)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        return Penangan


# ---- records as the service sends them ---------------------------------------------------------------

PROVINSI = ("11", "32", "33", "35", "51")


def usulan(jumlah: int, tahun: int = 2022, awal: int = 1, pagu: float = 100_000_000) -> list[dict]:
    """Proposals with SIPD's own JSON key names (tahun_anggaran, kode_sub_giat, nama_sub_giat, ...)."""
    return [{"id_usulan": f"S-{i:04d}", "tahun_anggaran": tahun, "kode_provinsi": PROVINSI[i % len(PROVINSI)],
             "kode_kl": "024", "kode_bidang_urusan": "1.02", "kode_sub_giat": "1.02.02.2.02.0001",
             "nama_sub_giat": f"Pelayanan kesehatan {i}", "kode_pn": "PN3" if i % 2 else None,
             "pagu": pagu * i, "desk_no": 4, "status": "Disetujui"}
            for i in range(awal, awal + jumlah)]


def desk_sesi(tahun: int = 2022, selesai: int = 2) -> list[dict]:
    """Desk 4 with every province; the first ``selesai`` of them finished with a signed Berita Acara."""
    return [{"tahun": tahun, "desk_no": 4, "nama_desk": "Kesehatan", "kode_provinsi": p,
             "tanggal_jadwal": "2021-02-25", "status": "Selesai" if i < selesai else "Belum Dimulai",
             "tanggal_selesai": "2021-02-25" if i < selesai else None, "berita_acara": "Sudah" if i < selesai else "Belum"}
            for i, p in enumerate(PROVINSI)]


def target_indikator(tahun: int = 2022) -> list[dict]:
    """Macro targets, with a range in one field as the service writes it ('5,2 - 5,8')."""
    return [{"tahun": tahun, "kode_provinsi": p, "kode_indikator": "LPE", "indikator": "Laju Pertumbuhan Ekonomi",
             "baseline": -2.4, "target_nasional": "5,2 - 5,8", "target_daerah": "5,0", "status": "Belum Disepakati"}
            for p in PROVINSI]
