"""Sign-in and roles, as AppTest sees them: the open mode, signed out, signed in on no list, and every role,
on every page; the role re-checked on every run; a wrong [akses] closes the dashboard with what to fix."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from selaras.akses import KonfigurasiSalah, aturan, cocok, peran_untuk
from selaras.teks import polos
from tests.app.conftest import Buka, metrik
from tests.app.test_halaman import ANGKA, HALAMAN

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "hanya-untuk-uji-bukan-rahasia-sungguhan",
    "client_id": "selaras",
    "client_secret": "hanya-untuk-uji",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
"""An [auth] section; the tests never reach the provider (AppTest sets st.user itself)."""

AKSES = {
    "operator": ["sekretariat@bangda.example.go.id"],
    "analis": ["*@bappenas.example.go.id", "*@bangda.example.go.id"],
    "pimpinan": ["dirjen@bangda.example.go.id"],
    "kontak": "Sekretariat Rakortekrenbang, sekretariat@bangda.example.go.id",
}
RAHASIA = {"auth": AUTH, "akses": AKSES}

OPERATOR = "sekretariat@bangda.example.go.id"
ANALIS = "perencana@bappenas.example.go.id"
PIMPINAN = "dirjen@bangda.example.go.id"

RAHASIA_DATA = ("Jawa Barat", "Aceh", "Pelayanan Kesehatan", "Tanggul Pantai", "Provinsi '99'")
"""Names of provinces and proposals in the tiny database: none may show before access is granted."""


def masuk(email: str, **klaim: object) -> dict:
    return {"is_logged_in": True, "email": email, **klaim}


KELUAR = {"is_logged_in": False}


def teks_layar(at: AppTest) -> str:
    """Every text the run put on screen (titles, Markdown, captions, alerts, button labels)."""
    bagian = [*at.title, *at.header, *at.subheader, *at.markdown, *at.caption, *at.info, *at.warning,
              *at.error, *at.success]
    return "\n".join([str(e.value) for e in bagian] + [b.label for b in at.button])


def tanpa_data(at: AppTest) -> None:
    """Nothing of the database is on screen: no figure, no table, no chart, no filter, no name."""
    assert not at.exception, at.exception
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert not at.multiselect and not at.selectbox and not at.file_uploader
    layar = teks_layar(at)
    for nama in RAHASIA_DATA:
        assert nama not in layar, nama


def tombol(at: AppTest, label: str) -> list:
    return [b for b in at.button if b.label == label]


# ---- The rules, as functions ----------------------------------------------------------------------------

def test_alamat_dan_pola_domain_dicocokkan_dengan_tepat() -> None:
    daftar, _ = aturan(AKSES)
    assert peran_untuk(OPERATOR, daftar) == ("operator", "analis")
    assert peran_untuk("Sekretariat@Bangda.Example.GO.ID ", daftar) == ("operator", "analis"), "case ignored"
    assert peran_untuk(ANALIS, daftar) == ("analis",)
    assert peran_untuk(PIMPINAN, daftar) == ("analis", "pimpinan")
    for orang_lain in ("x@evilbappenas.example.go.id", "x@bappenas.example.go.id.evil.test",
                       "x@sub.bappenas.example.go.id", "bappenas.example.go.id@evil.test", "sekretariat@bangda",
                       ""):
        assert peran_untuk(orang_lain, daftar) == (), orang_lain
    assert cocok("a@b.go.id", "*@b.go.id") and not cocok("a@b.go.id", "*@go.id")


def test_teks_dari_luar_tampil_polos_tanpa_markup() -> None:
    assert polos("a_b*c@d-e.go.id") == "a\\_b\\*c@d\\-e\\.go\\.id"
    assert polos("<img src=x onerror=alert(1)>[k](javascript:x)") == (
        "\\<img src=x onerror=alert\\(1\\)\\>\\[k\\]\\(javascript\\:x\\)")


@pytest.mark.parametrize(("akses", "pesan"), [
    ({"admin": ["a@b.go.id"]}, "peran 'admin' tidak dikenal"),
    ({"operator": "a@b.go.id"}, "harus berupa daftar"),
    ({"analis": ["*.go.id"]}, "bukan alamat e-mail atau pola"),
    ({"analis": ["*"]}, "bukan alamat e-mail atau pola"),
    ({"pimpinan": ["dirjen@*.go.id"]}, "bukan alamat e-mail atau pola"),
])
def test_aturan_yang_salah_ditolak_dengan_pesan(akses: dict, pesan: str) -> None:
    with pytest.raises(KonfigurasiSalah, match=pesan):
        aturan(akses)


# ---- Open: no [auth] -------------------------------------------------------------------------------------

def test_tanpa_auth_terbuka_baca_saja_dan_halaman_data_menjelaskan_cara_mengatur(buka: Buka) -> None:
    at = buka("data")
    assert not at.exception
    catatan = " ".join(i.value for i in at.info)
    assert "Masuk (sign-in) belum diatur" in catatan and "[auth]" in catatan and "[akses]" in catatan
    assert ".streamlit/secrets.toml" in catatan
    assert not at.file_uploader, "no upload without sign-in"
    assert not tombol(at, "Keluar"), "nobody to sign out"
    ditolak = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert ditolak["value"].tolist() == ["99"], "the load history's rejects stay visible, as before sign-in"


# ---- Signed out ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("halaman", [None, *HALAMAN])
def test_belum_masuk_hanya_layar_masuk_di_setiap_halaman(buka: Buka, halaman: str | None) -> None:
    at = buka(halaman, rahasia=RAHASIA, pengguna=KELUAR)
    tanpa_data(at)
    assert at.title[0].value == "Selaras · Dasbor Rakortekrenbang"
    assert tombol(at, "Masuk dengan SSO"), "the sign-in button"
    assert not at.sidebar.children, "no sidebar: no filters, no pages"


def test_layar_masuk_dapat_berbahasa_inggris(buka: Buka) -> None:
    at = buka(rahasia=RAHASIA, pengguna=KELUAR)
    at.button_group(key="bahasa").set_value("en").run()
    assert tombol(at, "Sign in with SSO")
    tanpa_data(at)


# ---- Signed in, on no list -------------------------------------------------------------------------------

@pytest.mark.parametrize("pengguna", [
    masuk("tamu@kementerian-lain.example.go.id"),
    masuk(ANALIS, email_verified=False),
], ids=["tidak_terdaftar", "email_belum_terverifikasi"])
def test_tanpa_peran_layar_tanpa_akses_dengan_email_dan_kontak(buka: Buka, pengguna: dict) -> None:
    at = buka("ringkasan", rahasia=RAHASIA, pengguna=pengguna)
    tanpa_data(at)
    pesan = " ".join(w.value for w in at.warning)
    assert "belum mendapat akses" in pesan
    assert polos(pengguna["email"]) in pesan, "their e-mail, as plain text"
    assert "Sekretariat Rakortekrenbang" in teks_layar(at), "whom to ask, from [akses].kontak"
    assert tombol(at, "Keluar"), "to sign in with another account"


def test_tanpa_kontak_disebut_sekretariat(buka: Buka) -> None:
    tanpa_kontak = {k: v for k, v in AKSES.items() if k != "kontak"}
    at = buka(rahasia={"auth": AUTH, "akses": tanpa_kontak}, pengguna=masuk("tamu@example.go.id"))
    assert "sekretariat Rakortekrenbang (tim data Ditjen Bina Pembangunan Daerah)" in teks_layar(at)


def test_auth_tanpa_bagian_akses_tidak_ada_yang_masuk(buka: Buka) -> None:
    at = buka(rahasia={"auth": AUTH}, pengguna=masuk(OPERATOR))
    tanpa_data(at)
    assert "belum mendapat akses" in " ".join(w.value for w in at.warning)


def test_akses_yang_salah_menutup_dasbor_dengan_pesan(buka: Buka) -> None:
    at = buka(rahasia={"auth": AUTH, "akses": {**AKSES, "analis": ["*.go.id"]}}, pengguna=masuk(OPERATOR))
    tanpa_data(at)
    galat = " ".join(e.value for e in at.error)
    assert "ditutup untuk semua orang" in galat and "analis" in galat and "[akses]" in galat


# ---- Signed in with a role -------------------------------------------------------------------------------

@pytest.mark.parametrize("email", [ANALIS, PIMPINAN], ids=["analis", "pimpinan"])
@pytest.mark.parametrize("halaman", HALAMAN)
def test_analis_dan_pimpinan_melihat_setiap_halaman(buka: Buka, email: str, halaman: str) -> None:
    """What a page shows them is what it shows with no sign-in: every figure, table, chart and download."""
    at = buka(halaman, rahasia=RAHASIA, pengguna=masuk(email))
    assert not at.exception, at.exception
    if halaman in ANGKA:
        label, semua, _ = ANGKA[halaman]
        assert metrik(at, label) == semua
    terbuka = buka(halaman)
    # The Data page keeps one table from them: the rejected values, with its two downloads.
    tanpa = 1 if halaman == "data" else 0
    assert [(m.label, m.value) for m in at.metric] == [(m.label, m.value) for m in terbuka.metric]
    assert len(at.get("plotly_chart")) == len(terbuka.get("plotly_chart"))
    assert len(at.dataframe) == len(terbuka.dataframe) - tanpa
    assert len(at.download_button) == len(terbuka.download_button) - 2 * tanpa
    assert at.dataframe or at.get("plotly_chart") or halaman not in ANGKA
    samping = " ".join(c.value for c in at.sidebar.caption)
    assert "Masuk sebagai" in samping and email.split("@")[0] in samping
    assert tombol(at, "Keluar"), "sign-out on every page"


@pytest.mark.parametrize("email", [ANALIS, PIMPINAN], ids=["analis", "pimpinan"])
def test_analis_dan_pimpinan_tanpa_unggah_dan_tanpa_nilai_ditolak(buka: Buka, email: str) -> None:
    at = buka("data", rahasia=RAHASIA, pengguna=masuk(email))
    assert not at.exception
    assert not at.file_uploader
    assert not any("reason" in d.value.columns for d in at.dataframe), "no rejected values"
    assert "hanya dapat dilihat operator" in " ".join(c.value for c in at.caption)
    riwayat = next(d.value for d in at.dataframe if "rows_rejected" in d.value.columns and "run_id" in d.value.columns)
    assert riwayat["rows_rejected"].iloc[0] == "1", "the number of rejects per load is still there"
    assert not any("belum diatur" in i.value for i in at.info)


def test_operator_melihat_unggah_dan_nilai_ditolak(buka: Buka) -> None:
    at = buka("data", rahasia=RAHASIA, pengguna=masuk(OPERATOR))
    assert not at.exception
    assert at.file_uploader(key="unggah_berkas"), "the upload"
    assert sorted(at.file_uploader(key="unggah_berkas").allowed_type) == [".csv", ".json", ".tsv", ".txt",
                                                                           ".xlsm", ".xlsx"]
    ditolak = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert ditolak["value"].tolist() == ["99"]
    assert "operator" in " ".join(c.value for c in at.sidebar.caption)


def test_peran_diperiksa_ulang_setiap_kali_jalan(buka: Buka) -> None:
    """Access follows the secrets and the identity as they stand at each run, not as they were at sign-in."""
    at = buka("data", rahasia=RAHASIA, pengguna=masuk(OPERATOR))
    assert at.file_uploader

    at.secrets["akses"] = {**AKSES, "operator": []}
    at.run()
    assert not at.exception and not at.file_uploader, "no longer an operator: no upload at the next run"
    assert at.dataframe, "still an analyst (*@bangda.example.go.id)"

    at.secrets["akses"] = {"operator": [], "analis": [], "pimpinan": []}
    at.run()
    tanpa_data(at)
    assert "belum mendapat akses" in " ".join(w.value for w in at.warning)

    at.user = KELUAR
    at.run()
    tanpa_data(at)
    assert tombol(at, "Masuk dengan SSO")
