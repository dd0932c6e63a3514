"""Exports fetched from a web address (the SIPD web service) rather than read from disk.

``python -m etl load https://.../usulan?tahun=2022`` downloads the answer, keeps its bytes like any
file's, and loads it. Transient failures (timeouts, 429, 5xx) are retried a few times with a
growing pause; a definite failure fails that one source, not the load.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from etl.baca import EKSTENSI, BerkasTidakTerbaca

BATAS_WAKTU = (10, 120)
"""Seconds to connect and to wait for data."""

EKSTENSI_KONTEN = {
    "application/json": ".json",
    "text/json": ".json",
    "text/csv": ".csv",
    "text/plain": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
"""File format by Content-Type, for addresses whose path does not end in a known extension."""


def adalah_url(jalur: object) -> bool:
    """Whether a command-line argument is a web address rather than a path."""
    return str(jalur).startswith(("http://", "https://"))


def _sesi(ulang: int) -> requests.Session:
    sesi = requests.Session()
    coba = Retry(total=ulang, backoff_factor=0.5, status_forcelist=(429, 500, 502, 503, 504),
                 allowed_methods=("GET",), raise_on_status=False)
    sesi.mount("http://", HTTPAdapter(max_retries=coba))
    sesi.mount("https://", HTTPAdapter(max_retries=coba))
    return sesi


def unduh(url: str, folder: Path, ulang: int = 3) -> Path:
    """Download ``url`` into ``folder``; BerkasTidakTerbaca says why when it cannot be had."""
    try:
        with _sesi(ulang) as sesi:
            jawaban = sesi.get(url, timeout=BATAS_WAKTU)
    except requests.RequestException as e:
        raise BerkasTidakTerbaca(f"Unduhan gagal: {e.__class__.__name__}; periksa alamat dan jaringan") from e
    if jawaban.status_code != 200:
        raise BerkasTidakTerbaca(f"Unduhan gagal: HTTP {jawaban.status_code} {jawaban.reason or ''}".rstrip())
    nama = PurePosixPath(urlparse(url).path).name or "unduhan"
    if PurePosixPath(nama).suffix.lower() not in EKSTENSI:
        jenis = jawaban.headers.get("Content-Type", "").split(";")[0].strip().lower()
        nama += EKSTENSI_KONTEN.get(jenis, ".json")
    tujuan = folder / nama
    tujuan.write_bytes(jawaban.content)
    return tujuan
