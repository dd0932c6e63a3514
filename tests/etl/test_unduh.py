"""Loading from a web address: a real HTTP server on 127.0.0.1 plays the SIPD web service."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from etl.muat import muat
from tests.etl.fikstur import kueri

REKAMAN = {"status": "ok", "data": [
    {"id_usulan": "W-1", "tahun_anggaran": 2022, "kode_provinsi": "32", "kode_sub_giat": "1.02.02.2.02.0001",
     "nama_sub_giat": "Pelayanan kesehatan", "kode_pn": "PN3", "pagu": 1250000000, "desk_no": 12},
    {"id_usulan": "W-2", "tahun_anggaran": 2022, "kode_provinsi": "33", "kode_sub_giat": "1.01.02.2.01.0001",
     "nama_sub_giat": "Pembangunan sekolah", "kode_pn": None, "pagu": 750000000, "desk_no": 1},
]}


class _Layanan(BaseHTTPRequestHandler):
    """/usulan answers JSON; /sibuk answers 503 once, then JSON; anything else is 404."""

    sibuk_tersisa = 1
    permintaan: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        _Layanan.permintaan.append(self.path)
        if self.path.startswith("/sibuk") and _Layanan.sibuk_tersisa > 0:
            _Layanan.sibuk_tersisa -= 1
            self.send_response(503)
            self.end_headers()
            return
        if self.path.startswith(("/usulan", "/sibuk")):
            isi = json.dumps(REKAMAN).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(isi)))
            self.end_headers()
            self.wfile.write(isi)
            return
        self.send_response(404, "Not Found")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def layanan():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Layanan)
    benang = threading.Thread(target=server.serve_forever, daemon=True)
    benang.start()
    _Layanan.sibuk_tersisa, _Layanan.permintaan = 1, []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_memuat_dari_layanan_web(layanan, db):
    url = f"{layanan}/usulan?tahun=2022"
    hasil = muat([url], db)
    assert [(b.file, b.status, b.kind, b.rows_loaded) for b in hasil.berkas] == [(url, "loaded", "usulan", 2)]
    assert kueri(db, "SELECT id_usulan, pagu FROM usulan ORDER BY id_usulan") == [("W-1", 1250000000.0),
                                                                                 ("W-2", 750000000.0)]
    assert kueri(db, "SELECT file FROM etl_files") == [(url,)]


def test_gangguan_sesaat_dicoba_ulang(layanan, db):
    hasil = muat([f"{layanan}/sibuk"], db)
    assert hasil.berkas[0].status == "loaded"
    assert _Layanan.permintaan.count("/sibuk") == 2


def test_alamat_salah_gagal_sendiri_tanpa_menghentikan_yang_lain(layanan, db):
    hasil = muat([f"{layanan}/tidak-ada", f"{layanan}/usulan"], db)
    gagal, dimuat = hasil.berkas
    assert gagal.status == "failed" and "HTTP 404" in gagal.error
    assert dimuat.status == "loaded" and dimuat.rows_loaded == 2
    assert kueri(db, "SELECT status, error FROM etl_files WHERE file LIKE '%tidak-ada'")[0][0] == "failed"


def test_server_mati_gagal_dengan_alasan(db):
    hasil = muat(["http://127.0.0.1:9/usulan"], db)
    assert hasil.berkas[0].status == "failed"
    assert hasil.berkas[0].error.startswith("Unduhan gagal")
