"""The README's data dictionary is the one etl/schema.py generates."""

from pathlib import Path

from etl.schema import kamus_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_kamus_data_di_readme_sama_dengan_skema():
    teks = README.read_text(encoding="utf-8")
    awal = teks.index("<!-- kamus-data -->") + len("<!-- kamus-data -->")
    akhir = teks.index("<!-- /kamus-data -->")
    assert teks[awal:akhir].strip() == kamus_markdown().strip(), "run: python -m etl kamus, and paste it into README"


def test_kamus_memuat_setiap_kolom_wajib():
    kamus = kamus_markdown()
    for kolom in ("`id_usulan` | VARCHAR | ya", "`desk_no` | INTEGER | ya", "`kode_provinsi` | VARCHAR | ya"):
        assert kolom in kamus
