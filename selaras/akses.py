"""Who may see and do what: sign-in with OpenID Connect (st.login) and roles from the secrets.

With an ``[auth]`` section in .streamlit/secrets.toml the dashboard is closed: signed out, a person sees
only the sign-in screen; signed in, what they may do comes from the lists of ``[akses]`` in the same file,
each a list of e-mail addresses or ``*@domain`` patterns::

    [akses]
    operator = ["sekretariat@bangda.example.go.id"]
    analis   = ["*@bappenas.example.go.id", "*@bangda.example.go.id"]
    pimpinan = ["dirjen@bangda.example.go.id"]
    kontak   = "Sekretariat Rakortekrenbang, sekretariat@bangda.example.go.id"   # whom to ask (optional)

Without ``[auth]`` (the bundled sample, a laptop) the dashboard is open and read-only.

``gerbang()`` runs at the top of app.py on every run, before the navigation: no page runs for someone
without access, and a role is taken from st.user and the secrets as they stand at that run, never
remembered from the sign-in (a name removed from a list loses access at its next click).
A configuration that cannot be read as intended closes the dashboard with a message saying what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from selaras import komponen as k
from selaras.teks import polos, t

PERAN: dict[str, frozenset[str]] = {
    "operator": frozenset({"lihat", "unggah", "penolakan"}),
    "analis": frozenset({"lihat"}),
    "pimpinan": frozenset({"lihat"}),
}
"""Each role and what it may do: ``lihat`` every page and download, ``unggah`` load exports from the app,
``penolakan`` see the rejected values of the load history (they hold raw, unchecked export cells)."""

HAK_TERBUKA = frozenset({"lihat", "penolakan"})
"""Without sign-in configured: everything the dashboard showed before sign-in existed, and no upload."""

KUNCI_KONTAK = "kontak"
"""The optional entry of [akses] that says whom to ask for access."""

_ALAMAT = re.compile(r"[^@\s*]+@[^@\s*]+\.[^@\s*]+")
_POLA_DOMAIN = re.compile(r"\*@[^@\s*]+\.[^@\s*]+")


class KonfigurasiSalah(ValueError):
    """The [akses] section cannot be read as intended; the message says what to fix."""


@dataclass(frozen=True)
class Akses:
    """What this run's person may do.

    ``keadaan``: 'terbuka' (no sign-in configured), 'keluar' (signed out), 'tanpa_peran' (signed in, on no
    list) or 'masuk' (signed in with at least one role).
    """

    keadaan: str
    hak: frozenset[str] = frozenset()
    email: str | None = None
    peran: tuple[str, ...] = ()
    kontak: str | None = None

    def boleh(self, hak: str) -> bool:
        return hak in self.hak


def aturan(bagian: Mapping) -> tuple[dict[str, tuple[str, ...]], str | None]:
    """The [akses] section as {role: entries in lower case} and whom to ask; raises KonfigurasiSalah."""
    daftar: dict[str, tuple[str, ...]] = {}
    for nama, isi in bagian.items():
        if nama == KUNCI_KONTAK:
            continue
        if nama not in PERAN:
            raise KonfigurasiSalah(t("akses.peran_tak_dikenal", nama=polos(str(nama)), peran=", ".join(PERAN)))
        if not isinstance(isi, (list, tuple)):
            raise KonfigurasiSalah(t("akses.bukan_daftar", nama=polos(str(nama))))
        entri = tuple(str(e).strip().lower() for e in isi)
        for e in entri:
            if not (_ALAMAT.fullmatch(e) or _POLA_DOMAIN.fullmatch(e)):
                raise KonfigurasiSalah(t("akses.entri_salah", nama=polos(nama), entri=polos(e)))
        daftar[nama] = entri
    kontak = bagian.get(KUNCI_KONTAK)
    return daftar, (str(kontak).strip() or None) if kontak is not None else None


def cocok(email: str, entri: str) -> bool:
    """An address matches itself, or a ``*@domain`` pattern of exactly its domain (case ignored)."""
    email = email.strip().lower()
    if entri.startswith("*@"):
        return email.rpartition("@")[2] == entri[2:]
    return email == entri


def peran_untuk(email: str, daftar: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The roles whose list holds ``email``, in the order of PERAN."""
    return tuple(p for p in PERAN if any(cocok(email, e) for e in daftar.get(p, ())))


def _rahasia(bagian: str) -> Mapping | None:
    """A section of the secrets, or None when it or the whole secrets file is absent."""
    try:
        return st.secrets[bagian] if bagian in st.secrets else None
    except FileNotFoundError:
        return None


def sekarang() -> Akses:
    """This run's access, from st.user and the secrets as they stand now."""
    if _rahasia("auth") is None:
        return Akses("terbuka", HAK_TERBUKA)
    daftar, kontak = aturan(_rahasia("akses") or {})
    if not st.user.get("is_logged_in"):
        return Akses("keluar", kontak=kontak)
    email = str(st.user.get("email") or "").strip()
    # An address the provider says it has not verified proves nothing about who signed in.
    peran = peran_untuk(email, daftar) if email and st.user.get("email_verified") is not False else ()
    if not peran:
        return Akses("tanpa_peran", email=email or None, kontak=kontak)
    return Akses("masuk", frozenset().union(*(PERAN[p] for p in peran)), email, peran, kontak)


def gerbang() -> Akses:
    """The gate of every run: only someone allowed to see the dashboard gets past it.

    Others see the sign-in screen, the no-access screen or the configuration error, and the run stops.
    Someone signed in gets their name, role and the sign-out button at the top of the sidebar.
    """
    try:
        akses = sekarang()
    except KonfigurasiSalah as e:
        st.error(t("akses.konfigurasi_salah", galat=e))
        st.stop()
    if akses.boleh("lihat"):
        if akses.keadaan == "masuk":
            with st.sidebar:
                st.caption(t("akses.masuk_sebagai", email=polos(akses.email or ""),
                             peran=", ".join(t(f"akses.peran.{p}") for p in akses.peran)))
                st.button(t("akses.keluar"), on_click=st.logout, key="akses_keluar")
        return akses
    st.title(t("akses.judul"))
    if akses.keadaan == "keluar":
        st.write(t("akses.ajakan_masuk"))
        st.button(t("akses.masuk"), on_click=st.login, type="primary", key="akses_masuk")
    else:
        st.warning(t("akses.tanpa_akses", email=polos(akses.email) if akses.email else t("akses.tanpa_email")))
        st.write(t("akses.minta_akses", kontak=polos(akses.kontak) if akses.kontak else t("akses.kontak_bawaan")))
        st.button(t("akses.keluar"), on_click=st.logout, key="akses_keluar")
    st.divider()
    k.pilih_bahasa()
    st.stop()


def catatan_terbuka() -> None:
    """On the Data page of an open dashboard: say that sign-in is not configured, and how to configure it."""
    if sekarang().keadaan == "terbuka":
        st.info(t("akses.belum_diatur"))
