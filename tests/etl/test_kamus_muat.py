"""The distinct spellings of coded columns (each file's kamus) are carried from file to file within one load;
a file that spells a code in a way no earlier file of the load did is still read right, and so is a file with
many spellings over several plan years."""

from __future__ import annotations

from tests.etl.fikstur import berkas_dimuat, muat_ke, penolakan, per_kunci, tulis_csv, tulis_json

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
