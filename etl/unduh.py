"""Web addresses: one HTTP session and one retry policy for every answer the ETL asks the network for.

``python -m etl load https://.../usulan?tahun=2022`` downloads one answer and loads it like a file;
``python -m etl fetch`` (etl/tarik.py) walks the paged SIPD web service. Both ask through ``ambil``,
which follows the service contract: a refused token (401/403) is never retried; a rate limit (429)
is waited out for as long as ``Retry-After`` says; a passing failure (5xx, a broken connection, an
answer slower than the timeout) is retried with exponential backoff, a bounded number of times.
urllib3's own Retry is not used: it cannot keep those three apart, and its errors carry the request.

Every failure becomes an ``GagalUnduh`` whose text is ours: a status code with its standard phrase
(never the server's own words, which could echo anything), never a header, never the token.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit, urlunsplit

import requests

from etl.baca import EKSTENSI, BerkasTidakTerbaca

EKSTENSI_KONTEN = {
    "application/json": ".json",
    "text/json": ".json",
    "text/csv": ".csv",
    "text/plain": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
"""File format by Content-Type, for addresses whose path does not end in a known extension."""


@dataclass(frozen=True)
class Kesabaran:
    """How patiently a web service is asked: the contract's retry rules, in numbers."""

    batas_waktu: float = 30.0
    """Seconds to connect, and to wait for the answer (for each part of it)."""
    ulang: int = 3
    """Retries after the first attempt, for a rate limit or a passing failure."""
    jeda_awal: float = 0.5
    """The first pause before a retry; each further one doubles."""
    jeda_maks: float = 30.0
    tunggu_maks: float = 300.0
    """The longest ``Retry-After`` waited out; a server asking for more fails the address."""

    def jeda(self, percobaan: int) -> float:
        """Exponential backoff after attempt ``percobaan`` (1-based)."""
        return min(self.jeda_awal * 2 ** (percobaan - 1), self.jeda_maks)


class GagalUnduh(BerkasTidakTerbaca):
    """An address could not be had; the message says why in plain words and holds no secret."""


class TokenDitolak(GagalUnduh):
    """The service refused the token (401/403): asking again would not help."""


class Token(requests.auth.AuthBase):
    """A bearer token that never shows itself: not in a repr, a log line or an error.

    Given to the session as its auth, it is added to each request's headers only (never to the
    address), and requests drops it when a redirect leads to another host.
    """

    def __init__(self, nilai: str) -> None:
        self._nilai = nilai

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        r.headers["Authorization"] = f"Bearer {self._nilai}"
        return r

    def __repr__(self) -> str:
        return "Token(***)"

    __str__ = __repr__

    def sensor(self, teks: str) -> str:
        """``teks`` with the token blotted out: a last guard on every message that leaves the program."""
        return teks.replace(self._nilai, "***") if self._nilai else teks


def adalah_url(jalur: object) -> bool:
    """Whether a command-line argument is a web address rather than a path."""
    return str(jalur).startswith(("http://", "https://"))


def tanpa_kredensial(url: str) -> str:
    """An address as it may be shown and recorded: without a user:password part."""
    bagian = urlsplit(url)
    if "@" not in bagian.netloc:
        return url
    return urlunsplit(bagian._replace(netloc=bagian.netloc.rsplit("@", 1)[1]))


def sesi_http(token: str | None = None) -> requests.Session:
    """The one kind of session the ETL asks the network with; with a token, it authenticates every request."""
    sesi = requests.Session()
    sesi.headers.update({"User-Agent": "Selaras-ETL", "Accept": "application/json, text/csv, */*"})
    if token:
        sesi.auth = Token(token)
    return sesi


def _status(kode: int) -> str:
    """'HTTP 503 Service Unavailable': the code and its standard phrase, never the server's own text."""
    try:
        return f"HTTP {kode} {HTTPStatus(kode).phrase}"
    except ValueError:
        return f"HTTP {kode}"


def _detik(x: float) -> str:
    """Seconds in Indonesian notation: '1,5 detik'."""
    return f"{x:g} detik".replace(".", ",")


def _retry_after(nilai: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date); None when absent or unreadable."""
    if not nilai:
        return None
    nilai = nilai.strip()
    if nilai.isdigit():
        return float(nilai)
    try:
        kapan = email.utils.parsedate_to_datetime(nilai)
    except (TypeError, ValueError):
        return None
    return max(kapan.timestamp() - time.time(), 0.0)


def ambil(sesi: requests.Session, url: str, params: Mapping[str, object] | None = None,
          kesabaran: Kesabaran = Kesabaran(), tidur: Callable[[float], None] = time.sleep) -> requests.Response:
    """A 200 answer from ``url``, its body read in full; GagalUnduh (or TokenDitolak) says why not."""
    percobaan = 0
    while True:
        percobaan += 1
        try:
            jawaban = sesi.get(url, params=params, timeout=(kesabaran.batas_waktu, kesabaran.batas_waktu))
        except requests.Timeout:
            alasan = f"layanan tidak menjawab dalam {_detik(kesabaran.batas_waktu)}"
            jeda = kesabaran.jeda(percobaan)
        except requests.RequestException as e:  # refused, reset, or cut off in the middle of the body
            alasan = f"sambungan gagal ({e.__class__.__name__}); periksa alamat dan jaringan"
            jeda = kesabaran.jeda(percobaan)
        else:
            kode = jawaban.status_code
            if kode == 200:
                return jawaban
            alasan = _status(kode)
            if kode in (401, 403):
                raise TokenDitolak(f"{alasan}: token ditolak layanan; periksa SIPD_TOKEN (tidak dicoba ulang)")
            if kode == 429:
                diminta = _retry_after(jawaban.headers.get("Retry-After"))
                if diminta is not None and diminta > kesabaran.tunggu_maks:
                    raise GagalUnduh(f"{alasan}: layanan meminta menunggu {_detik(diminta)}, lebih dari batas "
                                     f"{_detik(kesabaran.tunggu_maks)}; coba lagi nanti")
                jeda = kesabaran.jeda(percobaan) if diminta is None else diminta
            elif kode >= 500:
                jeda = kesabaran.jeda(percobaan)
            else:
                raise GagalUnduh(f"{alasan}; periksa alamat")
        if percobaan > kesabaran.ulang:
            raise GagalUnduh(f"{alasan} (sudah {percobaan} kali dicoba)")
        tidur(jeda)


def unduh(url: str, folder: Path, kesabaran: Kesabaran = Kesabaran()) -> Path:
    """Download ``url`` into ``folder`` as a file the readers know; GagalUnduh says why when it cannot be had."""
    try:
        with sesi_http() as sesi:
            jawaban = ambil(sesi, url, kesabaran=kesabaran)
    except GagalUnduh as e:
        raise GagalUnduh(f"Unduhan gagal: {e}") from None
    nama = PurePosixPath(urlsplit(url).path).name or "unduhan"
    if PurePosixPath(nama).suffix.lower() not in EKSTENSI:
        jenis = jawaban.headers.get("Content-Type", "").split(";")[0].strip().lower()
        nama += EKSTENSI_KONTEN.get(jenis, ".json")
    tujuan = folder / nama
    tujuan.write_bytes(jawaban.content)
    return tujuan
