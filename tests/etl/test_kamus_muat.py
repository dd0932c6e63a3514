"""The distinct spellings of coded columns (each file's kamus) are carried from file to file within one load;
a file that spells a code in a way no earlier file of the load did is still read right, and so is a file with
many spellings over several plan years."""

from __future__ import annotations

import duckdb

import etl.muat as muat_mod
from tests.etl.fikstur import berkas_dimuat, kueri, muat_ke, penolakan, per_kunci, tulis_csv, tulis_json

KEPALA = ["ID Usulan", "Tahun", "Provinsi", "Kode K/L", "PN", "Desk", "Status"]


def test_ejaan_baru_di_berkas_kedua_dibaca_benar(tmp_path, db):
    """The second and third files spell the province, status, desk and PN in ways the first did not: their rows
    get the same codes (a kamus carried over from the first file alone would leave them empty)."""
    pertama = tulis_csv(tmp_path / "a_pertama.csv", [KEPALA] + [
        [f"A-{i}", "2022", "32", "024", "PN03", "Desk 5", "Disetujui"] for i in range(30)])
    kedua = tulis_csv(tmp_path / "b_kedua.csv", [KEPALA] + [
        ["B-1", "2022", "32", "024", "PN03", "Desk 5", "Disetujui"],  # spelt as before
        ["B-2", "2022", "Prov. Jawa Barat", "024", "pn 3", "desk 05", "DISETUJUI"],
        ["B-3", "2022", "Jawa Timur", "24", "PN 4", "5", "Tidak Disetujui"]])
    ketiga = tulis_json(tmp_path / "c_ketiga.json", [
        {"id_usulan": "C-1", "tahun": "2022", "kode_provinsi": "JAWA TENGAH", "kode_kl": "024",
         "kode_pn": "PN-5", "desk_no": "Desk 07", "status": "diusulkan"}])

    hasil = muat_ke(db, pertama, kedua, ketiga)

    assert [b.status for b in hasil.berkas] == ["loaded"] * 3
    usulan = per_kunci(db, "usulan")
    dibaca = {k: (r["kode_provinsi"], r["kode_kl"], r["kode_pn"], r["desk_no"], r["status"])
              for k, r in usulan.items() if not k.startswith("A-")}
    assert dibaca == {
        "B-1": ("32", "024", "PN3", 5, "disetujui"),
        "B-2": ("32", "024", "PN3", 5, "disetujui"),
        "B-3": ("35", "024", "PN4", 5, "tidak_disetujui"),
        "C-1": ("33", "024", "PN5", 7, "diusulkan"),
    }
    assert penolakan(db) == []


def test_ejaan_baru_yang_tidak_sah_tetap_ditolak_di_berkas_kedua(tmp_path, db):
    """A spelling first met in a later file that names no province rejects its row there, as in a first file."""
    pertama = tulis_csv(tmp_path / "a.csv", [KEPALA] + [[f"A-{i}", "2022", "32", "024", "PN03", "Desk 5",
                                                         "Disetujui"] for i in range(5)])
    kedua = tulis_csv(tmp_path / "b.csv", [KEPALA, ["B-1", "2022", "32", "024", "PN03", "Desk 5", "Disetujui"],
                                           ["B-2", "2022", "Atlantis", "024", "PN03", "Desk 5", "Disetujui"]])

    muat_ke(db, pertama, kedua)

    assert set(per_kunci(db, "usulan")) == {"A-0", "A-1", "A-2", "A-3", "A-4", "B-1"}
    ditolak = penolakan(db)
    assert [(r["row"], r["column"], r["value"]) for r in ditolak] == [(3, "kode_provinsi", "Atlantis")]
    assert berkas_dimuat(db)["b.csv"]["rows_rejected"] == 1


def test_banyak_ejaan_dalam_beberapa_tahun(tmp_path, db):
    """More than 256 / 3 spellings of a code looked up per plan year, over three plan years: the lookup's
    arithmetic does not overflow (it did for 90 spellings of a province in three years, and the file failed)."""
    ejaan = [f"{awalan}{nama.replace(' ', pisah)}" for awalan in ("", "Prov. ", "Provinsi ", "PROV ", "prov. ")
             for nama in ("Jawa Barat", "JAWA BARAT", "jawa barat") for pisah in (" ", "-", ".", "_", "  ", "/")]
    assert len(set(ejaan)) == 90
    baris = [["ID Usulan", "Tahun", "Provinsi", "Status"]] + [
        [f"U-{i}-{tahun}", str(tahun), e, "Diusulkan"] for tahun in (2022, 2023, 2024) for i, e in enumerate(ejaan)]
    berkas = tulis_csv(tmp_path / "ejaan.csv", baris)

    hasil = muat_ke(db, berkas)

    assert hasil.berkas[0].status == "loaded", hasil.berkas[0].error
    usulan = per_kunci(db, "usulan")
    assert len(usulan) == 270
    assert {r["kode_provinsi"] for r in usulan.values()} == {"32"}
    assert {r["tahun"] for r in usulan.values()} == {2022, 2023, 2024}


def test_berkas_gagal_setelah_kamusnya_dibuat_tidak_merusak_berkas_berikutnya(tmp_path, db, monkeypatch):
    """A file that fails after its kamus was made (new spellings, a new coded column) takes them with its
    transaction; the next file, holding the same spellings, is read right (a fingerprint of the failed file's
    kamus, left in a session variable, once pointed the next file at the ENUM the rollback had restored: its
    province was taken for empty and the row rejected)."""
    pertama = tulis_csv(tmp_path / "a.csv", [["ID Usulan", "Tahun", "Provinsi", "Status"],
                                             ["A-1", "2022", "32", "Diusulkan"]])
    kepala = ["ID Usulan", "Tahun", "Provinsi", "Kode K/L", "Status"]
    gagal = tulis_csv(tmp_path / "b_gagal.csv", [kepala, ["B-1", "2022", "Jawa Barat", "024", "Diusulkan"]])
    ketiga = tulis_csv(tmp_path / "c.csv", [kepala, ["C-1", "2022", "Jawa Barat", "024", "Diusulkan"],
                                            ["C-2", "2022", "32", "024", "Diusulkan"]])
    asli = muat_mod._muat_lembar

    def gagal_setelah_lembar(con, run_id, h, *lain):
        asli(con, run_id, h, *lain)
        if "b_gagal" in h.file:
            raise duckdb.IOException("disk penuh")
    monkeypatch.setattr(muat_mod, "_muat_lembar", gagal_setelah_lembar)

    hasil = muat_ke(db, pertama, gagal, ketiga)

    assert [b.status for b in hasil.berkas] == ["loaded", "failed", "loaded"]
    usulan = per_kunci(db, "usulan")
    assert {k: (r["kode_provinsi"], r["kode_kl"]) for k, r in usulan.items()} == {
        "A-1": ("32", None), "C-1": ("32", "024"), "C-2": ("32", "024")}
    assert penolakan(db) == []


def test_nomor_baris_tetap_benar_setelah_sisipan_gagal(tmp_path, db, monkeypatch):
    """An insert into a stored table that fails (memory, disk) while rows may be written in any order leaves the
    order kept again for the next file: a CSV's row numbers are the order its rows are written in (they were
    off by thousands in a file of more than one of the reader's pieces, and the real error was hidden)."""
    kepala = ["ID Usulan", "Tahun", "Provinsi", "Status"]
    pertama = tulis_csv(tmp_path / "a.csv", [kepala, ["A-1", "2022", "32", "Diusulkan"]])
    gagal = tulis_csv(tmp_path / "b_gagal.csv", [kepala, ["B-1", "2022", "32", "Diusulkan"]])
    n, buruk = 300_000, 250_000  # about 10 MB: more than one 8 MB piece of DuckDB's CSV reader
    besar = tmp_path / "c_besar.csv"
    with open(besar, "w", encoding="utf-8", newline="") as f:
        f.write(";".join(kepala) + "\n")
        f.writelines(f"C-{i};2022;{'Atlantis' if i == buruk else '32'};Diusulkan\n" for i in range(n))
    asli = muat_mod._tulis

    def sisipan_gagal(con, tabel, *lain):
        if con.execute("SELECT count(*) FROM _tipe_isi WHERE id_usulan = 'B-1'").fetchall()[0][0]:
            with muat_mod.tanpa_urutan(con):
                con.execute("SELECT error('Out of Memory Error: tidak cukup memori untuk menulis')").fetchall()
        return asli(con, tabel, *lain)
    monkeypatch.setattr(muat_mod, "_tulis", sisipan_gagal)

    hasil = muat_ke(db, pertama, gagal, besar)

    assert [b.status for b in hasil.berkas] == ["loaded", "failed", "loaded"]
    assert "tidak cukup memori" in hasil.berkas[1].error  # the real error, not the setting's restore
    assert [(r["row"], r["value"]) for r in penolakan(db)] == [(buruk + 2, "Atlantis")]
    salah = kueri(db, "SELECT count(*) FROM usulan WHERE id_usulan LIKE 'C-%' "
                      "AND sumber_baris <> CAST(substr(id_usulan, 3) AS INTEGER) + 2")[0][0]
    assert salah == 0
