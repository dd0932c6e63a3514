-- Scalar normalisers for raw export cells (all VARCHAR). Created as TEMP macros on
-- the load connection; the loader composes them per column (etl/normalisasi.py).

-- A cell that means "no value": '', '-', 'n/a', 'tidak ada', ...
CREATE OR REPLACE TEMP MACRO kosong(s) AS
  s IS NULL OR regexp_full_match(lower(trim(s)), '(|-+|–|—|n/?a|tidak ada|null|none|nan|#n/a)');

-- The matching key of a value: lower case, letters and digits only.
CREATE OR REPLACE TEMP MACRO kunci(s) AS lower(regexp_replace(s, '[^A-Za-z0-9]', '', 'g'));

-- A province key also drops the prefixes 'Provinsi' and 'Prov.'.
CREATE OR REPLACE TEMP MACRO kunci_provinsi(s) AS
  kunci(regexp_replace(trim(s), '^(?i)(provinsi|prov\.?)\s*', ''));

-- Strip 'Rp', spaces (also no-break) and a trailing '%'.
CREATE OR REPLACE TEMP MACRO angka_bersih(s) AS
  regexp_replace(regexp_replace(trim(s), '^(?i)rp\.?', ''), '[\s\x{00A0}%]', '', 'g');

-- Indonesian notation first ('1.234.567,89', '5,2'), then plain ('5.2', '1,234,567.89').
CREATE OR REPLACE TEMP MACRO angka_teks(t) AS CASE
  WHEN regexp_full_match(t, '[+-]?\d{1,3}(\.\d{3})+(,\d+)?') THEN replace(replace(t, '.', ''), ',', '.')
  WHEN regexp_full_match(t, '[+-]?\d+(,\d+)?') THEN replace(t, ',', '.')
  WHEN regexp_full_match(t, '[+-]?\d*\.\d+') THEN t
  WHEN regexp_full_match(t, '[+-]?\d{1,3}(,\d{3})+(\.\d+)?') THEN replace(t, ',', '')
  WHEN regexp_full_match(t, '[+-]?\d+(\.\d+)?[eE][+-]?\d+') THEN t
END;

CREATE OR REPLACE TEMP MACRO angka_id(s) AS
  CASE WHEN kosong(s) THEN NULL ELSE TRY_CAST(angka_teks(angka_bersih(s)) AS DOUBLE) END;

-- One end of a range: '5,2 - 5,8', '5,2–5,8', '5,2 s.d. 5,8'; a single value is both ends.
CREATE OR REPLACE TEMP MACRO rentang_bagian(s, i) AS regexp_extract(trim(s),
  '^([+-]?[0-9][0-9.,]*\s*%?)\s*(?:-|–|—|s\.?\s?d\.?|sampai|hingga)\s*([+-]?[0-9][0-9.,]*\s*%?)$', i);

CREATE OR REPLACE TEMP MACRO rentang_min(s) AS CASE
  WHEN kosong(s) THEN NULL
  WHEN rentang_bagian(s, 1) <> '' THEN least(angka_id(rentang_bagian(s, 1)), angka_id(rentang_bagian(s, 2)))
  ELSE angka_id(s) END;

CREATE OR REPLACE TEMP MACRO rentang_max(s) AS CASE
  WHEN kosong(s) THEN NULL
  WHEN rentang_bagian(s, 1) <> '' THEN greatest(angka_id(rentang_bagian(s, 1)), angka_id(rentang_bagian(s, 2)))
  ELSE angka_id(s) END;

-- Dates: ISO (also from Excel cells), '25/02/2021', '25-02-2021', '25 Februari 2021', '1 Mar 2021'.
-- An impossible date such as '30/02/2021' gives NULL.
CREATE OR REPLACE TEMP MACRO tanggal_bulan_nama(s) AS concat_ws(' ',
  regexp_extract(lower(trim(s)), '^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$', 1),
  bulan_ke_angka(regexp_extract(lower(trim(s)), '^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$', 2)),
  regexp_extract(lower(trim(s)), '^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$', 3));

CREATE OR REPLACE TEMP MACRO tanggal_id(s) AS CASE WHEN kosong(s) THEN NULL ELSE coalesce(
  CAST(try_strptime(trim(s), ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y', '%Y/%m/%d',
                              '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S'])
       AS DATE),
  CAST(try_strptime(tanggal_bulan_nama(s), '%d %m %Y') AS DATE)) END;

-- Whole numbers: a number with no fraction.
CREATE OR REPLACE TEMP MACRO bulat_id(s) AS
  CASE WHEN angka_id(s) = floor(angka_id(s)) THEN CAST(angka_id(s) AS BIGINT) END;

-- kode_kabkota: '32.01' and '3201' mean '3201'.
CREATE OR REPLACE TEMP MACRO kabkota_id(s) AS
  CASE WHEN regexp_full_match(regexp_replace(trim(s), '[.\s]', '', 'g'), '\d{4}')
       THEN regexp_replace(trim(s), '[.\s]', '', 'g') END;

-- The urusan 'X.YY' a sub-kegiatan code starts with: '1.02.02.2.02.0001' belongs to '1.02'.
CREATE OR REPLACE TEMP MACRO urusan_dari_sub_kegiatan(s) AS
  nullif(regexp_extract(trim(s), '^(\d\.\d{2})(\.|$)', 1), '');
