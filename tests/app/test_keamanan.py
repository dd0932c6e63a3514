"""Security basics that live in the repository itself: no secret is committed, the secrets file cannot be,
and nothing turns Streamlit's XSRF protection off. (The running server's XSRF refusal, the role checked on
every run and upload names kept in their folder are tested in tests/browser/test_masuk.py,
tests/app/test_akses.py and tests/app/test_unggah.py.)"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

AKAR = Path(__file__).resolve().parents[2]
NILAI_RAHASIA = re.compile(r"""(cookie_secret|client_secret|cookieSecret)\s*=\s*["']([^"'…]+)["']""")


def berkas_terlacak() -> list[Path]:
    keluaran = subprocess.run(["git", "ls-files", "-z"], cwd=AKAR, capture_output=True, check=True).stdout
    return [AKAR / n for n in keluaran.decode().split("\0") if n]


def test_tidak_ada_rahasia_di_repositori() -> None:
    """Secrets come only from .streamlit/secrets.toml on the server; the tests write their own elsewhere."""
    terlacak = berkas_terlacak()
    assert not [p for p in terlacak if p.name == "secrets.toml"]
    ditemukan = [f"{p.relative_to(AKAR)}: {m.group(0)}" for p in terlacak
                 if p.suffix in {".py", ".toml", ".md", ".txt", ".cfg", ".ini", ".yml", ".yaml", ".json", ""}
                 and not p.relative_to(AKAR).parts[0] == "tests" and p.is_file()
                 for m in NILAI_RAHASIA.finditer(p.read_text(encoding="utf-8", errors="ignore"))]
    assert not ditemukan, ditemukan


def test_berkas_rahasia_diabaikan_git() -> None:
    hasil = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=AKAR)
    assert hasil.returncode == 0, ".streamlit/secrets.toml must be ignored by git"


def test_xsrf_tidak_dimatikan_dan_tidak_ada_rahasia_kuki_di_konfigurasi() -> None:
    with open(AKAR / ".streamlit" / "config.toml", "rb") as f:
        server = tomllib.load(f).get("server", {})
    assert server.get("enableXsrfProtection", True) is True
    assert "cookieSecret" not in server
