-- Scalar normalisers for raw export cells (all VARCHAR). Created as TEMP macros on
-- the load connection; the loader composes them per column (etl/normalisasi.py).

-- A cell that means "no value": '', '-', 'n/a', 'tidak ada', ... with spaces around, in any case. (A CASE:
-- only its own branch is evaluated for a row. A pattern, not a list of values: the planner turns IN and
-- list_contains into a join, which costs a pipeline per use and would not keep the rows' order.)
CREATE OR REPLACE TEMP MACRO kosong(s) AS CASE
  WHEN s IS NULL THEN TRUE
  WHEN length(s) > 12 THEN FALSE
  ELSE regexp_full_match(s, ' *(|-|--|---|–|—|n/a|na|tidak ada|null|none|nan|#n/a) *', 'i')
END;

-- A text cell: trimmed, NULL when it means no value. A cell of more than 9 characters with no space at either
-- end is neither (no empty marker is longer), and most cells are such: they are taken as they are.
CREATE OR REPLACE TEMP MACRO teks_id(s) AS CASE
  WHEN s IS NULL THEN NULL
  WHEN length(s) > 9 AND NOT starts_with(s, ' ') AND NOT ends_with(s, ' ') THEN s
  WHEN kosong(s) THEN NULL
  ELSE trim(s)
END;

-- The matching key of a value: lower case, letters and digits only.
CREATE OR REPLACE TEMP MACRO kunci(s) AS lower(regexp_replace(s, '[^A-Za-z0-9]', '', 'g'));

-- A province key also drops the prefixes 'Provinsi' and 'Prov.'.
CREATE OR REPLACE TEMP MACRO kunci_provinsi(s) AS
  kunci(regexp_replace(trim(s), '^(?i)(provinsi|prov\.?)\s*', ''));

-- Strip 'Rp', spaces (also no-break) and a trailing '%'.
CREATE OR REPLACE TEMP MACRO angka_bersih(s) AS
  replace(replace(replace(replace(
    CASE WHEN starts_with(lower(ltrim(s)), 'rp') THEN ltrim(substr(ltrim(s), 3), '.') ELSE s END,
    ' ', ''), '%', ''), chr(160), ''), chr(9), '');

-- Indonesian notation first ('1.234.567,89', '5,2'), then plain ('5.2', '1,234,567.89'). Plain string
-- functions decide the common cases; a pattern is needed only for '1.234' (Indonesian thousands).
CREATE OR REPLACE TEMP MACRO angka_teks(t) AS CASE
  WHEN NOT contains(t, ',') AND NOT contains(t, '.') THEN t
  WHEN NOT contains(t, ',') THEN
       CASE WHEN regexp_full_match(t, '[+-]?\d{1,3}(\.\d{3})+') THEN replace(t, '.', '') ELSE t END
  WHEN contains(t, '.') AND strpos(t, '.') > strpos(t, ',') THEN replace(t, ',', '')
  ELSE replace(replace(t, '.', ''), ',', '.')
END;

-- The usual cell, Indonesian notation with or without 'Rp ' ('Rp 1.250.000,00', '1.234', '5,2', '15'), is
-- recognised by one pattern and read with two replacements; every other spelling takes the long way.
-- (A lambda binds a value once: a macro argument used twice would be computed twice.)
-- A number too large for a DOUBLE ('9' x 5.000, '1e400') or 'inf' is no number.
CREATE OR REPLACE TEMP MACRO angka_id(s) AS CASE
  WHEN regexp_full_match(s, '(Rp ?)?[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?')
       THEN list_filter([TRY_CAST(replace(replace(ltrim(s, 'Rp '), '.', ''), ',', '.') AS DOUBLE)],
                        lambda x: isfinite(x))[1]
  WHEN kosong(s) THEN NULL
  ELSE list_transform([angka_bersih(s)],
         lambda t: list_filter([TRY_CAST(angka_teks(t) AS DOUBLE)], lambda x: isfinite(x))[1])[1] END;

-- One end of a range: '5,2 - 5,8', '5,2–5,8', '5,2 s.d. 5,8'; a single value is both ends.
CREATE OR REPLACE TEMP MACRO rentang_bagian(s, i) AS regexp_extract(trim(s),
  '^([+-]?[0-9][0-9.,]*\s*%?)\s*(?:-|–|—|s\.?\s?d\.?|sampai|hingga)\s*([+-]?[0-9][0-9.,]*\s*%?)$', i);

CREATE OR REPLACE TEMP MACRO rentang_ujung(s) AS CASE WHEN kosong(s) THEN NULL
  ELSE list_transform([[rentang_bagian(s, 1), rentang_bagian(s, 2)]], lambda b:
         CASE WHEN b[1] <> '' THEN [angka_id(b[1]), angka_id(b[2])] ELSE [angka_id(s), angka_id(s)] END)[1] END;

CREATE OR REPLACE TEMP MACRO rentang_min(s) AS list_min(rentang_ujung(s));
CREATE OR REPLACE TEMP MACRO rentang_max(s) AS list_max(rentang_ujung(s));

-- Dates: ISO (also from Excel cells), '25/02/2021', '25-02-2021', '25 Februari 2021', '1 Mar 2021'.
-- An impossible date such as '30/02/2021' gives NULL.
CREATE OR REPLACE TEMP MACRO tanggal_bulan_nama(s) AS list_transform(
  [regexp_extract(lower(trim(s)), '^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})$', ['h', 'b', 't'])],
  lambda x: concat_ws(' ', x.h, bulan_ke_angka(x.b), x.t))[1];

CREATE OR REPLACE TEMP MACRO tanggal_id(s) AS CASE WHEN kosong(s) THEN NULL ELSE coalesce(
  CAST(try_strptime(trim(s), ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y', '%Y/%m/%d',
                              '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S'])
       AS DATE),
  CAST(try_strptime(tanggal_bulan_nama(s), '%d %m %Y') AS DATE)) END;

-- Whole numbers: a number with no fraction.
CREATE OR REPLACE TEMP MACRO bulat_id(s) AS CASE WHEN kosong(s) THEN NULL
  ELSE list_transform([angka_id(s)], lambda a: CASE WHEN a = floor(a) THEN CAST(a AS BIGINT) END)[1] END;

-- kode_kabkota: '32.01' and '3201' mean '3201'; so does an xlsx number cell 32.01 (read as '32,01').
-- Computed cell by cell (no kamus: see etl/normalisasi.py), so the usual two spellings take one pattern.
CREATE OR REPLACE TEMP MACRO kabkota_id(s) AS CASE
  WHEN regexp_full_match(s, '\d{2}\.?\d{2}') THEN replace(s, '.', '')
  WHEN regexp_full_match(regexp_replace(trim(s), '[.,\s]', '', 'g'), '\d{4}')
       THEN regexp_replace(trim(s), '[.,\s]', '', 'g') END;

-- The urusan 'X.YY' a sub-kegiatan code starts with: '1.02.02.2.02.0001' belongs to '1.02'.
CREATE OR REPLACE TEMP MACRO urusan_dari_sub_kegiatan(s) AS
  nullif(regexp_extract(trim(s), '^(\d\.\d{2})(\.|$)', 1), '');

-- An indicator's name as a key: lower-case words, any run of other characters one space
-- ('Prevalensi  Stunting (%)' and 'prevalensi stunting %' are one indicator).
CREATE OR REPLACE TEMP MACRO kunci_nama(s) AS
  nullif(trim(lower(regexp_replace(s, '[^\p{L}\p{N}]+', ' ', 'g'))), '');
