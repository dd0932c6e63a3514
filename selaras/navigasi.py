"""The pages of the dashboard, declared once: app.py builds the navigation from this list, the projector
rotates through the pages marked for it, and the tests and benchmarks walk the same list."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Halaman:
    """One page: its file, its address, whether it opens first, whether the projector shows it."""

    berkas: str
    url: str
    bawaan: bool = False
    putar: bool = False

    @property
    def nama(self) -> str:
        """The page's name in the text catalogue and in tests: 'progres_desk' for halaman/progres_desk.py."""
        return Path(self.berkas).stem


HALAMAN = (
    Halaman("halaman/ringkasan.py", "ringkasan", bawaan=True, putar=True),
    Halaman("halaman/keselarasan.py", "keselarasan", putar=True),
    Halaman("halaman/progres_desk.py", "progres-desk", putar=True),
    Halaman("halaman/kesenjangan_target.py", "kesenjangan-target", putar=True),
    Halaman("halaman/antar_edisi.py", "antar-edisi", putar=True),
    Halaman("halaman/profil_provinsi.py", "profil-provinsi"),
    Halaman("halaman/data.py", "data"),
)
"""Every page, in menu order. Profil Provinsi joins the projector's rotation when one province is chosen."""
