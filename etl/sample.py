"""Sample SIPD exports: realistic files of the three export kinds of sipd-exports.md.

No real SIPD export is public, so the project ships a sample written by this module: the
2021 edition of Rakortekrenbang (34 provinces, 40 desks, 25 February - 10 March 2021, plan
year 2022) as seen mid-meeting, on 4 March 2021 at 16:05. It spreads the data over every
layout and quirk the contract promises the loader takes in its stride, plants a few bad rows
and exact duplicates on purpose, and writes a MANIFEST that says what a correct load gives.
Scaled up (``skala`` > 1) it gives national-size data for benchmarks.

Provinces, PN, MP, K/L, urusan, macro indicators and desks come from data/reference. What
stands here is only what a sample needs besides them: 2020 baselines (BPS), a catalogue of
sub kegiatan, the priority programmes of the RKP, and the layouts of the files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import xlsxwriter
from babel.dates import get_month_names
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range
from xlsxwriter.worksheet import Worksheet

from etl.normalisasi import hanya_kolom
from etl.rujukan import bagi, baca_csv
from etl.schema import DESK_SESI, TARGET_INDIKATOR, USULAN, tabel

TAHUN_EDISI = 2021
"""The edition shown: its provinces are those in force then (``berlaku_mulai`` <= 2021)."""
TAHUN_RENCANA = 2022
RAPAT_MULAI, RAPAT_SELESAI = dt.date(2021, 2, 25), dt.date(2021, 3, 10)
DICETAK = dt.datetime(2021, 3, 4, 16, 5)
"""The moment of the snapshot: mid-meeting, so that every session and proposal status occurs."""
KL_MAKRO = "055"
"""Macro targets are agreed with Kementerian PPN/Bappenas: the desk serving it is the macro desk."""
SKALA_POTONGAN = 5
"""Above this scale usulan are written only as CSV chunks: quirky layouts add nothing to a benchmark."""
BARIS_PER_POTONGAN = 500_000

_DATA_2020 = pd.DataFrame.from_records(
    [
        # kode, kab/kota, LPE 2020 (%), kemiskinan Sept 2020 (%), TPT Agt 2020 (%), IPM 2020, Gini Sept 2020
        ("11", 23, -0.37, 15.43, 6.59, 71.99, 0.323),
        ("12", 33, -1.07, 9.14, 6.91, 71.77, 0.314),
        ("13", 19, -1.60, 6.56, 6.88, 72.38, 0.305),
        ("14", 12, -1.12, 7.04, 6.32, 72.71, 0.329),
        ("15", 11, -0.46, 7.97, 5.13, 71.29, 0.320),
        ("16", 17, -0.11, 12.98, 5.51, 70.01, 0.338),
        ("17", 10, -0.02, 15.30, 4.07, 71.40, 0.323),
        ("18", 15, -1.67, 12.76, 4.67, 69.69, 0.320),
        ("19", 7, -2.30, 4.89, 5.25, 71.47, 0.257),
        ("21", 7, -3.80, 6.13, 10.34, 75.59, 0.338),
        ("31", 6, -2.36, 4.69, 10.95, 80.77, 0.400),
        ("32", 27, -2.44, 8.43, 10.46, 72.09, 0.398),
        ("33", 35, -2.65, 11.84, 6.48, 71.87, 0.359),
        ("34", 5, -2.69, 12.80, 4.57, 79.97, 0.437),
        ("35", 38, -2.39, 11.46, 5.84, 71.71, 0.364),
        ("36", 8, -3.38, 6.63, 10.64, 72.45, 0.365),
        ("51", 9, -9.31, 4.45, 5.63, 75.50, 0.369),
        ("52", 10, -0.62, 14.23, 4.22, 68.25, 0.386),
        ("53", 22, -0.83, 21.21, 4.28, 65.19, 0.354),
        ("61", 14, -1.82, 7.24, 5.81, 67.66, 0.317),
        ("62", 14, -1.41, 5.26, 4.58, 71.05, 0.320),
        ("63", 13, -1.81, 4.83, 4.74, 70.91, 0.351),
        ("64", 10, -2.85, 6.64, 6.87, 76.24, 0.328),
        ("65", 5, -1.09, 7.41, 4.97, 70.63, 0.300),
        ("71", 15, -0.99, 7.78, 7.37, 72.93, 0.368),
        ("72", 13, 4.86, 13.06, 3.77, 69.55, 0.326),
        ("73", 24, -0.70, 8.99, 6.31, 71.93, 0.382),
        ("74", 17, -0.65, 11.69, 4.58, 71.45, 0.388),
        ("75", 6, -0.02, 15.59, 4.28, 68.68, 0.406),
        ("76", 6, -2.34, 11.50, 3.32, 66.11, 0.356),
        ("81", 11, -0.92, 17.99, 7.57, 69.49, 0.318),
        ("82", 10, 4.92, 6.97, 5.15, 68.49, 0.290),
        ("91", 29, 2.32, 26.80, 4.28, 60.44, 0.395),
        ("92", 13, -0.77, 21.70, 6.80, 65.09, 0.376),
    ],
    columns=["kode_provinsi", "jumlah_kabkota", "LPE", "KEMISKINAN", "TPT", "IPM", "GINI"],
)
"""Per province (Kemendagri codes): how many kabupaten/kota it has, and the BPS figures of 2020."""

_ATURAN_TARGET = pd.DataFrame.from_records(
    [
        # indikator, baseline drawn when BPS gives none (min, max),
        # national target = baseline * kali + tambah (lower, upper end), spread between provinces
        ("LPE", np.nan, np.nan, 0.0, 5.2, 0.0, 5.8, 0.5),
        ("KEMISKINAN", np.nan, np.nan, 0.83, 0.0, 0.88, 0.0, 0.0),
        ("TPT", np.nan, np.nan, 0.78, 0.0, 0.89, 0.0, 0.0),
        ("IPM", np.nan, np.nan, 1.0, 1.47, 1.0, 1.52, 0.0),
        ("GINI", np.nan, np.nan, 1.0, -0.009, 1.0, -0.007, 0.0),
        ("NTP", 97.0, 110.0, 1.0, 1.0, 1.0, 3.0, 0.0),
        ("NTN", 95.0, 110.0, 1.0, 1.0, 1.0, 3.0, 0.0),
        ("EMISI_GRK", 8.0, 28.0, 1.0, 1.5, 1.0, 3.0, 0.0),
        ("Angka Partisipasi Murni SMA/SMK", 55.0, 80.0, 1.0, 1.0, 1.0, 2.0, 0.0),
        ("Prevalensi Stunting", 18.0, 38.0, 1.0, -3.5, 1.0, -2.5, 0.0),
        ("Persentase Rumah Tangga dengan Akses Sanitasi Layak", 62.0, 94.0, 1.0, 2.0, 1.0, 3.5, 0.0),
    ],
    columns=["kunci", "baseline_min", "baseline_max", "kali_bawah", "tambah_bawah", "kali_atas",
             "tambah_atas", "sebaran"],
)
"""How each indicator's national target for a province follows from its baseline.

Calibrated so the national figures come out as in RKP 2022: growth 5,2-5,8 %, poverty
8,5-9,0 % from 10,19 %, TPT 5,5-6,3 % from 7,07 %, IPM 73,41-73,46 from 71,94, Gini
0,376-0,378 from 0,385.
"""

_PRIORITAS: dict[str, tuple[str, str, str, str, str]] = {
    # theme: (PN, program prioritas, kegiatan prioritas, proyek prioritas, the MPs it serves)
    "pangan": ("PN1", "Peningkatan Ketersediaan, Akses dan Kualitas Konsumsi Pangan",
               "Peningkatan Produktivitas dan Keberlanjutan Sumber Daya Pertanian",
               "Penguatan Kawasan Sentra Produksi Pangan", "MP04|MP08"),
    "perikanan": ("PN1", "Peningkatan Pengelolaan Kemaritiman, Perikanan dan Kelautan",
                  "Peningkatan Produksi dan Nilai Tambah Perikanan", "Revitalisasi Tambak dan Pelabuhan Perikanan",
                  "MP06|MP07"),
    "wisata": ("PN1", "Peningkatan Nilai Tambah, Lapangan Kerja, dan Investasi di Sektor Riil dan Industrialisasi",
               "Pengembangan Destinasi Pariwisata", "Pengembangan Destinasi Pariwisata Prioritas", "MP03"),
    "umkm": ("PN1", "Peningkatan Nilai Tambah, Lapangan Kerja, dan Investasi di Sektor Riil dan Industrialisasi",
             "Penguatan Kewirausahaan dan Usaha Mikro, Kecil dan Menengah", "Pengembangan UMKM Naik Kelas", "MP09"),
    "industri": ("PN1", "Peningkatan Nilai Tambah, Lapangan Kerja, dan Investasi di Sektor Riil dan Industrialisasi",
                 "Peningkatan Nilai Tambah Industri", "Pengembangan Kawasan Industri dan Sentra IKM", "MP01|MP02"),
    "investasi": ("PN1", "Peningkatan Nilai Tambah, Lapangan Kerja, dan Investasi di Sektor Riil dan Industrialisasi",
                  "Peningkatan Investasi dan Ekspor", "Fasilitasi Promosi Investasi dan Perdagangan", ""),
    "energi": ("PN1", "Pemenuhan Kebutuhan Energi dengan Mengutamakan Peningkatan Energi Baru Terbarukan",
               "Peningkatan Pemanfaatan Energi Terbarukan", "Pembangunan PLTS Komunal di Daerah 3T", "MP05"),
    "desa": ("PN2", "Pembangunan Perdesaan", "Penguatan Tata Kelola Desa",
             "Peningkatan Kapasitas Aparatur dan Kelembagaan Desa", ""),
    "wilayah": ("PN2", "Pengembangan Kawasan Strategis", "Pengembangan Pusat Pertumbuhan Wilayah",
                "Pembangunan Sarana Prasarana Kawasan Strategis dan Perbatasan",
                "MP10|MP11|MP12|MP13|MP14|MP15|MP16"),
    "agraria": ("PN2", "Pemerataan Pembangunan Antarwilayah", "Reforma Agraria",
                "Redistribusi Tanah dan Legalisasi Aset", "MP17"),
    "transmigrasi": ("PN2", "Pemerataan Pembangunan Antarwilayah", "Pengembangan Kawasan Transmigrasi",
                     "Pembangunan Kawasan Transmigrasi Prioritas", ""),
    "gizi": ("PN3", "Peningkatan Akses dan Mutu Pelayanan Kesehatan menuju Cakupan Kesehatan Semesta",
             "Percepatan Perbaikan Gizi Masyarakat", "Penurunan Prevalensi Stunting", "MP18"),
    "kesehatan": ("PN3", "Peningkatan Akses dan Mutu Pelayanan Kesehatan menuju Cakupan Kesehatan Semesta",
                  "Penguatan Sistem Kesehatan", "Pemenuhan Sarana Prasarana dan Alat Kesehatan", "MP22"),
    "pendidikan": ("PN3", "Peningkatan Pemerataan Layanan Pendidikan Berkualitas",
                   "Peningkatan Kualitas Pengajaran dan Pembelajaran",
                   "Rehabilitasi dan Pembangunan Sarana Prasarana Sekolah", ""),
    "vokasi": ("PN3", "Peningkatan Produktivitas dan Daya Saing", "Pendidikan dan Pelatihan Vokasi",
               "Pelatihan Berbasis Kompetensi bagi Angkatan Kerja", "MP20"),
    "perlinsos": ("PN3", "Pengentasan Kemiskinan", "Penyaluran Bantuan Sosial Tepat Sasaran",
                  "Pemutakhiran Data Terpadu Kesejahteraan Sosial", "MP21"),
    "keluarga": ("PN3", "Pengendalian Penduduk dan Penguatan Tata Kelola Kependudukan",
                 "Penguatan Pelayanan Keluarga Berencana dan Pembangunan Keluarga",
                 "Penguatan Penyuluhan KB dan Bina Keluarga Balita", "MP18"),
    "anak": ("PN3", "Peningkatan Kualitas Anak, Perempuan dan Pemuda",
             "Perlindungan Perempuan dan Anak dari Kekerasan",
             "Penguatan Layanan Terpadu Perlindungan Perempuan dan Anak", ""),
    "pemuda": ("PN3", "Peningkatan Kualitas Anak, Perempuan dan Pemuda",
               "Peningkatan Partisipasi Pemuda dan Prestasi Olahraga", "Pembinaan Atlet dan Kewirausahaan Pemuda", ""),
    "budaya": ("PN4", "Pemajuan dan Pelestarian Kebudayaan",
               "Revitalisasi dan Pelestarian Cagar Budaya dan Permuseuman", "Pemugaran Cagar Budaya", ""),
    "literasi": ("PN4", "Peningkatan Budaya Literasi, Inovasi dan Kreativitas",
                 "Pengembangan Perpustakaan Berbasis Inklusi Sosial", "Transformasi Perpustakaan Desa", ""),
    "air_minum": ("PN5", "Infrastruktur Pelayanan Dasar", "Akses Air Minum dan Sanitasi yang Layak dan Aman",
                  "Peningkatan Akses Air Minum Perpipaan", "MP24"),
    "sanitasi": ("PN5", "Infrastruktur Pelayanan Dasar", "Akses Air Minum dan Sanitasi yang Layak dan Aman",
                 "Peningkatan Akses Sanitasi Layak dan Aman", "MP25"),
    "sda": ("PN5", "Infrastruktur Pelayanan Dasar", "Ketahanan Sumber Daya Air",
            "Rehabilitasi Jaringan Irigasi dan Pengamanan Pantai", "MP26|MP27|MP28"),
    "jalan": ("PN5", "Infrastruktur Ekonomi", "Konektivitas Transportasi Jalan",
              "Preservasi dan Peningkatan Kapasitas Jalan Daerah", "MP32|MP33|MP34"),
    "transportasi": ("PN5", "Infrastruktur Ekonomi", "Konektivitas Transportasi Laut, Udara dan Perkeretaapian",
                     "Pembangunan Pelabuhan dan Keselamatan Transportasi", "MP29|MP30|MP31|MP35|MP36"),
    "permukiman": ("PN5", "Infrastruktur Perkotaan", "Perumahan dan Permukiman Layak dan Aman",
                   "Peningkatan Kualitas Permukiman Kumuh", "MP23"),
    "listrik": ("PN5", "Infrastruktur Ekonomi", "Penyediaan Tenaga Listrik", "Pemerataan Akses Listrik Rumah Tangga",
                "MP37"),
    "digital": ("PN5", "Transformasi Digital", "Penuntasan Infrastruktur TIK",
                "Penyediaan Akses Internet di Layanan Publik", "MP41"),
    "lingkungan": ("PN6", "Peningkatan Kualitas Lingkungan Hidup", "Penanganan Limbah", "Pengelolaan Sampah Terpadu",
                   "MP42"),
    "bencana": ("PN6", "Peningkatan Ketahanan Bencana dan Iklim", "Penguatan Sistem Peringatan Dini Bencana",
                "Penguatan Kesiapsiagaan Bencana Daerah", "MP43"),
    "rendah_karbon": ("PN6", "Pembangunan Rendah Karbon", "Pemulihan Lahan Berkelanjutan",
                      "Rehabilitasi Hutan dan Lahan", ""),
    "birokrasi": ("PN7", "Reformasi Birokrasi dan Tata Kelola", "Transformasi Pelayanan Publik",
                  "Penerapan Sistem Pemerintahan Berbasis Elektronik", ""),
    "data": ("PN7", "Reformasi Birokrasi dan Tata Kelola", "Penguatan Data dan Statistik",
             "Penyelenggaraan Satu Data Indonesia", ""),
    "siber": ("PN7", "Menjaga Stabilitas Keamanan Nasional", "Penguatan Keamanan Siber", "Pembentukan CSIRT Daerah",
              "MP44"),
    "kamtibmas": ("PN7", "Menjaga Stabilitas Keamanan Nasional", "Penguatan Ketertiban dan Keamanan Masyarakat",
                  "Peningkatan Kapasitas Satuan Polisi Pamong Praja", ""),
}
"""National-priority themes a proposal can serve: its PN, the programme, activity and project of
RKP 2022 it names, and the Major Projects (by code) it may support."""

_SUB_KEGIATAN: dict[str, list[tuple[str, str, str, str, str, str]]] = {
    # urusan: [(program, kegiatan, sub kegiatan, indikator keluaran, satuan, themes of _PRIORITAS)]
    "1.01": [
        ("Program Pengelolaan Pendidikan", "Pengelolaan Pendidikan Sekolah Menengah Atas",
         "Pembangunan Ruang Kelas Baru", "Jumlah Ruang Kelas Baru yang Dibangun", "Unit", "pendidikan"),
        ("Program Pengelolaan Pendidikan", "Pengelolaan Pendidikan Sekolah Menengah Atas",
         "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah", "Jumlah Ruang Kelas yang Direhabilitasi", "Unit",
         "pendidikan"),
        ("Program Pengelolaan Pendidikan", "Pengelolaan Pendidikan Sekolah Menengah Kejuruan",
         "Pengadaan Alat Praktik dan Peraga Peserta Didik", "Jumlah Paket Alat Praktik yang Diadakan", "Paket",
         "vokasi|pendidikan"),
    ],
    "1.02": [
        ("Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
         "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Provinsi",
         "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat",
         "Jumlah Kabupaten/Kota yang Didampingi dalam Penurunan Stunting", "Kabupaten/Kota", "gizi"),
        ("Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
         "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Provinsi",
         "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan",
         "Jumlah Alat Kesehatan yang Disediakan", "Unit", "kesehatan"),
        ("Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
         "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Provinsi",
         "Pengelolaan Surveilans Kesehatan", "Jumlah Dokumen Hasil Surveilans Kesehatan", "Dokumen", "kesehatan"),
    ],
    "1.03": [
        ("Program Penyelenggaraan Jalan", "Penyelenggaraan Jalan Provinsi",
         "Rekonstruksi Jalan", "Panjang Jalan yang Direkonstruksi", "Km", "jalan|wilayah"),
        ("Program Penyelenggaraan Jalan", "Penyelenggaraan Jalan Provinsi",
         "Pembangunan Jembatan", "Jumlah Jembatan yang Dibangun", "Unit", "jalan|wilayah"),
        ("Program Pengelolaan Sumber Daya Air (SDA)",
         "Pengelolaan SDA dan Bangunan Pengaman Pantai pada Wilayah Sungai Lintas Daerah Kabupaten/Kota",
         "Rehabilitasi Jaringan Irigasi Permukaan", "Luas Jaringan Irigasi yang Direhabilitasi", "Ha",
         "sda|pangan"),
        ("Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum",
         "Pengelolaan dan Pengembangan SPAM Lintas Kabupaten/Kota",
         "Pembangunan SPAM Jaringan Perpipaan", "Jumlah Sambungan Rumah yang Terlayani", "Sambungan Rumah",
         "air_minum"),
        ("Program Pengelolaan dan Pengembangan Sistem Air Limbah",
         "Pengelolaan dan Pengembangan Sistem Air Limbah Domestik Regional",
         "Pembangunan Sistem Pengelolaan Air Limbah Domestik Terpusat",
         "Jumlah Rumah Tangga yang Terlayani Sistem Air Limbah", "Rumah Tangga", "sanitasi"),
    ],
    "1.04": [
        ("Program Pengembangan Perumahan",
         "Penyediaan dan Rehabilitasi Rumah Korban Bencana atau Relokasi Program Provinsi",
         "Rehabilitasi Rumah bagi Korban Bencana", "Jumlah Rumah yang Direhabilitasi", "Unit",
         "permukiman|wilayah"),
        ("Program Kawasan Permukiman", "Penataan dan Peningkatan Kualitas Kawasan Permukiman Kumuh",
         "Perbaikan Rumah Tidak Layak Huni dalam Kawasan Kumuh",
         "Jumlah Rumah Tidak Layak Huni yang Diperbaiki", "Unit", "permukiman"),
    ],
    "1.05": [
        ("Program Penanggulangan Bencana", "Pelayanan Pencegahan dan Kesiapsiagaan terhadap Bencana",
         "Penyusunan Kajian Risiko Bencana Provinsi", "Jumlah Dokumen Kajian Risiko Bencana", "Dokumen",
         "bencana"),
        ("Program Penanggulangan Bencana", "Pelayanan Pencegahan dan Kesiapsiagaan terhadap Bencana",
         "Penyediaan Sistem Peringatan Dini Bencana", "Jumlah Sistem Peringatan Dini yang Terpasang", "Unit",
         "bencana"),
        ("Program Peningkatan Ketenteraman dan Ketertiban Umum",
         "Penanganan Gangguan Ketenteraman dan Ketertiban Umum Lintas Kabupaten/Kota",
         "Pencegahan Gangguan Ketenteraman dan Ketertiban", "Jumlah Kegiatan Patroli dan Pengamanan",
         "Kegiatan", "kamtibmas"),
    ],
    "1.06": [
        ("Program Rehabilitasi Sosial",
         "Rehabilitasi Sosial Penyandang Masalah Kesejahteraan Sosial di dalam Panti",
         "Penyediaan Permakanan", "Jumlah Penerima Layanan Permakanan", "Orang", "perlinsos"),
        ("Program Perlindungan dan Jaminan Sosial", "Pengelolaan Data Fakir Miskin Cakupan Daerah Provinsi",
         "Verifikasi dan Validasi Data Fakir Miskin", "Jumlah Keluarga yang Datanya Diverifikasi", "Keluarga",
         "perlinsos"),
    ],
    "2.07": [
        ("Program Pelatihan Kerja dan Produktivitas Tenaga Kerja",
         "Pelaksanaan Pelatihan Berdasarkan Unit Kompetensi",
         "Pelatihan Keterampilan bagi Pencari Kerja", "Jumlah Peserta Pelatihan Berbasis Kompetensi", "Orang",
         "vokasi"),
        ("Program Penempatan Tenaga Kerja", "Pelayanan Antarkerja",
         "Penyelenggaraan Bursa Kerja", "Jumlah Bursa Kerja yang Diselenggarakan", "Kegiatan", "vokasi"),
    ],
    "2.08": [
        ("Program Perlindungan Perempuan",
         "Penyediaan Layanan Rujukan Lanjutan bagi Perempuan Korban Kekerasan",
         "Penyediaan Layanan Pengaduan bagi Perempuan Korban Kekerasan",
         "Jumlah Perempuan Korban Kekerasan yang Mendapat Layanan", "Orang", "anak"),
        ("Program Perlindungan Khusus Anak", "Penyediaan Layanan bagi Anak yang Memerlukan Perlindungan Khusus",
         "Penyediaan Layanan Pengaduan Masyarakat bagi Anak",
         "Jumlah Anak yang Mendapat Layanan Perlindungan Khusus", "Orang", "anak"),
    ],
    "2.09": [
        ("Program Peningkatan Diversifikasi dan Ketahanan Pangan Masyarakat",
         "Penyediaan dan Penyaluran Pangan Pokok atau Pangan Lainnya",
         "Penyediaan Cadangan Pangan Pemerintah Provinsi", "Jumlah Cadangan Pangan yang Tersedia", "Ton",
         "pangan"),
        ("Program Penanganan Kerawanan Pangan", "Penyusunan Peta Ketahanan dan Kerentanan Pangan",
         "Penyusunan Peta Ketahanan dan Kerentanan Pangan Provinsi",
         "Jumlah Dokumen Peta Ketahanan dan Kerentanan Pangan", "Dokumen", "pangan"),
    ],
    "2.10": [
        ("Program Redistribusi Tanah", "Penetapan Subjek dan Objek Redistribusi Tanah",
         "Identifikasi Subjek dan Objek Redistribusi Tanah", "Jumlah Bidang Tanah yang Diidentifikasi", "Bidang",
         "agraria"),
        ("Program Penyelesaian Sengketa Tanah Garapan", "Penyelesaian Sengketa Tanah Garapan",
         "Fasilitasi Penyelesaian Sengketa Tanah Garapan", "Jumlah Kasus Sengketa Tanah yang Difasilitasi",
         "Kasus", "agraria"),
    ],
    "2.11": [
        ("Program Pengelolaan Persampahan", "Penanganan Sampah di TPA/TPST Regional",
         "Penyediaan Sarana dan Prasarana Pengolahan Sampah di TPA/TPST Regional",
         "Jumlah Sarana Pengolahan Sampah yang Disediakan", "Unit", "lingkungan"),
        ("Program Pengendalian Pencemaran dan/atau Kerusakan Lingkungan Hidup",
         "Pencegahan Pencemaran dan/atau Kerusakan Lingkungan Hidup",
         "Pemantauan Kualitas Air, Udara dan Tanah", "Jumlah Titik Pemantauan Kualitas Lingkungan", "Titik",
         "lingkungan"),
        ("Program Pengendalian Pencemaran dan/atau Kerusakan Lingkungan Hidup",
         "Pencegahan Pencemaran dan/atau Kerusakan Lingkungan Hidup",
         "Penyusunan Inventarisasi Gas Rumah Kaca", "Jumlah Dokumen Inventarisasi GRK", "Dokumen",
         "rendah_karbon"),
    ],
    "2.12": [
        ("Program Pengelolaan Informasi Administrasi Kependudukan",
         "Penyelenggaraan Pengelolaan Informasi Administrasi Kependudukan",
         "Pengembangan Sistem Informasi Administrasi Kependudukan",
         "Jumlah Kabupaten/Kota yang Terintegrasi SIAK", "Kabupaten/Kota", "birokrasi|data"),
        ("Program Pendaftaran Penduduk", "Pelayanan Pendaftaran Penduduk",
         "Fasilitasi Perekaman KTP Elektronik", "Jumlah Penduduk Wajib KTP yang Direkam", "Orang", "birokrasi"),
    ],
    "2.13": [
        ("Program Penataan Desa", "Penyelenggaraan Penataan Desa",
         "Fasilitasi Penetapan dan Penegasan Batas Desa", "Jumlah Desa yang Batasnya Ditetapkan", "Desa", "desa"),
        ("Program Administrasi Pemerintahan Desa",
         "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
         "Peningkatan Kapasitas Aparatur Pemerintah Desa", "Jumlah Aparatur Desa yang Dilatih", "Orang", "desa"),
    ],
    "2.14": [
        ("Program Pembinaan Keluarga Berencana (KB)",
         "Pemberdayaan Organisasi Kemasyarakatan dalam Pelayanan dan Pembinaan Kesertaan Ber-KB",
         "Pendayagunaan Tenaga Penyuluh KB", "Jumlah Penyuluh KB yang Didayagunakan", "Orang", "keluarga"),
        ("Program Pemberdayaan dan Peningkatan Keluarga Sejahtera (KS)",
         "Pembangunan Keluarga melalui Pembinaan Ketahanan dan Kesejahteraan Keluarga",
         "Pembinaan Kelompok Bina Keluarga Balita", "Jumlah Kelompok BKB yang Dibina", "Kelompok",
         "keluarga|gizi"),
    ],
    "2.15": [
        ("Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan (LLAJ)",
         "Penyediaan Perlengkapan Jalan di Jalan Provinsi",
         "Pengadaan Perlengkapan Jalan", "Jumlah Perlengkapan Jalan yang Terpasang", "Unit", "transportasi"),
        ("Program Pengelolaan Pelayaran", "Pembangunan dan Pengoperasian Pelabuhan Pengumpan Regional",
         "Pembangunan Pelabuhan Pengumpan Regional", "Jumlah Pelabuhan Pengumpan Regional yang Dibangun",
         "Unit", "transportasi|wilayah"),
    ],
    "2.16": [
        ("Program Aplikasi Informatika", "Pengelolaan e-Government di Lingkup Pemerintah Daerah Provinsi",
         "Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik",
         "Jumlah Aplikasi Layanan Publik yang Dikembangkan", "Aplikasi", "digital|birokrasi"),
        ("Program Aplikasi Informatika", "Pengelolaan e-Government di Lingkup Pemerintah Daerah Provinsi",
         "Penyelenggaraan Sistem Jaringan Intra Pemerintah Daerah",
         "Jumlah Perangkat Daerah yang Terhubung Jaringan Intra", "Perangkat Daerah", "digital"),
    ],
    "2.17": [
        ("Program Pemberdayaan Usaha Menengah, Usaha Kecil, dan Usaha Mikro (UMKM)",
         "Pemberdayaan Usaha Kecil melalui Pendataan, Kemitraan dan Penguatan Kelembagaan",
         "Pendampingan Usaha Kecil", "Jumlah Usaha Kecil yang Didampingi", "Unit Usaha", "umkm"),
        ("Program Pendidikan dan Latihan Perkoperasian", "Pelaksanaan Pendidikan dan Pelatihan Perkoperasian",
         "Peningkatan Kapasitas dan Kompetensi SDM Koperasi", "Jumlah Anggota Koperasi yang Dilatih", "Orang",
         "umkm"),
    ],
    "2.18": [
        ("Program Promosi Penanaman Modal", "Penyelenggaraan Promosi Penanaman Modal Kewenangan Daerah Provinsi",
         "Pelaksanaan Kegiatan Promosi Penanaman Modal Daerah Provinsi",
         "Jumlah Kegiatan Promosi Penanaman Modal", "Kegiatan", "investasi"),
        ("Program Pelayanan Penanaman Modal", "Pelayanan Perizinan dan Nonperizinan secara Terpadu Satu Pintu",
         "Penyediaan Pelayanan Perizinan Berusaha melalui Sistem OSS",
         "Jumlah Perizinan Berusaha yang Diterbitkan", "Izin", "investasi|birokrasi"),
    ],
    "2.19": [
        ("Program Pengembangan Kapasitas Daya Saing Kepemudaan",
         "Pemberdayaan dan Pengembangan Pemuda Pelopor dan Wirausaha Muda Pemula",
         "Pelatihan Kewirausahaan Pemuda", "Jumlah Pemuda yang Dilatih Kewirausahaan", "Orang", "pemuda"),
        ("Program Pengembangan Daya Saing Keolahragaan",
         "Pembinaan dan Pengembangan Olahraga Prestasi Tingkat Daerah Provinsi",
         "Pembinaan Atlet Berprestasi", "Jumlah Atlet yang Dibina", "Orang", "pemuda"),
    ],
    "2.20": [
        ("Program Penyelenggaraan Statistik Sektoral",
         "Penyelenggaraan Statistik Sektoral di Lingkup Daerah Provinsi",
         "Pengelolaan Data Statistik Sektoral", "Jumlah Dataset Statistik Sektoral yang Dipublikasikan",
         "Dataset", "data"),
    ],
    "2.21": [
        ("Program Penyelenggaraan Persandian untuk Pengamanan Informasi",
         "Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah Provinsi",
         "Pengelolaan Sumber Daya Keamanan Informasi",
         "Jumlah Perangkat Daerah yang Menerapkan Keamanan Informasi", "Perangkat Daerah", "siber"),
        ("Program Penyelenggaraan Persandian untuk Pengamanan Informasi",
         "Penyelenggaraan Persandian untuk Pengamanan Informasi Pemerintah Daerah Provinsi",
         "Pembentukan Computer Security Incident Response Team (CSIRT) Provinsi",
         "Jumlah CSIRT yang Terbentuk", "Tim", "siber"),
    ],
    "2.22": [
        ("Program Pengembangan Kebudayaan",
         "Pengelolaan Kebudayaan yang Masyarakat Pelakunya Lintas Daerah Kabupaten/Kota",
         "Pelestarian Kesenian Tradisional", "Jumlah Kelompok Kesenian yang Dibina", "Kelompok", "budaya"),
        ("Program Pelestarian dan Pengelolaan Cagar Budaya", "Pengelolaan Cagar Budaya Peringkat Provinsi",
         "Pemugaran Cagar Budaya", "Jumlah Cagar Budaya yang Dipugar", "Situs", "budaya|wisata"),
    ],
    "2.23": [
        ("Program Pembinaan Perpustakaan", "Pengelolaan Perpustakaan Tingkat Daerah Provinsi",
         "Pengembangan Perpustakaan Berbasis Inklusi Sosial", "Jumlah Perpustakaan Desa yang Dibina",
         "Perpustakaan", "literasi"),
    ],
    "2.24": [
        ("Program Pengelolaan Arsip", "Pengelolaan Arsip Dinamis Pemerintah Daerah Provinsi",
         "Pengelolaan Arsip Dinamis Berbasis Elektronik",
         "Jumlah Perangkat Daerah yang Menerapkan Arsip Elektronik", "Perangkat Daerah", "birokrasi"),
    ],
    "3.25": [
        ("Program Pengelolaan Perikanan Tangkap",
         "Pengelolaan Penangkapan Ikan di Wilayah Laut sampai dengan 12 Mil",
         "Penyediaan Prasarana Usaha Perikanan Tangkap", "Jumlah Prasarana Perikanan Tangkap yang Dibangun",
         "Unit", "perikanan"),
        ("Program Pengelolaan Perikanan Budidaya", "Pengelolaan Pembudidayaan Ikan",
         "Revitalisasi Tambak Udang dan Bandeng", "Luas Tambak yang Direvitalisasi", "Ha", "perikanan"),
    ],
    "3.26": [
        ("Program Peningkatan Daya Tarik Destinasi Pariwisata", "Pengelolaan Daya Tarik Wisata Provinsi",
         "Pembangunan Sarana dan Prasarana Daya Tarik Wisata", "Jumlah Daya Tarik Wisata yang Dikembangkan",
         "Lokasi", "wisata"),
        ("Program Pemasaran Pariwisata", "Pemasaran Pariwisata Dalam dan Luar Negeri Destinasi Provinsi",
         "Penyebaran Informasi dan Promosi Pariwisata Provinsi", "Jumlah Kegiatan Promosi Pariwisata",
         "Kegiatan", "wisata"),
    ],
    "3.27": [
        ("Program Penyediaan dan Pengembangan Prasarana Pertanian", "Pengembangan Prasarana Pertanian",
         "Pembangunan Jaringan Irigasi Tersier", "Luas Jaringan Irigasi Tersier yang Dibangun", "Ha", "pangan"),
        ("Program Penyediaan dan Pengembangan Sarana Pertanian", "Penyediaan Benih Tanaman Pangan",
         "Penyaluran Benih Padi dan Jagung", "Jumlah Benih yang Disalurkan", "Ton", "pangan"),
    ],
    "3.28": [
        ("Program Pengelolaan Hutan", "Pelaksanaan Rehabilitasi di Luar Kawasan Hutan Negara",
         "Rehabilitasi Lahan Kritis", "Luas Lahan Kritis yang Direhabilitasi", "Ha", "rendah_karbon"),
        ("Program Pengelolaan Hutan", "Pelaksanaan Pengelolaan Hutan",
         "Pemberdayaan Masyarakat dalam Perhutanan Sosial", "Jumlah Kelompok Perhutanan Sosial yang Didampingi",
         "Kelompok", "rendah_karbon|desa"),
    ],
    "3.29": [
        ("Program Pengelolaan Energi Terbarukan", "Pengelolaan Aneka Energi Baru Terbarukan",
         "Pembangunan Pembangkit Listrik Tenaga Surya Komunal", "Kapasitas PLTS yang Terpasang", "kWp", "energi"),
        ("Program Pengelolaan Ketenagalistrikan",
         "Penyediaan Sarana Tenaga Listrik di Daerah Terpencil dan Perdesaan",
         "Pemasangan Instalasi Listrik Rumah Tangga Tidak Mampu",
         "Jumlah Rumah Tangga yang Mendapat Sambungan Listrik", "Rumah Tangga", "listrik"),
    ],
    "3.30": [
        ("Program Pengembangan Ekspor", "Penyelenggaraan Promosi Dagang melalui Pameran Dagang",
         "Fasilitasi Pelaku Usaha dalam Pameran Dagang", "Jumlah Pelaku Usaha yang Difasilitasi",
         "Pelaku Usaha", "investasi|umkm"),
        ("Program Peningkatan Sarana Distribusi Perdagangan",
         "Pembangunan dan Pengelolaan Sarana Distribusi Perdagangan",
         "Revitalisasi Pasar Rakyat", "Jumlah Pasar Rakyat yang Direvitalisasi", "Unit", "umkm"),
    ],
    "3.31": [
        ("Program Perencanaan dan Pembangunan Industri",
         "Penyusunan dan Evaluasi Rencana Pembangunan Industri Provinsi",
         "Penyusunan Rencana Pembangunan Industri Provinsi", "Jumlah Dokumen Rencana Pembangunan Industri",
         "Dokumen", "industri"),
        ("Program Perencanaan dan Pembangunan Industri",
         "Penyusunan dan Evaluasi Rencana Pembangunan Industri Provinsi",
         "Pengembangan Sentra Industri Kecil dan Menengah", "Jumlah Sentra IKM yang Dikembangkan", "Sentra",
         "industri|umkm"),
    ],
    "3.32": [
        ("Program Pengembangan Kawasan Transmigrasi", "Pembangunan Kawasan Transmigrasi",
         "Pembangunan Sarana dan Prasarana Permukiman Transmigrasi",
         "Jumlah Unit Permukiman Transmigrasi yang Dibangun", "Unit", "transmigrasi|wilayah"),
    ],
}
"""Sub kegiatan a province proposes, per urusan, in the nomenclature of Kepmendagri 050-5889/2021,
each with the national-priority themes it can serve."""

_TARGET_MAKS = {"Orang": 5000, "Keluarga": 8000, "Sambungan Rumah": 5000, "Rumah Tangga": 3000, "Ha": 1500,
                "Bidang": 1000, "Ton": 500, "kWp": 400, "Km": 60, "Titik": 60, "Unit Usaha": 300,
                "Pelaku Usaha": 150}
"""Largest output target per unit; units not listed go up to 25."""
_SATUAN_PECAHAN = {"Km", "kWp"}
"""Units whose targets carry one decimal ('12,5 Km')."""

_TANGGAPAN = {
    "disetujui_catatan": (
        "Disetujui – lokasi agar diselaraskan dengan lokus prioritas nasional",
        "Disetujui, besaran pagu menyesuaikan ketersediaan anggaran K/L",
        "Disetujui dengan penyesuaian target keluaran",
        "Disetujui – diakomodasi melalui DAK Fisik TA 2022",
    ),
    "tidak_disetujui": (
        "Tidak disetujui – bukan kewenangan pemerintah provinsi",
        "Tidak disetujui, belum selaras dengan sasaran RKP 2022",
        "Tidak disetujui – telah didanai pada TA 2021",
        "Belum memenuhi kriteria kesiapan (readiness criteria)",
    ),
}
"""What a K/L answers when it approves with a note or rejects."""

_STATUS_USULAN = ("diusulkan", "disetujui", "disetujui_catatan", "tidak_disetujui")
_SUMBER_DANA = ("apbn", "apbd_prov", "apbd_kabkota", "dak", "lainnya")

_EJAAN = {
    "apbn": "APBN", "apbd_prov": "APBD Provinsi", "apbd_kabkota": "APBD Kab/Kota", "dak": "DAK",
    "lainnya": "Lainnya",
    "diusulkan": "Diusulkan", "disetujui": "Disetujui", "disetujui_catatan": "Disetujui dengan Catatan",
    "tidak_disetujui": "Tidak Disetujui",
    "belum_mulai": "Belum Dimulai", "berlangsung": "Berlangsung", "selesai": "Selesai",
    "disepakati": "Disepakati", "belum_disepakati": "Belum Disepakati", "tidak_disepakati": "Tidak Disepakati",
    "naik": "Naik", "turun": "Turun",
}
"""Coded values as SIPD screens and exports spell them."""


@dataclass(frozen=True)
class _Rujukan:
    """The reference lists the sample draws from, narrowed to the 2021 edition and its plan period."""

    provinsi: pd.DataFrame
    kl: pd.DataFrame
    urusan: pd.DataFrame
    pn: pd.DataFrame
    mp: pd.DataFrame
    desk: pd.DataFrame
    indikator: pd.DataFrame
    indikator_urusan: pd.DataFrame
    """The urusan indicators every province reports next to the macro ones."""

    @property
    def nama_provinsi(self) -> dict[str, str]:
        return dict(zip(self.provinsi.kode_provinsi, self.provinsi.nama_provinsi))


def _baca_rujukan() -> _Rujukan:
    """Read data/reference: provinces in force in 2021, PN and MP of the period covering 2022."""
    provinsi = baca_csv("provinsi.csv")
    pn = baca_csv("prioritas_nasional.csv")
    pn = pn[(pn.tahun_mulai.astype(int) <= TAHUN_RENCANA) & (pn.tahun_selesai.astype(int) >= TAHUN_RENCANA)]
    mp = baca_csv("major_project.csv")
    desk = baca_csv("desk.csv")
    desk["desk_no"] = desk.desk_no.astype(int)
    return _Rujukan(
        provinsi=provinsi[provinsi.berlaku_mulai.astype(int) <= TAHUN_EDISI].reset_index(drop=True),
        kl=baca_csv("kementerian_lembaga.csv"),
        urusan=baca_csv("urusan.csv"),
        pn=pn.reset_index(drop=True),
        mp=mp[mp.periode.isin(pn.periode)].reset_index(drop=True),
        desk=desk.sort_values("desk_no").reset_index(drop=True),
        indikator=baca_csv("indikator_makro.csv"),
        indikator_urusan=baca_csv("indikator_urusan.csv"),
    )


def _posisi(sel: Sequence[str | None], kode: Sequence[str]) -> list[np.ndarray]:
    """For each '|'-separated cell, the positions of its codes in a reference list (unknown codes skipped)."""
    letak = {k: i for i, k in enumerate(kode)}
    return [np.array([letak[k] for k in bagi(s) if k in letak], dtype=np.int64) for s in sel]


def _katalog() -> pd.DataFrame:
    """The sub kegiatan catalogue with its codes: urusan.program.2.kegiatan.sub ('1.02.02.2.01.0001').

    Programs are numbered from 02 within an urusan (01 is the supporting programme every
    agency has), kegiatan within a programme, sub kegiatan within a kegiatan.
    """
    baris = []
    for urusan, daftar in _SUB_KEGIATAN.items():
        program_no: dict[str, int] = {}
        kegiatan_no: dict[tuple[str, str], int] = {}
        sub_no: dict[tuple[str, str], int] = {}
        for program, kegiatan, sub, indikator, satuan, tema in daftar:
            p = program_no.setdefault(program, 2 + len(program_no))
            g = kegiatan_no.setdefault((program, kegiatan), 1 + sum(k[0] == program for k in kegiatan_no))
            s = sub_no[program, kegiatan] = sub_no.get((program, kegiatan), 0) + 1
            kode_program = f"{urusan}.{p:02d}"
            kode_giat = f"{kode_program}.2.{g:02d}"
            baris.append({"kode_urusan": urusan, "kode_program": kode_program, "nama_program": program,
                          "kode_giat": kode_giat, "nama_giat": kegiatan,
                          "kode_sub_kegiatan": f"{kode_giat}.{s:04d}", "nama_sub_kegiatan": sub,
                          "indikator": indikator, "satuan": satuan, "tema": tema})
    return pd.DataFrame(baris)


def _pilih_anggota(rng: np.random.Generator, kelompok: np.ndarray, anggota: list[np.ndarray]) -> np.ndarray:
    """For each row, one member of its group, uniformly; a group with no members gives -1 (none).

    Groups of unequal size are drawn in one vectorised step, so millions of rows take no loop.
    """
    anggota = [a if len(a) else np.array([-1]) for a in anggota]
    ukuran = np.array([len(a) for a in anggota])
    awal = np.concatenate([[0], np.cumsum(ukuran)[:-1]])
    pilihan = awal[kelompok] + (rng.random(len(kelompok)) * ukuran[kelompok]).astype(np.int64)
    return np.concatenate(anggota)[pilihan]


def _ratakan(daftar: Sequence[Sequence]) -> tuple[list, list[np.ndarray]]:
    """Lists laid end to end, with the positions each one's members took: groups for _pilih_anggota."""
    semua: list = []
    posisi = []
    for d in daftar:
        posisi.append(np.arange(len(semua), len(semua) + len(d)))
        semua += list(d)
    return semua, posisi


def _kategori(nilai: Sequence, kode: np.ndarray) -> pd.Categorical:
    """A coded column held as codes into its reference list (-1 = empty): small, and fast to respell."""
    return pd.Categorical.from_codes(kode, categories=list(nilai))


def _ambil(nilai: Sequence, kode: np.ndarray) -> np.ndarray:
    """Values picked by position; position -1 gives None."""
    return np.array([*nilai, None], dtype=object)[kode]


def _kode(kolom: pd.Series) -> np.ndarray:
    """The codes of a categorical column as int64 (pandas keeps them as int8, too small to compute with)."""
    return kolom.cat.codes.to_numpy().astype(np.int64)


def _eja(kolom: pd.Series, ejaan: Callable[[object], object], kosong: object = None) -> np.ndarray:
    """A coded column in an export's own spelling: each category spelled once, then taken by code."""
    return _ambil([ejaan(k) for k in kolom.cat.categories] + [kosong], _kode(kolom))


def _peluang(bobot: Sequence[float]) -> np.ndarray:
    """Weights made into probabilities."""
    bobot = np.asarray(bobot, dtype=float)
    return bobot / bobot.sum()


def _bulatkan(nilai: np.ndarray, desimal: np.ndarray) -> np.ndarray:
    """Round each value to its own number of decimals."""
    skala = 10.0 ** np.asarray(desimal)
    return np.round(nilai * skala) / skala


# --- Formatting the way Indonesian exports print -------------------------------------------------

def _ejaan_kelompok(lebar: int, awalan: str = "", ringkas: bool = False) -> pa.Array:
    """The 10**lebar spellings of a group of digits: '7', or with ``awalan`` and zero-padded ('.007',
    ',07'); ``ringkas`` drops trailing zeros (',5' for ',50', '' for ',00')."""
    if not awalan:
        return pa.array([str(i) for i in range(10**lebar)])
    ejaan = [f"{awalan}{i:0{lebar}d}" for i in range(10**lebar)]
    return pa.array([e.rstrip("0").removesuffix(awalan) if ringkas else e for e in ejaan])


def _ribuan(utuh: np.ndarray) -> pa.Array:
    """Whole numbers with '.' between thousands ('1.250.000'), for millions of values at once.

    Every group of three digits is looked up among the spellings of a group (the leading one
    bare, the others as '.007'), and the groups are joined: no Python loop over rows.
    """
    utuh = np.asarray(utuh, dtype=np.int64)
    banyak = max(1, (len(str(int(utuh.max(initial=0)))) + 2) // 3)
    ejaan = pa.concat_arrays([_ejaan_kelompok(3), _ejaan_kelompok(3, "."), pa.array([""])])
    depan = sum((utuh >= 1000**i).astype(np.int64) for i in range(1, banyak))
    bagian = []
    for i in range(banyak - 1, -1, -1):
        kelompok = utuh // 1000**i % 1000
        bagian.append(ejaan.take(np.where(i > depan, 2000, np.where(i == depan, kelompok, 1000 + kelompok))))
    return pc.binary_join_element_wise(*bagian, "")


def _angka_id(nilai: np.ndarray, desimal: int = 0, ringkas: bool = False) -> pd.Series:
    """Numbers as Indonesian exports print them: '1.250.000.000,00', '-0,37'; ``ringkas`` drops
    trailing zeros ('5,2' rather than '5,200'). Empty (NaN) stays empty."""
    nilai = np.asarray(nilai, dtype=float)
    kosong = np.isnan(nilai)
    skala = 10**desimal
    bulat = np.rint(np.abs(np.where(kosong, 0, nilai)) * skala).astype(np.int64)
    bagian = [pa.array(["", "-"]).take((nilai < 0).astype(np.int64)), _ribuan(bulat // skala)]
    if desimal:
        bagian.append(_ejaan_kelompok(desimal, ",", ringkas).take(bulat % skala))
    teks = pc.if_else(kosong, pa.scalar(None, pa.string()), pc.binary_join_element_wise(*bagian, ""))
    return pd.Series(pd.arrays.ArrowExtensionArray(teks))


def _rentang(bawah: np.ndarray, atas: np.ndarray, pemisah: np.ndarray | str, akhiran: str = "") -> np.ndarray:
    """A target as text: '5,2 - 5,8' when its ends differ, '5,2' + akhiran when they agree, None when empty."""
    a, b = _angka_id(bawah, 3, ringkas=True), _angka_id(atas, 3, ringkas=True)
    teks = np.where(bawah == atas, a + akhiran, a + pemisah + b)
    return np.where(np.isnan(bawah), None, teks)


def _tanggal_teks(tanggal: pd.Series, gaya: np.ndarray) -> np.ndarray:
    """Dates as the SIPD web service writes them: 0 '2021-02-25', 1 '25 Februari 2021', 2 '1 Mar 2021'."""
    hari = tanggal.dt.strftime("%d").str.lstrip("0")
    tahun = tanggal.dt.strftime(" %Y")
    bentuk = [
        tanggal.dt.strftime("%Y-%m-%d"),
        hari + " " + tanggal.dt.month.map(dict(get_month_names("wide", locale="id"))) + tahun,
        hari + " " + tanggal.dt.month.map(dict(get_month_names("abbreviated", locale="id"))) + tahun,
    ]
    teks = np.select([gaya == i for i in range(len(bentuk))], [b.to_numpy(dtype=object) for b in bentuk])
    return np.where(tanggal.isna(), None, teks)


# --- The data: sessions, proposals, targets ------------------------------------------------------

def _desk_sesi(rng: np.random.Generator, r: _Rujukan) -> pd.DataFrame:
    """One session per province and desk, scheduled on the meeting's weekdays, seen at DICETAK.

    More sessions fall in the first week. Past sessions have finished, except in provinces
    that lag (each has its own share still open); on the snapshot day some have finished and
    some are under way; later ones have not started. Most finished sessions have a signed
    Berita Acara, fewer of those that finished today.
    """
    n_prov, n_desk = len(r.provinsi), len(r.desk)
    n = n_prov * n_desk
    hari = pd.bdate_range(RAPAT_MULAI, RAPAT_SELESAI)
    jadwal = pd.Series(hari[rng.choice(len(hari), n, p=_peluang(np.linspace(1.6, 0.4, len(hari))))])
    hari_ini = pd.Timestamp(DICETAK.date())
    tertunda = np.repeat(rng.beta(1, 9, n_prov), n_desk)
    tertib_ba = np.repeat(rng.uniform(0.75, 0.98, n_prov), n_desk)
    lalu, kini = (jadwal < hari_ini).to_numpy(), (jadwal == hari_ini).to_numpy()
    u = rng.random(n)
    selesai = (lalu & (u >= tertunda)) | (kini & (u < 0.45))
    besok = pd.Series(np.busday_offset(jadwal.to_numpy().astype("datetime64[D]"), 1)).astype(jadwal.dtype)
    molor = selesai & (rng.random(n) < 0.15) & (besok <= hari_ini).to_numpy()
    tanggal_selesai = jadwal.where(~molor, besok).where(selesai)
    ba = selesai & (rng.random(n) < np.where(tanggal_selesai == hari_ini, 0.5, tertib_ba))
    return pd.DataFrame({
        "tahun": TAHUN_RENCANA,
        "desk_no": np.tile(r.desk.desk_no.to_numpy(), n_prov),
        "nama_desk": np.tile(r.desk.nama_desk.to_numpy(), n_prov),
        "kode_provinsi": np.repeat(r.provinsi.kode_provinsi.to_numpy(), n_desk),
        "tanggal_jadwal": jadwal,
        "status": np.select([selesai, lalu | kini], ["selesai", "berlangsung"], "belum_mulai"),
        "tanggal_selesai": tanggal_selesai,
        "berita_acara": np.where(selesai, ba, None),
    })


def _pemda(r: _Rujukan, skala: int) -> tuple[pd.DataFrame, list[str]]:
    """Who proposes: the provinces, and from scale 2 on also their 514 kabupaten/kota.

    Kabupaten/kota codes are synthesized under each province as many as it has: kabupaten
    01.., and a fifth of them kota 71.. as in Kemendagri's numbering.
    Returns one row per government (province index, kab/kota index or -1 for the province
    itself, its code) and the kab/kota codes.
    """
    provinsi = pd.DataFrame({"prov": np.arange(len(r.provinsi)), "kab": -1,
                             "kode": r.provinsi.kode_provinsi})
    if skala == 1:
        return provinsi, []
    jumlah = _DATA_2020.set_index("kode_provinsi").jumlah_kabkota.reindex(r.provinsi.kode_provinsi)
    kabkota = []
    for p, (kode, banyak) in enumerate(jumlah.items()):
        kota = banyak // 5
        kabkota += [(p, f"{kode}{i:02d}") for i in range(1, banyak - kota + 1)]
        kabkota += [(p, f"{kode}{70 + i}") for i in range(1, kota + 1)]
    kab = pd.DataFrame(kabkota, columns=["prov", "kode"])
    kab["kab"] = np.arange(len(kab))
    return pd.concat([provinsi, kab], ignore_index=True), kab.kode.tolist()


def _jumlah_usulan(rng: np.random.Generator, pemda: pd.DataFrame, skala: int) -> np.ndarray:
    """25-45 proposals per province as in the small sample; from scale 2 on every government adds about 2 x skala."""
    jumlah = np.where(pemda.kab.to_numpy() < 0, rng.integers(25, 46, len(pemda)), 0)
    if skala > 1:
        jumlah += rng.integers(round(1.5 * skala), round(2.5 * skala) + 1, len(pemda))
    return jumlah


def _major_project(rng: np.random.Generator, r: _Rujukan, tema: np.ndarray, prov: np.ndarray) -> np.ndarray:
    """For each proposal, an MP its theme serves (of the theme's PN), mostly one located in its province.

    MPs located only in other provinces are never chosen; one located in the proposal's own
    province is preferred (70 %) over one without a location. Positions into r.mp; -1 for none.
    """
    n_prov = len(r.provinsi)
    lokasi = _posisi(r.mp.provinsi, r.provinsi.kode_provinsi)
    setempat, boleh = [], []
    for pn, *_, daftar_mp in _PRIORITAS.values():
        mp = [m for m in _posisi([daftar_mp], r.mp.kode_mp)[0] if r.mp.kode_pn[m] == pn]
        for p in range(n_prov):
            setempat.append(np.array([m for m in mp if p in lokasi[m]], dtype=np.int64))
            boleh.append(np.array([m for m in mp if p in lokasi[m] or not bagi(r.mp.provinsi[m])], dtype=np.int64))
    kelompok = np.maximum(tema, 0) * n_prov + prov
    lokal = _pilih_anggota(rng, kelompok, setempat)
    pilihan = np.where((lokal >= 0) & (rng.random(len(tema)) < 0.7), lokal, _pilih_anggota(rng, kelompok, boleh))
    return np.where(tema >= 0, pilihan, -1)


def _usulan(rng: np.random.Generator, r: _Rujukan, katalog: pd.DataFrame, sesi: pd.DataFrame,
            skala: int) -> pd.DataFrame:
    """Every government's proposals in canonical columns, drawn column by column (millions take seconds).

    Each proposal goes to a desk, takes a K/L and an urusan that desk serves and a sub kegiatan
    of that urusan. How many serve a national-priority theme (and so a PN) differs by province on
    purpose (from ~55 % to ~92 %); two thirds of those name an MP of the theme where one fits. A
    proposal is decided only when its province's session at its desk has finished.
    """
    pemda, kode_kabkota = _pemda(r, skala)
    jumlah = _jumlah_usulan(rng, pemda, skala)
    n = int(jumlah.sum())
    n_prov, n_desk = len(r.provinsi), len(r.desk)
    i_pemda = np.repeat(np.arange(len(pemda)), jumlah)
    urut = np.arange(n) - np.repeat(np.cumsum(jumlah) - jumlah, jumlah) + 1
    prov = pemda.prov.to_numpy()[i_pemda]
    kab = pemda.kab.to_numpy()[i_pemda]

    desk = rng.choice(n_desk, n, p=_peluang(rng.uniform(0.5, 2.0, n_desk)))
    kl = _pilih_anggota(rng, desk, _posisi(r.desk.kode_kl, r.kl.kode_kl))
    urusan = _pilih_anggota(rng, desk, _posisi(r.desk.kode_urusan, r.urusan.kode_urusan))
    sub = _pilih_anggota(rng, urusan, [np.flatnonzero(katalog.kode_urusan.to_numpy() == k)
                                       for k in r.urusan.kode_urusan])
    selaras = rng.uniform(0.55, 0.92, n_prov)[prov]
    tema = np.where(rng.random(n) < selaras, _pilih_anggota(rng, sub, _posisi(katalog.tema, list(_PRIORITAS))), -1)
    prioritas = list(_PRIORITAS.values())
    pn_tema = np.array([r.pn.kode_pn.tolist().index(t[0]) for t in prioritas] + [-1])

    selesai = (sesi.status.to_numpy() == "selesai").reshape(n_prov, n_desk)[prov, desk]
    status = np.where(selesai, 1 + rng.choice(3, n, p=[0.62, 0.25, 0.13]), 0)
    tanggapan, tanggapan_status = _ratakan([_TANGGAPAN.get(s, ()) for s in _STATUS_USULAN])

    satuan = katalog.satuan.to_numpy()[sub]
    maks = np.array([_TARGET_MAKS.get(s, 25) for s in katalog.satuan])[sub]
    target = rng.uniform(1, maks)
    target = np.where(np.isin(satuan, list(_SATUAN_PECAHAN)), np.round(target, 1), np.round(target))
    pagu = np.round(np.clip(np.exp(rng.normal(np.log(2e9), 1.1, n)), 1e8, 5e10), -3).astype(np.int64)
    sumber = np.where(kab < 0, rng.choice(5, n, p=[0.5, 0.2, 0.0, 0.22, 0.08]),
                      rng.choice(5, n, p=[0.45, 0.0, 0.25, 0.22, 0.08]))
    mp = np.where(rng.random(n) < 0.66, _major_project(rng, r, tema, prov), -1)
    nomor = pa.array([f"{i:05d}" for i in range(int(urut.max(initial=0)) + 1)])

    kolom = {
        "id_usulan": pd.arrays.ArrowExtensionArray(pc.binary_join_element_wise(
            pa.array("USL-" + pemda.kode + "-", pa.string()).take(i_pemda), nomor.take(urut), "")),
        "tahun": np.full(n, TAHUN_RENCANA),
        "kode_provinsi": _kategori(r.provinsi.kode_provinsi, prov),
        "kode_kabkota": _kategori(kode_kabkota, kab),
        "kode_kl": _kategori(r.kl.kode_kl, kl),
        "kode_sub_kegiatan": _kategori(katalog.kode_sub_kegiatan, sub),
        "kode_urusan": _kategori(r.urusan.kode_urusan, urusan),
        "nama_sub_kegiatan": katalog.nama_sub_kegiatan.to_numpy()[sub],
        "kode_pn": _kategori(r.pn.kode_pn, pn_tema[tema]),
        "program_prioritas": _ambil([t[1] for t in prioritas], tema),
        "kegiatan_prioritas": _ambil([t[2] for t in prioritas], tema),
        "proyek_prioritas": _ambil([t[3] for t in prioritas], tema),
        "kode_mp": _kategori(r.mp.kode_mp, mp),
        "indikator": katalog.indikator.to_numpy()[sub],
        "satuan": satuan,
        "target": target,
        "pagu": pagu,
        "sumber_dana": _kategori(_SUMBER_DANA, sumber),
        "desk_no": _kategori(r.desk.desk_no, desk),
        "status": _kategori(_STATUS_USULAN, status),
        "tanggapan": _ambil(tanggapan, _pilih_anggota(rng, status, tanggapan_status)),
    }
    return pd.DataFrame({k: kolom[k] for k in USULAN.nama_kolom})


def _jumlah_dibahas(rng: np.random.Generator, sesi: pd.DataFrame, usulan: pd.DataFrame, n_desk: int) -> np.ndarray:
    """Proposals discussed per session: all of a finished one's, part of one under way, none before it starts."""
    hitung = np.bincount(_kode(usulan.kode_provinsi) * n_desk + _kode(usulan.desk_no), minlength=len(sesi))
    return np.select([sesi.status == "selesai", sesi.status == "berlangsung"],
                     [hitung, rng.binomial(hitung, 0.5)], 0)


def _daftar_indikator(r: _Rujukan) -> pd.DataFrame:
    """The indicators every province reports: the eight macro ones and the urusan ones, with their target rules.

    Each carries the desk where it is agreed: the macro desk for macro indicators, the first
    desk serving the urusan for the others.
    """
    desk_kl = _posisi(r.desk.kode_kl, r.kl.kode_kl)
    desk_urusan = _posisi(r.desk.kode_urusan, r.urusan.kode_urusan)
    kl_makro = r.kl.kode_kl.tolist().index(KL_MAKRO)
    makro = r.indikator.assign(
        jenis="makro", kode_urusan=None, indikator=r.indikator.nama_indikator, kunci=r.indikator.kode_indikator,
        desimal=r.indikator.desimal.astype(int),
        desk=next(d for d, kl in enumerate(desk_kl) if kl_makro in kl))
    urusan = r.indikator_urusan.rename(columns={"nama_indikator": "indikator"})[
        ["kode_urusan", "indikator", "satuan", "arah"]].assign(
        jenis="urusan", kode_indikator=None, varian=None, kunci=lambda d: d.indikator,
        desimal=r.indikator_urusan.desimal.astype(int))
    urusan["desk"] = [next(d for d, u in enumerate(desk_urusan) if r.urusan.kode_urusan.tolist().index(k) in u)
                      for k in urusan.kode_urusan]
    kolom = ["jenis", "kode_indikator", "kode_urusan", "indikator", "varian", "satuan", "arah", "desimal", "desk",
             "kunci"]
    return pd.concat([makro[kolom], urusan[kolom]], ignore_index=True).merge(_ATURAN_TARGET, on="kunci", how="left")


def _target_indikator(rng: np.random.Generator, r: _Rujukan, sesi: pd.DataFrame) -> pd.DataFrame:
    """Per province and indicator: baseline 2020, national target (RKP), regional target (RKPD), agreement.

    The regional target falls short of, within or beyond the national range in shares that
    differ by province, taking the indicator's direction into account; it is a single value or
    a range. Where the session at the indicator's desk has finished, the target is agreed (the
    regional one, or the national range where the region fell short), a few are not agreed.
    """
    indikator = _daftar_indikator(r)
    n_prov, n_ind = len(r.provinsi), len(indikator)
    t = indikator.iloc[np.tile(np.arange(n_ind), n_prov)].reset_index(drop=True)
    prov = np.repeat(np.arange(n_prov), n_ind)
    t.insert(0, "kode_provinsi", r.provinsi.kode_provinsi.to_numpy()[prov])
    n = len(t)
    desimal = t.desimal.to_numpy()

    bps = _DATA_2020.set_index("kode_provinsi").drop(columns="jumlah_kabkota").stack()
    baseline = bps.reindex(pd.MultiIndex.from_arrays([t.kode_provinsi, t.kunci])).to_numpy()
    baseline = np.where(np.isnan(baseline), rng.uniform(t.baseline_min.fillna(0), t.baseline_max.fillna(0)), baseline)
    baseline = _bulatkan(baseline, desimal)
    geser = np.round(rng.normal(0, 1, n) * t.sebaran.to_numpy(), 1)
    nasional_min = _bulatkan(baseline * t.kali_bawah + t.tambah_bawah + geser, desimal)
    nasional_max = _bulatkan(baseline * t.kali_atas + t.tambah_atas + geser, desimal)

    arah = np.where(t.arah == "naik", 1.0, -1.0)
    lebar = np.maximum(nasional_max - nasional_min, 5 * 10.0 ** -desimal)
    baik = np.where(arah > 0, nasional_max, nasional_min)
    buruk = np.where(arah > 0, nasional_min, nasional_max)
    kurang_p = rng.uniform(0.05, 0.45, n_prov)[prov]
    lebih_p = rng.uniform(0.15, 0.40, n_prov)[prov]
    u = rng.random(n)
    kurang, lebih = u < kurang_p, (u >= kurang_p) & (u < kurang_p + lebih_p)
    nilai = np.select([kurang, lebih], [buruk - arah * rng.uniform(0.7, 1.5, n) * lebar,
                                        baik + arah * rng.uniform(0.1, 1.0, n) * lebar],
                      rng.uniform(nasional_min, nasional_max))
    ujung = nilai + arah * 0.5 * lebar * (rng.random(n) < 0.4)
    daerah_min = _bulatkan(np.minimum(nilai, ujung), desimal)
    daerah_max = _bulatkan(np.maximum(nilai, ujung), desimal)

    dibahas = (sesi.status.to_numpy() == "selesai").reshape(n_prov, len(r.desk))[prov, t.desk.to_numpy()]
    tolak = dibahas & (rng.random(n) < 0.04)
    sepakat = dibahas & ~tolak
    ikut_nasional = sepakat & kurang
    t = t.assign(
        tahun=TAHUN_RENCANA, baseline=baseline,
        target_nasional_min=nasional_min, target_nasional_max=nasional_max,
        target_daerah_min=daerah_min, target_daerah_max=daerah_max,
        target_kesepakatan_min=np.where(ikut_nasional, nasional_min, np.where(sepakat, daerah_min, np.nan)),
        target_kesepakatan_max=np.where(ikut_nasional, nasional_max, np.where(sepakat, daerah_max, np.nan)),
        status=np.select([sepakat, tolak], ["disepakati", "tidak_disepakati"], "belum_disepakati"),
        catatan=np.select([tolak, ikut_nasional],
                          ["Daerah belum dapat menyepakati target nasional; dibahas lanjut pada Musrenbang",
                           "Target RKPD disesuaikan dengan target nasional"], None),
    )
    return t[[*TARGET_INDIKATOR.nama_kolom, "varian", "desimal"]]


# --- Views: the same data as each kind of export shows it --------------------------------------

def _usulan_xlsx(u: pd.DataFrame) -> pd.DataFrame:
    """A Bappeda's recap sheet: Indonesian headers, no province or year column (they stand in the title rows)."""
    return pd.DataFrame({
        "Kode Usulan": u.id_usulan,
        "Kode Kab/Kota": u.kode_kabkota,
        "Kode K/L": u.kode_kl,
        "Kode Sub Kegiatan": u.kode_sub_kegiatan,
        "Sub Kegiatan": u.nama_sub_kegiatan,
        "Prioritas Nasional": _eja(u.kode_pn, lambda k: f"PN {int(k[2:]):02d}", "-"),
        "Program Prioritas": u.program_prioritas,
        "Kegiatan Prioritas": u.kegiatan_prioritas,
        "Proyek Prioritas": u.proyek_prioritas,
        "Major Project": _eja(u.kode_mp, lambda k: f"MP {int(k[2:])}", "-"),
        "Indikator Keluaran": u.indikator,
        "Satuan": u.satuan,
        "Target": u.target,
        "Pagu Indikatif (Rp)": u.pagu,
        "Sumber Dana": _eja(u.sumber_dana, _EJAAN.get),
        "Desk": _eja(u.desk_no, int),
        "Status Pembahasan": _eja(u.status, _EJAAN.get),
        "Tanggapan K/L": u.tanggapan,
        "_pagu": u.pagu,
    })


def _usulan_csv_sipd(u: pd.DataFrame, r: _Rujukan, rng: np.random.Generator) -> pd.DataFrame:
    """SIPD's CSV download: province codes sometimes '11.00', K/L by code ('24') or by name,
    pagu as 'Rp 1.250.000.000,00', PN as 'PN 03', desk as 'Desk 12'. Vectorised: it also writes
    the national-size chunks."""
    n = len(u)
    nama_kl = dict(zip(r.kl.kode_kl, r.kl.nama_kl))
    return pd.DataFrame({
        "ID Usulan": u.id_usulan,
        "Tahun": u.tahun,
        "Kode Provinsi": np.where(rng.random(n) < 0.3, _eja(u.kode_provinsi, lambda k: f"{k}.00"),
                                  u.kode_provinsi.astype(object)),
        "Kode Kab/Kota": _eja(u.kode_kabkota, lambda k: f"{k[:2]}.{k[2:]}"),
        "Kementerian/Lembaga": np.where(rng.random(n) < 0.5, _eja(u.kode_kl, nama_kl.get),
                                        _eja(u.kode_kl, lambda k: str(int(k)))),
        "Kode Sub Kegiatan": u.kode_sub_kegiatan,
        "Kode Urusan": u.kode_urusan,
        "Nama Sub Kegiatan": u.nama_sub_kegiatan,
        "PN": _eja(u.kode_pn, lambda k: f"PN {int(k[2:]):02d}"),
        "Program Prioritas": u.program_prioritas,
        "Kegiatan Prioritas": u.kegiatan_prioritas,
        "Proyek Prioritas": u.proyek_prioritas,
        "MP": u.kode_mp,
        "Indikator Keluaran": u.indikator,
        "Satuan": u.satuan,
        "Target": _angka_id(u.target, 1, ringkas=True),
        "Pagu Usulan (Rp)": "Rp " + _angka_id(u.pagu, 2),
        "Sumber Pendanaan": _eja(u.sumber_dana, _EJAAN.get),
        "Desk": _eja(u.desk_no, lambda d: f"Desk {d}"),
        "Status": _eja(u.status, _EJAAN.get),
        "Catatan": u.tanggapan,
        "_pagu": u.pagu,
    })


def _usulan_csv_bappeda(u: pd.DataFrame, r: _Rujukan, rng: np.random.Generator) -> pd.DataFrame:
    """A Bappeda's own CSV: provinces by name in whatever spelling it uses, PN and MP as bare numbers."""
    semua, ejaan = _ratakan([[nama, *bagi(varian), f"Prov. {nama}", f"PROVINSI {nama.upper()}"]
                             for nama, varian in zip(r.provinsi.nama_provinsi, r.provinsi.varian)])
    pilih = _pilih_anggota(rng, _kode(u.kode_provinsi), ejaan)
    return pd.DataFrame({
        "Kode Usulan": u.id_usulan,
        "Tahun Rencana": u.tahun,
        "Provinsi": _ambil(semua, pilih),
        "Kode Kabupaten/Kota": u.kode_kabkota,
        "Kode KL": u.kode_kl,
        "Kode Sub Kegiatan": u.kode_sub_kegiatan,
        "Nama Sub Kegiatan": u.nama_sub_kegiatan,
        "Prioritas Nasional": _eja(u.kode_pn, lambda k: k[2:]),
        "Program Prioritas": u.program_prioritas,
        "Kegiatan Prioritas": u.kegiatan_prioritas,
        "Proyek Prioritas": u.proyek_prioritas,
        "Major Project": _eja(u.kode_mp, lambda k: str(int(k[2:]))),
        "Indikator": u.indikator,
        "Satuan": u.satuan,
        "Target": _angka_id(u.target, 1, ringkas=True),
        "Pagu": _angka_id(u.pagu),
        "Sumber Dana": _eja(u.sumber_dana, _EJAAN.get),
        "No Desk": u.desk_no,
        "Status Pembahasan": _eja(u.status, _EJAAN.get),
        "Tanggapan K/L": u.tanggapan,
        "_pagu": u.pagu,
    })


def _usulan_json_sipd(u: pd.DataFrame, r: _Rujukan, katalog: pd.DataFrame) -> pd.DataFrame:
    """Records of the SIPD web service: SIPD's own names (kode_urusan is the one-digit urusan, the
    'X.YY' code is kode_bidang_urusan) beside canonical names for the Rakortekrenbang fields."""
    sub = katalog.set_index("kode_sub_kegiatan")
    nama_urusan = dict(zip(r.urusan.kode_urusan, r.urusan.nama_urusan))
    return pd.DataFrame({
        "id_usulan": u.id_usulan,
        "tahun_anggaran": u.tahun,
        "kode_provinsi": u.kode_provinsi,
        "kode_kabkota": u.kode_kabkota,
        "kode_urusan": _eja(u.kode_urusan, lambda k: k.split(".")[0]),
        "kode_bidang_urusan": u.kode_urusan,
        "nama_bidang_urusan": _eja(u.kode_urusan, nama_urusan.get),
        **{kolom: _eja(u.kode_sub_kegiatan, sub[kolom].get)
           for kolom in ("kode_program", "nama_program", "kode_giat", "nama_giat")},
        "kode_sub_giat": u.kode_sub_kegiatan,
        "nama_sub_giat": u.nama_sub_kegiatan,
        "kode_skpd": _eja(u.kode_urusan, lambda k: f"{k}.0.00.0.00.01.0000"),
        "nama_skpd": _eja(u.kode_urusan, lambda k: f"Dinas {nama_urusan[k]}"),
        "kode_kl": u.kode_kl,
        "kode_pn": _eja(u.kode_pn, lambda k: f"PN{int(k[2:]):02d}"),
        "program_prioritas": u.program_prioritas,
        "kegiatan_prioritas": u.kegiatan_prioritas,
        "proyek_prioritas": u.proyek_prioritas,
        "kode_mp": u.kode_mp,
        "indikator": u.indikator,
        "satuan": u.satuan,
        "target": u.target,
        "pagu": u.pagu,
        "sumber_dana": _eja(u.sumber_dana, _EJAAN.get),
        "desk_no": _eja(u.desk_no, int),
        "status": _eja(u.status, _EJAAN.get),
        "tanggapan": u.tanggapan,
        "_pagu": u.pagu,
    })


def _usulan_json_kanonik(u: pd.DataFrame) -> pd.DataFrame:
    """Records with the canonical names and values, as an export built to the contract would give them."""
    return u.assign(desk_no=_eja(u.desk_no, int), _pagu=u.pagu)


def _target_xlsx(t: pd.DataFrame, r: _Rujukan, rng: np.random.Generator) -> pd.DataFrame:
    """The macro target recap: provinces and indicators by name (in the variants exports use), single
    targets as numbers, ranges as text in either dash, no 'Jenis' column."""
    semua, ejaan = _ratakan([[i, *bagi(v)] for i, v in zip(t.indikator, t.varian)])
    indikator = _ambil(semua, _pilih_anggota(rng, np.arange(len(t)), ejaan))
    pemisah = np.where(rng.random(len(t)) < 0.5, " - ", "–")

    def sel(dasar: str) -> np.ndarray:
        bawah, atas = t[f"{dasar}_min"].to_numpy(), t[f"{dasar}_max"].to_numpy()
        return np.where(bawah == atas, bawah.astype(object), _rentang(bawah, atas, pemisah))

    return pd.DataFrame({
        "Provinsi": t.kode_provinsi.map(r.nama_provinsi),
        "Indikator": indikator,
        "Satuan": t.satuan,
        "Baseline 2020": t.baseline,
        "Nasional": sel("target_nasional"),
        "Daerah": sel("target_daerah"),
        "Kesepakatan": sel("target_kesepakatan"),
        "Status Kesepakatan": t.status.map(_EJAAN),
        "Catatan": t.catatan,
    })


def _target_tsv(t: pd.DataFrame) -> pd.DataFrame:
    """The urusan indicator list: 'Jenis' and 'Arah' given explicitly, numbers as '85,4%'."""
    def teks(dasar: str) -> np.ndarray:
        return _rentang(t[f"{dasar}_min"].to_numpy(), t[f"{dasar}_max"].to_numpy(), " - ", "%")

    return pd.DataFrame({
        "Tahun": t.tahun,
        "Kode Provinsi": t.kode_provinsi,
        "Jenis": t.jenis,
        "Kode Urusan": t.kode_urusan,
        "Indikator": t.indikator,
        "Satuan": t.satuan,
        "Arah": t.arah.map(_EJAAN),
        "Baseline 2020": _rentang(t.baseline.to_numpy(), t.baseline.to_numpy(), "", "%"),
        "Target Nasional": teks("target_nasional"),
        "Target Daerah": teks("target_daerah"),
        "Target Kesepakatan": teks("target_kesepakatan"),
        "Status": t.status.map(_EJAAN),
        "Catatan": t.catatan,
    })


def _berita_acara(s: pd.DataFrame, sudah: str | np.ndarray) -> np.ndarray:
    """Berita Acara as exports spell it: ``sudah`` when signed, 'Belum' when the session finished
    without it, '-' before the session has finished."""
    return np.select([s.berita_acara.eq(True), s.status == "selesai"], [sudah, "Belum"], "-")


def _desk_sesi_csv(s: pd.DataFrame, r: _Rujukan) -> pd.DataFrame:
    """The desk schedule as a CSV download: dates '25/02/2021', Berita Acara 'Sudah'/'Belum'/'-'."""
    return pd.DataFrame({
        "Tahun": s.tahun,
        "Desk": s.desk_no,
        "Nama Desk": s.nama_desk,
        "Kode Provinsi": s.kode_provinsi,
        "Provinsi": s.kode_provinsi.map(r.nama_provinsi),
        "Jadwal": s.tanggal_jadwal.dt.strftime("%d/%m/%Y"),
        "Status": s.status.map(_EJAAN),
        "Tanggal Selesai": s.tanggal_selesai.dt.strftime("%d/%m/%Y"),
        "Berita Acara": _berita_acara(s, "Sudah"),
        "Jumlah Usulan Dibahas": s.jumlah_usulan_dibahas,
    })


def _desk_sesi_json(s: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Desk sessions from the web service: canonical names, dates mostly ISO but some '25 Februari 2021'
    or '1 Mar 2021', Berita Acara 'Ditandatangani'/'Ya'/'Belum'/'-'."""
    gaya = rng.choice(3, len(s), p=[0.75, 0.15, 0.10])
    ditandatangani = np.where(rng.random(len(s)) < 0.5, "Ditandatangani", "Ya")
    return s.assign(
        tanggal_jadwal=_tanggal_teks(s.tanggal_jadwal, gaya),
        tanggal_selesai=_tanggal_teks(s.tanggal_selesai, gaya),
        status=s.status.map(_EJAAN),
        berita_acara=_berita_acara(s, ditandatangani),
    )


# --- Planting bad rows, writing files, keeping the manifest --------------------------------------

@dataclass(frozen=True)
class _Rusak:
    """One planted bad cell: the header it stands under, the canonical column it feeds, the bad value
    (or a function of the good one)."""

    kepala: str
    kolom: str
    nilai: object


def _tanam(tampilan: pd.DataFrame, rng: np.random.Generator, rusak: Sequence[_Rusak] = (),
           duplikat: int = 0) -> pd.DataFrame:
    """Break one cell in each of ``len(rusak)`` rows and repeat ``duplikat`` other rows exactly,
    each copy somewhere below its original; marks them for the manifest (_rusak holds the _Rusak, _ganda)."""
    t = tampilan.reset_index(drop=True).astype(object)
    t["_rusak"], t["_ganda"] = None, False
    pilih = rng.choice(len(t), len(rusak) + duplikat, replace=False)
    for i, r in zip(pilih, rusak):
        t.at[i, r.kepala] = r.nilai(t.at[i, r.kepala]) if callable(r.nilai) else r.nilai
        t.at[i, "_rusak"] = r
    asli = pilih[len(rusak):]
    urutan = np.concatenate([np.arange(len(t)), rng.uniform(asli + 0.5, len(t))])
    salinan = t.loc[asli].assign(_ganda=True)
    return pd.concat([t, salinan], ignore_index=True).iloc[np.argsort(urutan, kind="stable")].reset_index(drop=True)


def _kolom_data(tampilan: pd.DataFrame) -> list[str]:
    """The columns that go into the file: all but the markers (_rusak, _ganda, _pagu)."""
    return [k for k in tampilan.columns if not k.startswith("_")]


def _data(tampilan: pd.DataFrame) -> pd.DataFrame:
    """What goes into a workbook or JSON: the view without its markers, empty cells as None."""
    t = tampilan[_kolom_data(tampilan)]
    return t.astype(object).where(t.notna(), None)


def _tulis_csv(jalur: Path, tampilan: pd.DataFrame, pemisah: str = ",", encoding: str = "utf-8",
               kutip: str = "none", akhir_baris: str = "\n") -> int:
    """Write a CSV export; returns the line of its first data row.

    ``kutip`` is the quoting of pyarrow's CSV writer: 'none' (plain; a value holding the separator
    stops the run rather than break the file), 'needed' (text quoted, numbers not) or 'all_valid'.
    """
    isi = io.BytesIO()
    pacsv.write_csv(pa.Table.from_pandas(tampilan[_kolom_data(tampilan)], preserve_index=False), isi,
                    pacsv.WriteOptions(delimiter=pemisah, quoting_style=kutip, quoting_header=kutip,
                                       eol=akhir_baris))
    jalur.parent.mkdir(parents=True, exist_ok=True)
    jalur.write_bytes(isi.getvalue() if encoding == "utf-8" else isi.getvalue().decode("utf-8").encode(encoding))
    return 2


def _tulis_json(jalur: Path, tampilan: pd.DataFrame, bungkus: bool) -> np.ndarray:
    """Write a JSON export, a plain list of records or the web service's {"status", "data"} envelope;
    returns the line each record starts on (a JSON row is reported there), counted from the text written:
    the line after the list's '[', then each record's own lines."""
    rekaman = _data(tampilan).to_dict("records")
    isi = {"status": "ok", "data": rekaman} if bungkus else rekaman
    teks = json.dumps(isi, ensure_ascii=False, indent=1)
    jalur.parent.mkdir(parents=True, exist_ok=True)
    jalur.write_text(teks, encoding="utf-8")
    panjang = [json.dumps(r, ensure_ascii=False, indent=1).count("\n") + 1 for r in rekaman]
    return teks.count("\n", 0, teks.index("[")) + 2 + np.concatenate([[0], np.cumsum(panjang)[:-1]])


def _buku_kerja(jalur: Path) -> xlsxwriter.Workbook:
    """A workbook whose bytes depend only on its content: fixed creation date, fixed author."""
    jalur.parent.mkdir(parents=True, exist_ok=True)
    buku = xlsxwriter.Workbook(jalur, {"constant_memory": False})
    buku.set_properties({"author": "SIPD", "company": "Kementerian Dalam Negeri", "created": DICETAK})
    return buku


def _tulis_judul(lembar: Worksheet, judul: Sequence[str], tebal: Format) -> int:
    """Title rows, a blank row under them; returns the 0-based row where the header starts."""
    for i, teks in enumerate(judul):
        lembar.write_string(i, 0, teks, tebal)
    return len(judul) + 1


def _tulis_xlsx_usulan(jalur: Path, lembar: Sequence[tuple[str, str, pd.DataFrame]], petunjuk: bool) -> int:
    """A Bappeda's recap workbook: one sheet per province (name and year only in the title rows), a
    'No' column, and footers 'Jumlah' and 'Dicetak pada ...'; optionally a text-only 'Petunjuk' sheet.
    Returns the Excel row of the first data row (the same on every sheet)."""
    with _buku_kerja(jalur) as buku:
        tebal = buku.add_format({"bold": True})
        kepala = buku.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                                  "valign": "vcenter", "bg_color": "#D9E1F2"})
        rupiah = buku.add_format({"num_format": "#,##0"})
        if petunjuk:
            ws = buku.add_worksheet("Petunjuk")
            for i, teks in enumerate(("PETUNJUK", "1. Satu lembar memuat usulan satu provinsi hasil unduhan SIPD.",
                                      "2. Prioritas Nasional dan Major Project mengacu pada RKP 2022.",
                                      "3. Pagu indikatif dalam Rupiah.")):
                ws.write_string(i, 0, teks)
        for nama_lembar, provinsi, tampilan in lembar:
            ws = buku.add_worksheet(nama_lembar)
            baris_kepala = _tulis_judul(
                ws, ["REKAPITULASI USULAN RAKORTEKRENBANG", f"PROVINSI {provinsi.upper()}", f"TAHUN {TAHUN_RENCANA}"],
                tebal)
            data = _data(tampilan)
            data.insert(0, "No", range(1, len(data) + 1))
            ws.write_row(baris_kepala, 0, data.columns, kepala)
            for i, baris in enumerate(data.itertuples(index=False), start=baris_kepala + 1):
                ws.write_row(i, 0, baris)
            kolom_pagu = data.columns.get_loc("Pagu Indikatif (Rp)")
            ws.set_column(kolom_pagu, kolom_pagu, 18, rupiah)
            akhir = baris_kepala + len(data)
            ws.write_string(akhir + 1, 0, "Jumlah", tebal)
            rentang = xl_range(baris_kepala + 1, kolom_pagu, akhir, kolom_pagu)
            ws.write_formula(akhir + 1, kolom_pagu, f"=SUM({rentang})", rupiah,
                             sum(v for v in data.iloc[:, kolom_pagu] if isinstance(v, (int, float))))
            ws.write_string(akhir + 3, 0, f"Dicetak pada {DICETAK:%d/%m/%Y %H:%M}")
    return baris_kepala + 2


def _tulis_xlsx_target(jalur: Path, tampilan: pd.DataFrame) -> int:
    """The macro target recap: title rows, then a header over two rows, 'Target 2022' merged over
    'Nasional', 'Daerah', 'Kesepakatan' and the other headers merged down both rows."""
    kelompok = ("Nasional", "Daerah", "Kesepakatan")
    with _buku_kerja(jalur) as buku:
        tebal = buku.add_format({"bold": True})
        kepala = buku.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center",
                                  "valign": "vcenter", "bg_color": "#E2EFDA"})
        ws = buku.add_worksheet("Target Makro")
        atas = _tulis_judul(ws, ["REKAPITULASI TARGET INDIKATOR MAKRO PEMBANGUNAN",
                                 "HASIL RAKORTEKRENBANG 2021", f"TAHUN {TAHUN_RENCANA}"], tebal)
        data = _data(tampilan)
        data.insert(0, "No", range(1, len(data) + 1))
        for j, nama in enumerate(data.columns):
            if nama in kelompok:
                ws.write_string(atas + 1, j, nama, kepala)
            else:
                ws.merge_range(atas, j, atas + 1, j, nama, kepala)
        pertama = data.columns.get_loc(kelompok[0])
        ws.merge_range(atas, pertama, atas, pertama + len(kelompok) - 1, f"Target {TAHUN_RENCANA}", kepala)
        for i, baris in enumerate(data.itertuples(index=False), start=atas + 2):
            ws.write_row(i, 0, baris)
        ws.write_string(atas + 3 + len(data), 0, f"Dicetak pada {DICETAK:%d/%m/%Y %H:%M}")
    return atas + 3


class _Manifes:
    """What was written and what a correct load must give, computed from the views as written."""

    def __init__(self, folder: Path, seed: int, skala: int):
        self.folder = folder
        self.isi = {"seed": seed, "skala": skala, "files": {}, "ditanam": [], "duplikat": [], "gagal": [],
                    "expected": {USULAN.nama: 0, TARGET_INDIKATOR.nama: 0, DESK_SESI.nama: 0, "pagu_total": 0}}

    def catat(self, jalur: Path, kind: str, tampilan: pd.DataFrame, baris_pertama: int | np.ndarray) -> None:
        """Count a written view (or one sheet of a workbook): its rows, planted cells, duplicates, loadable rows.

        ``baris_pertama`` is the row of the first data row (the others follow it), or each row's own row."""
        baris = baris_pertama + np.arange(len(tampilan)) if np.isscalar(baris_pertama) else baris_pertama
        nama = jalur.relative_to(self.folder).as_posix()
        berkas = self.isi["files"].setdefault(nama, {"kind": kind, "rows_data": 0})
        berkas["rows_data"] += len(tampilan)
        rusak = tampilan["_rusak"].notna().to_numpy() if "_rusak" in tampilan else np.zeros(len(tampilan), bool)
        ganda = tampilan["_ganda"].to_numpy(dtype=bool) if "_ganda" in tampilan else np.zeros(len(tampilan), bool)
        ditolak = np.zeros(len(tampilan), bool)
        for i in np.flatnonzero(rusak):
            r = tampilan.at[i, "_rusak"]
            nilai = tampilan.at[i, r.kepala]
            kolom = hanya_kolom(tabel(kind).kolom_bernama(r.kolom))
            ditolak[i] = not kolom
            self.isi["ditanam"].append({"file": nama, "row": int(baris[i]), "column": r.kolom,
                                        "value": "" if nilai is None else str(nilai),
                                        "scope": "field" if kolom else "row"})
        self.isi["duplikat"] += [{"file": nama, "row": int(baris[i])} for i in np.flatnonzero(ganda)]
        dimuat = ~(ditolak | ganda)
        self.isi["expected"][kind] += int(dimuat.sum())
        if "_pagu" in tampilan:
            self.isi["expected"]["pagu_total"] += int(tampilan["_pagu"].to_numpy(dtype=np.int64)[dimuat].sum())

    def gagal(self, jalur: Path, baris: int) -> None:
        nama = jalur.relative_to(self.folder).as_posix()
        self.isi["files"][nama] = {"kind": None, "rows_data": baris}
        self.isi["gagal"].append(nama)

    def simpan(self) -> dict:
        (self.folder / "MANIFEST").write_text(json.dumps(self.isi, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
        return self.isi


# --- The files -----------------------------------------------------------------------------------

_PROVINSI_PER_BENTUK = {"csv_bappeda": 7, "xlsx": 6, "csv_sipd": 8, "json_sipd": 7}
"""How many provinces each usulan layout carries (scale <= SKALA_POTONGAN); the rest go to the JSON list."""

_CATATAN_RAPAT = pd.DataFrame(
    [("25/02/2021 09:00", "Pembukaan Rakortekrenbang 2021", "Mendagri, Menteri PPN/Kepala Bappenas, gubernur"),
     ("25/02/2021 13:00", "Pleno arah kebijakan RKP 2022", "K/L, Bappeda provinsi"),
     ("04/03/2021 15:30", "Evaluasi kemajuan desk hari ketujuh", "Ditjen Bina Bangda, Kementerian PPN/Bappenas")],
    columns=["Waktu", "Agenda", "Peserta"])
"""Meeting notes someone saved into the export folder: a file the loader must refuse on its own."""


def _nama_berkas(teks: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in teks.lower()).strip("_")


def _bagi_provinsi(rng: np.random.Generator, r: _Rujukan) -> dict[str, list[str]]:
    """Which usulan layout carries which province: the provinces with the most name spellings go to
    the Bappeda CSV (which names provinces), the others are shuffled over the other layouts."""
    ragam = r.provinsi.varian.map(lambda v: len(bagi(v)))
    urut = r.provinsi.kode_provinsi[ragam.sort_values(ascending=False, kind="stable").index].to_numpy()
    banyak = list(_PROVINSI_PER_BENTUK.values())
    sisa = np.concatenate([urut[:banyak[0]], rng.permutation(urut[banyak[0]:])])
    bagian = np.split(sisa, np.cumsum(banyak))
    return {bentuk: sorted(kode) for bentuk, kode in zip([*_PROVINSI_PER_BENTUK, "json_daftar"], bagian)}


def _tulis_usulan_ragam(folder: Path, u: pd.DataFrame, r: _Rujukan, katalog: pd.DataFrame,
                        rng: np.random.Generator, manifes: _Manifes) -> None:
    """Each province's usulan in exactly one file, spread over every layout of the contract, with
    bad cells planted: 'PN9' and 'MP77' in workbooks and K/L '999' in the web-service JSON (unknown
    codes: those proposals load with the field empty), province '99' and a duplicate in SIPD's CSV,
    pagu 'abc' in the Bappeda CSV, a negative pagu and a missing id in the JSON list (rejected rows)."""
    bentuk = _bagi_provinsi(rng, r)

    def dari(kode: list[str]) -> pd.DataFrame:
        return u[u.kode_provinsi.isin(kode)].reset_index(drop=True)

    rusak_xlsx = [[_Rusak("Prioritas Nasional", "kode_pn", "PN9")], [_Rusak("Major Project", "kode_mp", "MP77")]]
    tunggal, ganda = bentuk["xlsx"][:-2], bentuk["xlsx"][-2:]
    for i, kode in enumerate(tunggal):
        nama = r.nama_provinsi[kode]
        jalur = folder / f"rekap_usulan_{kode}_{_nama_berkas(nama)}.xlsx"
        t = _tanam(_usulan_xlsx(dari([kode])), rng, rusak_xlsx[i] if i < len(rusak_xlsx) else ())
        manifes.catat(jalur, USULAN.nama, t, _tulis_xlsx_usulan(jalur, [("Rekap Usulan", nama, t)], petunjuk=False))
    jalur = folder / f"rekap_usulan_{'_'.join(ganda)}.xlsx"
    pendek = dict(zip(r.provinsi.kode_provinsi, r.provinsi.nama_pendek))
    lembar = [(pendek[k], r.nama_provinsi[k], _tanam(_usulan_xlsx(dari([k])), rng)) for k in ganda]
    baris = _tulis_xlsx_usulan(jalur, lembar, petunjuk=True)
    for *_, t in lembar:
        manifes.catat(jalur, USULAN.nama, t, baris)

    jalur = folder / "ekspor_sipd_usulan_20210304.csv"
    t = _tanam(_usulan_csv_sipd(dari(bentuk["csv_sipd"]), r, rng), rng,
               [_Rusak("Kode Provinsi", "kode_provinsi", "99")], duplikat=1)
    manifes.catat(jalur, USULAN.nama, t, _tulis_csv(jalur, t, pemisah=";", encoding="utf-8-sig"))

    jalur = folder / "usulan_bappeda_provinsi.csv"
    t = _tanam(_usulan_csv_bappeda(dari(bentuk["csv_bappeda"]), r, rng), rng, [_Rusak("Pagu", "pagu", "abc")])
    manifes.catat(jalur, USULAN.nama, t,
                  _tulis_csv(jalur, t, encoding="cp1252", kutip="all_valid", akhir_baris="\r\n"))

    jalur = folder / "api_sipd_usulan.json"
    t = _tanam(_usulan_json_sipd(dari(bentuk["json_sipd"]), r, katalog), rng, [_Rusak("kode_kl", "kode_kl", "999")])
    manifes.catat(jalur, USULAN.nama, t, _tulis_json(jalur, t, bungkus=True))

    jalur = folder / "usulan_daftar.json"
    t = _tanam(_usulan_json_kanonik(dari(bentuk["json_daftar"])), rng,
               [_Rusak("pagu", "pagu", lambda pagu: -pagu), _Rusak("id_usulan", "id_usulan", None)])
    manifes.catat(jalur, USULAN.nama, t, _tulis_json(jalur, t, bungkus=False))


def _tulis_usulan_potongan(folder: Path, u: pd.DataFrame, r: _Rujukan, rng: np.random.Generator,
                           manifes: _Manifes) -> None:
    """National-size usulan as ';'-separated UTF-8 chunks in SIPD's CSV layout, BARIS_PER_POTONGAN rows each."""
    for nomor, awal in enumerate(range(0, len(u), BARIS_PER_POTONGAN), start=1):
        t = _usulan_csv_sipd(u.iloc[awal:awal + BARIS_PER_POTONGAN].reset_index(drop=True), r, rng)
        jalur = folder / f"usulan_nasional_{nomor:03d}.csv"
        manifes.catat(jalur, USULAN.nama, t, _tulis_csv(jalur, t, pemisah=";"))


def _tulis_target(folder: Path, t: pd.DataFrame, r: _Rujukan, rng: np.random.Generator, manifes: _Manifes) -> None:
    """Macro targets as a recap workbook; urusan targets as a tab-separated list with tahun 2050 planted."""
    makro = t[t.jenis == "makro"].reset_index(drop=True)
    jalur = folder / f"rekap_target_makro_{TAHUN_RENCANA}.xlsx"
    x = _tanam(_target_xlsx(makro, r, rng), rng)
    manifes.catat(jalur, TARGET_INDIKATOR.nama, x, _tulis_xlsx_target(jalur, x))

    urusan = t[t.jenis == "urusan"].reset_index(drop=True)
    jalur = folder / "target_indikator_urusan.csv"
    v = _tanam(_target_tsv(urusan), rng, [_Rusak("Tahun", "tahun", 2050)])
    manifes.catat(jalur, TARGET_INDIKATOR.nama, v, _tulis_csv(jalur, v, pemisah="\t"))


def _tulis_desk_sesi(folder: Path, sesi: pd.DataFrame, r: _Rujukan, rng: np.random.Generator,
                     manifes: _Manifes) -> None:
    """The first half of the desks as a CSV download (an impossible date and a duplicate planted), the
    second half from the web service (a desk number one past the last planted)."""
    s = sesi.sort_values(["desk_no", "kode_provinsi"]).reset_index(drop=True)
    tengah = r.desk.desk_no.iloc[len(r.desk) // 2 - 1]
    awal, akhir = s[s.desk_no <= tengah].reset_index(drop=True), s[s.desk_no > tengah].reset_index(drop=True)

    jalur = folder / f"jadwal_desk_{awal.desk_no.min():02d}-{awal.desk_no.max():02d}.csv"
    t = _tanam(_desk_sesi_csv(awal, r), rng, [_Rusak("Jadwal", "tanggal_jadwal", "30/02/2021")], duplikat=1)
    manifes.catat(jalur, DESK_SESI.nama, t, _tulis_csv(jalur, t, kutip="needed"))

    jalur = folder / f"sesi_desk_{akhir.desk_no.min():02d}-{akhir.desk_no.max():02d}.json"
    t = _tanam(_desk_sesi_json(akhir, rng), rng, [_Rusak("desk_no", "desk_no", int(r.desk.desk_no.max()) + 1)])
    manifes.catat(jalur, DESK_SESI.nama, t, _tulis_json(jalur, t, bungkus=False))


def _hapus_sampel_lama(folder: Path) -> None:
    """Remove the files an earlier run listed in folder/MANIFEST, so that a folder never mixes two
    samples (another scale or seed); nothing else in the folder is touched."""
    lama = folder / "MANIFEST"
    if lama.exists():
        for nama in json.loads(lama.read_text(encoding="utf-8"))["files"]:
            (folder / nama).unlink(missing_ok=True)


def tulis_sampel(folder: Path, skala: int = 1, seed: int = 2021) -> dict:
    """Write realistic SIPD exports of all three kinds under ``folder``. Returns the manifest.

    ``skala`` 1 is the small sample under data/sample: the 34 provinces of the 2021 edition with
    25-45 usulan each, spread over every layout and quirk of sipd-exports.md, about ten bad rows
    and two exact duplicates planted, and one file no loader can recognise. ``skala`` N > 1 adds
    the 514 kabupaten/kota and about 2N usulan per government (2000 gives ~2 million); above
    SKALA_POTONGAN the usulan are written as plain CSV chunks. Targets and desk sessions stay at
    national size. The same seed writes the same bytes. Files of an earlier run listed in
    ``folder/MANIFEST`` are removed first.

    The manifest, also written to ``folder/MANIFEST`` (no extension, so the loader never reads it),
    lists each file's kind and data rows, the planted cells and duplicates with the row a person
    sees, the file that must fail, and what a correct load gives.
    """
    if skala < 1:
        raise ValueError(f"skala harus 1 atau lebih, bukan {skala}")
    folder = Path(folder)
    rng = np.random.default_rng(seed)
    r = _baca_rujukan()
    katalog = _katalog()
    sesi = _desk_sesi(rng, r)
    usulan = _usulan(rng, r, katalog, sesi, skala)
    sesi["jumlah_usulan_dibahas"] = _jumlah_dibahas(rng, sesi, usulan, len(r.desk))
    target = _target_indikator(rng, r, sesi)

    _hapus_sampel_lama(folder)
    manifes = _Manifes(folder, seed, skala)
    if skala > SKALA_POTONGAN:
        _tulis_usulan_potongan(folder / "usulan", usulan, r, rng, manifes)
    else:
        _tulis_usulan_ragam(folder / "usulan", usulan, r, katalog, rng, manifes)
    _tulis_target(folder / "target_indikator", target, r, rng, manifes)
    _tulis_desk_sesi(folder / "desk_sesi", sesi, r, rng, manifes)
    jalur = folder / "lain" / "catatan_rapat.csv"
    _tulis_csv(jalur, _CATATAN_RAPAT, pemisah=";")
    manifes.gagal(jalur, len(_CATATAN_RAPAT))
    return manifes.simpan()
