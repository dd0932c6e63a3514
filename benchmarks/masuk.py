"""Time sign-in and upload as people meet them: Debian's Chromium, `streamlit run` with [auth], and the
test OpenID Connect provider (oidc-provider-mock), all on 127.0.0.1.

    python benchmarks/masuk.py [--ulang 3]

On the bundled sample loaded into a temporary database, ``--ulang`` times over:
- sign-in: from clicking "Masuk dengan SSO" (through the provider's form) back to the dashboard's address,
  and on to its first figure on screen (the overview's first run in a new session);
- upload: an operator uploads the sample's nine proposal exports; from clicking "Muat ke basis data" to the
  summary on screen, against the same load done in-process by etl.muat.muat (what `python -m etl load` runs);
- seen elsewhere: from that summary to the moment an analyst's untouched page names the new load.
The median is reported. A benchmark, not a test: it never runs in CI.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

AKAR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(AKAR))

from playwright.sync_api import sync_playwright  # noqa: E402

from etl.muat import muat  # noqa: E402
from tests.browser.conftest import ARGUMEN_CHROMIUM, CHROMIUM, _port_bebas, streamlit_run  # noqa: E402
from tests.browser.test_browser import tunggu  # noqa: E402
from tests.browser.test_masuk import ANALIS, OPERATOR, konteks, masuk, penyedia_oidc, tulis_rahasia  # noqa: E402

USULAN = sorted((AKAR / "data" / "sample" / "usulan").iterdir())


def _jalankan(ulang: int, folder: Path) -> dict[str, list[float]]:
    db = folder / "data" / "selaras.duckdb"
    muat([AKAR / "data" / "sample"], db)
    salinan = folder / "salinan.duckdb"
    waktu: dict[str, list[float]] = {"masuk": [], "pertama": [], "unggah": [], "cli": [], "terlihat": []}
    port = _port_bebas()
    with penyedia_oidc(folder) as oidc, \
            streamlit_run(folder, db, "--secrets.files", str(tulis_rahasia(folder, port, oidc)), port=port) as alamat, \
            sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMEN_CHROMIUM)
        for i in range(ulang):
            shutil.copyfile(db, salinan)
            mulai = time.perf_counter()
            muat(USULAN, salinan)
            waktu["cli"].append(time.perf_counter() - mulai)

            analis = konteks(b).new_page()
            masuk(analis, alamat, ANALIS)
            operator_ = konteks(b).new_page()
            operator_.goto(alamat)
            tunggu(operator_, "text=Masuk dengan SSO")
            mulai = time.perf_counter()
            operator_.get_by_role("button", name="Masuk dengan SSO").click()
            operator_.wait_for_selector("input[placeholder=sub]")
            operator_.fill("input[placeholder=sub]", OPERATOR)
            operator_.get_by_role("button", name="Authorize").click()
            operator_.wait_for_url(re.compile(re.escape(alamat) + r"/(\?.*)?$"), timeout=60_000)
            waktu["masuk"].append(time.perf_counter() - mulai)
            tunggu(operator_, '[data-testid="stMetric"]')
            waktu["pertama"].append(time.perf_counter() - mulai)
            operator_.goto(f"{alamat}/data")
            tunggu(operator_, "text=Kesegaran data")
            operator_.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', [str(f) for f in USULAN])
            operator_.wait_for_timeout(3_000)
            run = i + 2
            mulai = time.perf_counter()
            operator_.get_by_role("button", name="Muat ke basis data").click()
            operator_.wait_for_selector(f"text=Muat #{run} selesai", timeout=300_000)
            selesai = time.perf_counter()
            waktu["unggah"].append(selesai - mulai)
            analis.wait_for_function(f"() => document.body.innerText.includes('(muat #{run})')", timeout=120_000)
            waktu["terlihat"].append(time.perf_counter() - selesai)
            analis.context.close()
            operator_.context.close()
        b.close()
    return waktu


def main() -> None:
    argumen = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumen.add_argument("--ulang", type=int, default=3)
    a = argumen.parse_args()
    with tempfile.TemporaryDirectory(prefix="selaras-masuk-") as folder:
        waktu = _jalankan(a.ulang, Path(folder))
    ukuran = sum(f.stat().st_size for f in USULAN) / 1024
    print(f"{len(USULAN)} proposal exports, {ukuran:.0f} KB; median of {a.ulang}")
    for nama, label in (("masuk", "sign-in, click to back on the dashboard"),
                        ("pertama", "sign-in, click to the first figure on screen"),
                        ("unggah", "upload in the app, click to summary"),
                        ("cli", "the same load in-process (etl.muat.muat)"),
                        ("terlihat", "summary to the new load on an analyst's untouched page")):
        print(f"{label:56s} {statistics.median(waktu[nama]):6.2f} s   ({', '.join(f'{w:.2f}' for w in waktu[nama])})")


if __name__ == "__main__":
    main()
