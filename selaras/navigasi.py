"""The pages of the dashboard, declared once: app.py builds the navigation from this list, and the tests and
benchmarks walk the same list. (The projector shows slides of its own, each naming the page it stands for:
selaras/salindia.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Halaman:
    """One page: its file, its address, whether it opens first."""

    berkas: str
    url: str
    bawaan: bool = False

    @property
    def nama(self) -> str:
        """The page's name in the text catalogue and in tests: 'progres_desk' for halaman/progres_desk.py."""
        return Path(self.berkas).stem


HALAMAN = (
    Halaman("halaman/ringkasan.py", "ringkasan", bawaan=True),
    Halaman("halaman/keselarasan.py", "keselarasan"),
    Halaman("halaman/progres_desk.py", "progres-desk"),
    Halaman("halaman/kesenjangan_target.py", "kesenjangan-target"),
    Halaman("halaman/antar_edisi.py", "antar-edisi"),
    Halaman("halaman/profil_provinsi.py", "profil-provinsi"),
    Halaman("halaman/data.py", "data"),
)
"""Every page, in menu order."""
