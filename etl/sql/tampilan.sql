-- The measures of Selaras, defined once. The pages, the downloads, the tests and analysts all read these.
--
-- etl.muat runs this file after every load (pasang_tampilan); the dashboard runs it on its own in-memory
-- connection, ahead of the file's copies. Every statement is idempotent and works on a database with no rows.
--
-- Filtered measures are table macros with one signature:
--   (p_tahun INTEGER, p_provinsi VARCHAR[], p_kl VARCHAR[], p_pn VARCHAR[], p_mp VARCHAR[], p_desk INTEGER[])
-- An empty list means "all". In p_pn and p_mp the code '-' stands for "none" (a proposal with no PN/MP),
-- which the drill-down uses. Each macro says which filters it uses; the others do not apply to its data.
--   SELECT * FROM keselarasan_provinsi(2022, ['32', '33'], [], [], [], []);
-- The v_* views give the same measures, unfiltered, for every plan year in the data.

-- A filter matches a value when the filter is empty or holds the value.
CREATE OR REPLACE MACRO cocok(pilihan, nilai) AS len(pilihan) = 0 OR list_contains(pilihan, nilai);

-- Agreed proposals: the ones that count as serving a Major Project.
CREATE OR REPLACE MACRO usulan_disetujui(status) AS status IN ('disetujui', 'disetujui_catatan');

-- Where a value stands against a national target range, given which way is better:
-- 'memenuhi' at or beyond the better end, 'dalam_rentang' inside the range, 'di_bawah' on the worse side.
CREATE OR REPLACE MACRO kelas_target(nilai, nasional_min, nasional_max, arah) AS CASE
  WHEN nilai IS NULL OR arah IS NULL OR coalesce(nasional_min, nasional_max) IS NULL THEN NULL
  WHEN arah = 'turun' AND nilai <= coalesce(nasional_min, nasional_max) THEN 'memenuhi'
  WHEN arah = 'turun' AND nilai <= coalesce(nasional_max, nasional_min) THEN 'dalam_rentang'
  WHEN arah = 'turun' THEN 'di_bawah'
  WHEN nilai >= coalesce(nasional_max, nasional_min) THEN 'memenuhi'
  WHEN nilai >= coalesce(nasional_min, nasional_max) THEN 'dalam_rentang'
  ELSE 'di_bawah' END;

-- ---------------------------------------------------------------------------------------------
-- Reference lists for a plan year
-- ---------------------------------------------------------------------------------------------

-- Provinces that exist in a plan year, with their tile-map position.
CREATE OR REPLACE MACRO provinsi_tahun(p_tahun) AS TABLE
  SELECT kode_provinsi, nama_provinsi, nama_pendek, kelompok_pulau, grid_kolom, grid_baris
  FROM ref_provinsi WHERE berlaku_mulai <= p_tahun;

-- The plan period (RPJMN) a plan year belongs to: the one whose PN and MP lists its rows are checked against
-- (ref_periode, written by the loader from the lists; the first and last periods reach to the year range's ends).
CREATE OR REPLACE MACRO periode_tahun(p_tahun) AS
  (SELECT any_value(periode) FROM ref_periode WHERE p_tahun BETWEEN tahun_mulai AND tahun_selesai);

-- The Prioritas Nasional of the plan period that holds the year.
CREATE OR REPLACE MACRO pn_tahun(p_tahun) AS TABLE
  SELECT periode, kode_pn, nama_pn, nama_pendek, nama_en
  FROM ref_pn WHERE periode = periode_tahun(p_tahun);

-- The Major Projects of the plan period that holds the year.
CREATE OR REPLACE MACRO mp_tahun(p_tahun) AS TABLE
  SELECT m.periode, m.kode_mp, m.kode_pn, m.nama_mp, m.nama_pendek
  FROM ref_mp m
  WHERE m.periode = periode_tahun(p_tahun);

-- ---------------------------------------------------------------------------------------------
-- Keselarasan: proposals aligned to PN and MP
-- ---------------------------------------------------------------------------------------------

-- Proposals of a year under every filter.
CREATE OR REPLACE MACRO usulan_pilih(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT * FROM usulan
  WHERE tahun = p_tahun
    AND cocok(p_provinsi, kode_provinsi)
    AND cocok(p_kl, kode_kl)
    AND cocok(p_pn, coalesce(kode_pn, '-'))
    AND cocok(p_mp, coalesce(kode_mp, '-'))
    AND cocok(p_desk, desk_no);

-- The proposals behind a figure, with names, for the drill-down and its download; each with its source
-- (the file as the latest load that read those bytes named it, the sheet, the row) and the fields whose
-- code was not on the reference lists (kolom_ditandai).
CREATE OR REPLACE MACRO usulan_rinci(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT u.id_usulan, u.kode_provinsi, p.nama_provinsi, u.kode_kl, k.singkatan AS nama_kl,
         u.kode_sub_kegiatan, u.nama_sub_kegiatan, u.kode_pn, u.kode_mp, m.nama_pendek AS nama_mp,
         u.desk_no, u.pagu, u.sumber_dana, u.status, u.tanggapan,
         array_to_string(u.kolom_ditandai, ', ') AS kolom_ditandai,
         f.file AS sumber_berkas, u.sumber_lembar, u.sumber_baris, u.sumber_sha256
  FROM usulan_pilih(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) u
  LEFT JOIN ref_provinsi p USING (kode_provinsi)
  LEFT JOIN ref_kl k USING (kode_kl)
  LEFT JOIN mp_tahun(p_tahun) m USING (kode_mp)
  LEFT JOIN (SELECT sha256, arg_max(file, run_id) AS file FROM etl_files WHERE status = 'loaded' GROUP BY sha256) f
    ON f.sha256 = u.sumber_sha256
  ORDER BY u.pagu DESC NULLS LAST, u.id_usulan;

-- Per province: share of proposals, by count and by pagu, tagged to a PN and to an MP; MP coverage;
-- how many of the proposals counted are agreed (disetujui, with or without notes).
-- The PN filter chooses which PN count as aligned, the MP filter which MP; the other filters
-- (province, K/L, desk, and MP for the PN share, PN for the MP share) limit the proposals counted.
-- A proposal whose PN or MP code was not on the reference list is loaded with that code empty and
-- counts as not aligned; usulan_ditandai counts the proposals (of jumlah_usulan) with any code left
-- empty that way, usulan_pn_ditandai and usulan_mp_ditandai those whose PN or MP code it was.
-- MP coverage: of the MPs located in the province, how many have at least one agreed proposal.
CREATE OR REPLACE MACRO keselarasan_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH u AS (
    SELECT kode_provinsi,
           count(*) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-')) AND cocok(p_mp, coalesce(kode_mp, '-')))
             AS jumlah_usulan,
           coalesce(sum(pagu) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-'))
                                        AND cocok(p_mp, coalesce(kode_mp, '-'))), 0) AS pagu,
           count(*) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-')) AND cocok(p_mp, coalesce(kode_mp, '-'))
                              AND usulan_disetujui(status)) AS usulan_disetujui,
           count(*) FILTER (WHERE cocok(p_mp, coalesce(kode_mp, '-'))) AS usulan_dasar_pn,
           coalesce(sum(pagu) FILTER (WHERE cocok(p_mp, coalesce(kode_mp, '-'))), 0) AS pagu_dasar_pn,
           count(*) FILTER (WHERE cocok(p_mp, coalesce(kode_mp, '-')) AND kode_pn IS NOT NULL
                              AND cocok(p_pn, kode_pn)) AS usulan_pn,
           coalesce(sum(pagu) FILTER (WHERE cocok(p_mp, coalesce(kode_mp, '-')) AND kode_pn IS NOT NULL
                                        AND cocok(p_pn, kode_pn)), 0) AS pagu_pn,
           count(*) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-'))) AS usulan_dasar_mp,
           coalesce(sum(pagu) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-'))), 0) AS pagu_dasar_mp,
           count(*) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-')) AND kode_mp IS NOT NULL
                              AND cocok(p_mp, kode_mp)) AS usulan_mp,
           coalesce(sum(pagu) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-')) AND kode_mp IS NOT NULL
                                        AND cocok(p_mp, kode_mp)), 0) AS pagu_mp,
           count(*) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-')) AND cocok(p_mp, coalesce(kode_mp, '-'))
                              AND len(coalesce(kolom_ditandai, [])) > 0) AS usulan_ditandai,
           count(*) FILTER (WHERE cocok(p_mp, coalesce(kode_mp, '-'))
                              AND list_contains(kolom_ditandai, 'kode_pn')) AS usulan_pn_ditandai,
           count(*) FILTER (WHERE cocok(p_pn, coalesce(kode_pn, '-'))
                              AND list_contains(kolom_ditandai, 'kode_mp')) AS usulan_mp_ditandai
    FROM usulan_pilih(p_tahun, p_provinsi, p_kl, [], [], p_desk)
    GROUP BY kode_provinsi),
  c AS (
    SELECT kode_provinsi, count(*) AS mp_berlokasi, count(*) FILTER (WHERE terlayani) AS mp_terlayani
    FROM cakupan_mp(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
    WHERE berlokasi
    GROUP BY kode_provinsi)
  SELECT p.kode_provinsi, p.nama_provinsi, p.nama_pendek, p.kelompok_pulau, p.grid_kolom, p.grid_baris,
         coalesce(u.jumlah_usulan, 0) AS jumlah_usulan, coalesce(u.pagu, 0) AS pagu,
         coalesce(u.usulan_disetujui, 0) AS usulan_disetujui,
         coalesce(u.usulan_dasar_pn, 0) AS usulan_dasar_pn, coalesce(u.pagu_dasar_pn, 0) AS pagu_dasar_pn,
         coalesce(u.usulan_pn, 0) AS usulan_pn, coalesce(u.pagu_pn, 0) AS pagu_pn,
         u.usulan_pn / nullif(u.usulan_dasar_pn, 0) AS porsi_usulan_pn,
         u.pagu_pn / nullif(u.pagu_dasar_pn, 0) AS porsi_pagu_pn,
         coalesce(u.usulan_dasar_mp, 0) AS usulan_dasar_mp, coalesce(u.pagu_dasar_mp, 0) AS pagu_dasar_mp,
         coalesce(u.usulan_mp, 0) AS usulan_mp, coalesce(u.pagu_mp, 0) AS pagu_mp,
         u.usulan_mp / nullif(u.usulan_dasar_mp, 0) AS porsi_usulan_mp,
         u.pagu_mp / nullif(u.pagu_dasar_mp, 0) AS porsi_pagu_mp,
         coalesce(c.mp_berlokasi, 0) AS mp_berlokasi, coalesce(c.mp_terlayani, 0) AS mp_terlayani,
         c.mp_terlayani / nullif(c.mp_berlokasi, 0) AS cakupan_mp,
         coalesce(u.usulan_ditandai, 0) AS usulan_ditandai, coalesce(u.usulan_pn_ditandai, 0) AS usulan_pn_ditandai,
         coalesce(u.usulan_mp_ditandai, 0) AS usulan_mp_ditandai
  FROM provinsi_tahun(p_tahun) p
  LEFT JOIN u USING (kode_provinsi)
  LEFT JOIN c USING (kode_provinsi)
  WHERE cocok(p_provinsi, p.kode_provinsi)
  ORDER BY p.kode_provinsi;

-- The same shares over all provinces in view: one row (counts 0, shares NULL when nothing matches).
CREATE OR REPLACE MACRO keselarasan_nasional(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT coalesce(sum(jumlah_usulan), 0) AS jumlah_usulan, coalesce(sum(pagu), 0) AS pagu,
         coalesce(sum(usulan_disetujui), 0) AS usulan_disetujui,
         coalesce(sum(usulan_pn), 0) AS usulan_pn, coalesce(sum(pagu_pn), 0) AS pagu_pn,
         sum(usulan_pn) / nullif(sum(usulan_dasar_pn), 0) AS porsi_usulan_pn,
         sum(pagu_pn) / nullif(sum(pagu_dasar_pn), 0) AS porsi_pagu_pn,
         coalesce(sum(usulan_mp), 0) AS usulan_mp, coalesce(sum(pagu_mp), 0) AS pagu_mp,
         sum(usulan_mp) / nullif(sum(usulan_dasar_mp), 0) AS porsi_usulan_mp,
         sum(pagu_mp) / nullif(sum(pagu_dasar_mp), 0) AS porsi_pagu_mp,
         coalesce(sum(mp_berlokasi), 0) AS mp_berlokasi, coalesce(sum(mp_terlayani), 0) AS mp_terlayani,
         sum(mp_terlayani) / nullif(sum(mp_berlokasi), 0) AS cakupan_mp,
         coalesce(sum(usulan_ditandai), 0) AS usulan_ditandai,
         coalesce(sum(usulan_pn_ditandai), 0) AS usulan_pn_ditandai,
         coalesce(sum(usulan_mp_ditandai), 0) AS usulan_mp_ditandai
  FROM keselarasan_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk);

-- Province x PN: each province's proposals per PN ('-' = no PN), as a share of all its proposals.
-- Filters: province, K/L, MP and desk limit the proposals; the PN filter chooses the columns.
CREATE OR REPLACE MACRO keselarasan_pn(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH u AS (
    SELECT kode_provinsi, coalesce(kode_pn, '-') AS kode_pn, count(*) AS jumlah_usulan,
           coalesce(sum(pagu), 0) AS pagu
    FROM usulan_pilih(p_tahun, p_provinsi, p_kl, [], p_mp, p_desk)
    GROUP BY ALL),
  t AS (
    SELECT *, sum(jumlah_usulan) OVER w AS usulan_provinsi, sum(pagu) OVER w AS pagu_provinsi
    FROM u WINDOW w AS (PARTITION BY kode_provinsi))
  SELECT t.kode_provinsi, p.nama_pendek, t.kode_pn, coalesce(n.nama_pendek, 'Tanpa PN') AS nama_pn,
         t.jumlah_usulan, t.pagu,
         t.jumlah_usulan / nullif(t.usulan_provinsi, 0) AS porsi_usulan,
         t.pagu / nullif(t.pagu_provinsi, 0) AS porsi_pagu
  FROM t
  JOIN provinsi_tahun(p_tahun) p USING (kode_provinsi)
  LEFT JOIN pn_tahun(p_tahun) n USING (kode_pn)
  WHERE cocok(p_pn, t.kode_pn)
  ORDER BY t.kode_provinsi, t.kode_pn;

-- Province x MP: whether the MP is located in the province in that plan year (ref_mp_lokasi: a place
-- whose province was split counts in one province per year), its proposals there, and whether at least
-- one of them is agreed (the MP is then served there). One row per pair that is located or has proposals.
-- Filters: province, K/L and desk limit the proposals; PN (the MP's own PN) and MP choose the MPs.
CREATE OR REPLACE MACRO cakupan_mp(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH mp AS (
    SELECT * FROM mp_tahun(p_tahun) WHERE cocok(p_mp, kode_mp) AND cocok(p_pn, kode_pn)),
  prov AS (
    SELECT * FROM provinsi_tahun(p_tahun) WHERE cocok(p_provinsi, kode_provinsi)),
  lokasi AS (
    SELECT DISTINCT l.kode_mp, l.kode_provinsi
    FROM ref_mp_lokasi l JOIN mp ON mp.periode = l.periode AND mp.kode_mp = l.kode_mp
     AND p_tahun BETWEEN l.tahun_mulai AND l.tahun_selesai
    JOIN prov ON prov.kode_provinsi = l.kode_provinsi),
  u AS (
    SELECT kode_mp, kode_provinsi, count(*) AS jumlah_usulan,
           count(*) FILTER (WHERE usulan_disetujui(status)) AS usulan_disetujui,
           coalesce(sum(pagu), 0) AS pagu
    FROM usulan_pilih(p_tahun, p_provinsi, p_kl, [], [], p_desk)
    WHERE kode_mp IS NOT NULL
    GROUP BY ALL),
  pasangan AS (
    SELECT kode_mp, kode_provinsi FROM lokasi
    UNION
    SELECT kode_mp, kode_provinsi FROM u WHERE kode_mp IN (SELECT kode_mp FROM mp))
  SELECT x.kode_mp, mp.nama_pendek AS nama_mp, mp.kode_pn, x.kode_provinsi, prov.nama_pendek,
         l.kode_mp IS NOT NULL AS berlokasi,
         coalesce(u.jumlah_usulan, 0) AS jumlah_usulan,
         coalesce(u.usulan_disetujui, 0) AS usulan_disetujui,
         coalesce(u.pagu, 0) AS pagu,
         coalesce(u.usulan_disetujui, 0) > 0 AS terlayani
  FROM pasangan x
  JOIN mp USING (kode_mp)
  JOIN prov USING (kode_provinsi)
  LEFT JOIN lokasi l USING (kode_mp, kode_provinsi)
  LEFT JOIN u USING (kode_mp, kode_provinsi)
  ORDER BY x.kode_mp, x.kode_provinsi;

-- ---------------------------------------------------------------------------------------------
-- Progres desk
-- ---------------------------------------------------------------------------------------------

-- Every desk session with the state of the meeting as of the data's own date (tanggal_acuan):
-- the latest day on which a session finished or was under way. A session is late (terlambat)
-- when it was scheduled before that day and is not finished. keadaan is what the grid colours:
-- belum_mulai, berlangsung, terlambat, selesai (Berita Acara not yet signed), selesai_ba, and
-- data_bermasalah: a session whose row was rejected (its key readable, kept in desk_sesi_ditolak; the
-- reject's run, file, sheet, row and reason come with it) or that was loaded without a status.
-- A session whose row was rejected still is one of the meeting's sessions: every count includes it.
CREATE OR REPLACE VIEW v_sesi_desk AS
  WITH acuan AS (
    SELECT tahun, greatest(max(tanggal_selesai), max(tanggal_jadwal) FILTER (WHERE status <> 'belum_mulai'))
             AS tanggal_acuan
    FROM desk_sesi GROUP BY tahun),
  s AS (
    SELECT * FROM desk_sesi
    UNION ALL BY NAME
    SELECT tahun, desk_no, kode_provinsi, run_id AS ditolak_run, file AS ditolak_file, sheet AS ditolak_lembar,
           "row" AS ditolak_baris, reason AS ditolak_alasan
    FROM desk_sesi_ditolak r
    WHERE NOT EXISTS (SELECT 1 FROM desk_sesi x
                      WHERE x.tahun = r.tahun AND x.desk_no = r.desk_no AND x.kode_provinsi = r.kode_provinsi))
  SELECT s.tahun, s.desk_no, coalesce(d.nama_desk, s.nama_desk) AS nama_desk, s.kode_provinsi,
         p.nama_provinsi, p.nama_pendek, s.tanggal_jadwal, s.status, s.tanggal_selesai,
         coalesce(s.berita_acara, false) AS berita_acara, s.jumlah_usulan_dibahas, a.tanggal_acuan,
         coalesce(s.status <> 'selesai' AND s.tanggal_jadwal < a.tanggal_acuan, false) AS terlambat,
         coalesce(s.status = 'selesai' AND NOT coalesce(s.berita_acara, false), false) AS ba_tertunda,
         CASE WHEN s.status IS NULL THEN 'data_bermasalah'
              WHEN s.status <> 'selesai' AND s.tanggal_jadwal < a.tanggal_acuan THEN 'terlambat'
              WHEN s.status = 'selesai' AND s.berita_acara THEN 'selesai_ba'
              ELSE s.status END AS keadaan,
         s.ditolak_run, s.ditolak_file, s.ditolak_lembar, s.ditolak_baris, s.ditolak_alasan
  FROM s
  LEFT JOIN acuan a USING (tahun)
  LEFT JOIN ref_desk d USING (desk_no)
  LEFT JOIN ref_provinsi p USING (kode_provinsi);

-- Sessions of a year. Filters: province, desk, and K/L through the desks that serve it (ref_desk_kl).
CREATE OR REPLACE MACRO sesi_desk(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT * FROM v_sesi_desk
  WHERE tahun = p_tahun
    AND cocok(p_provinsi, kode_provinsi)
    AND cocok(p_desk, desk_no)
    AND (len(p_kl) = 0 OR desk_no IN (SELECT desk_no FROM ref_desk_kl WHERE list_contains(p_kl, kode_kl)))
  ORDER BY desk_no, kode_provinsi;

-- Progress counts at three levels at once: per desk, per province, and all sessions in view
-- (tingkat 'desk', 'provinsi', 'semua'). selesai_sehari_sebelumnya counts what had finished before
-- tanggal_acuan: the headline's change is the sessions finished on the latest day of the meeting.
-- The classes add up: sesi = belum_mulai + berlangsung + selesai + data_bermasalah.
CREATE OR REPLACE MACRO progres_tingkat(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT CASE WHEN grouping(desk_no) = 0 THEN 'desk' WHEN grouping(kode_provinsi) = 0 THEN 'provinsi'
              ELSE 'semua' END AS tingkat,
         desk_no, CASE WHEN grouping(desk_no) = 0 THEN any_value(nama_desk) END AS nama_desk,
         kode_provinsi, CASE WHEN grouping(kode_provinsi) = 0 THEN any_value(nama_pendek) END AS nama_pendek,
         CASE WHEN grouping(kode_provinsi) = 0 THEN any_value(nama_provinsi) END AS nama_provinsi,
         count(*) AS sesi,
         count(*) FILTER (WHERE status = 'belum_mulai') AS belum_mulai,
         count(*) FILTER (WHERE status = 'berlangsung') AS berlangsung,
         count(*) FILTER (WHERE status = 'selesai') AS selesai,
         count(*) FILTER (WHERE keadaan = 'data_bermasalah') AS data_bermasalah,
         count(*) FILTER (WHERE status = 'selesai' AND tanggal_selesai < tanggal_acuan) AS selesai_sehari_sebelumnya,
         count(*) FILTER (WHERE berita_acara) AS berita_acara,
         count(*) FILTER (WHERE terlambat) AS terlambat,
         count(*) FILTER (WHERE ba_tertunda) AS ba_tertunda,
         count(*) FILTER (WHERE status = 'selesai') / nullif(count(*), 0) AS porsi_selesai,
         count(*) FILTER (WHERE berita_acara) / nullif(count(*), 0) AS porsi_ba,
         max(tanggal_acuan) AS tanggal_acuan
  FROM sesi_desk(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
  GROUP BY GROUPING SETS ((desk_no), (kode_provinsi), ());

-- Per desk: sessions, not started, under way, finished, Berita Acara signed, late.
CREATE OR REPLACE MACRO progres_desk(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT * EXCLUDE (tingkat, kode_provinsi, nama_pendek, nama_provinsi)
  FROM progres_tingkat(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
  WHERE tingkat = 'desk' ORDER BY desk_no;

-- Per province: the same counts.
CREATE OR REPLACE MACRO progres_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT * EXCLUDE (tingkat, desk_no, nama_desk)
  FROM progres_tingkat(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
  WHERE tingkat = 'provinsi' ORDER BY kode_provinsi;

-- All sessions in view: one row (zero sessions when nothing matches).
CREATE OR REPLACE MACRO progres_nasional(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT * EXCLUDE (tingkat, desk_no, nama_desk, kode_provinsi, nama_pendek, nama_provinsi)
  FROM progres_tingkat(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
  WHERE tingkat = 'semua';

-- Per day of the meeting window (first to last scheduled or finished day): sessions planned by then
-- (by tanggal_jadwal) against sessions finished by then (by tanggal_selesai). Days after
-- tanggal_acuan have no finished count yet.
CREATE OR REPLACE MACRO progres_harian(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH s AS (SELECT * FROM sesi_desk(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)),
  jendela AS (
    SELECT min(tanggal_jadwal) AS mulai, greatest(max(tanggal_jadwal), max(tanggal_selesai)) AS akhir,
           max(tanggal_acuan) AS acuan
    FROM s),
  hari AS (
    SELECT CAST(unnest(generate_series(mulai, akhir, INTERVAL 1 DAY)) AS DATE) AS tanggal, acuan
    FROM jendela WHERE mulai IS NOT NULL)
  SELECT h.tanggal,
         (SELECT count(*) FROM s WHERE s.tanggal_jadwal = h.tanggal) AS rencana,
         (SELECT count(*) FROM s WHERE s.tanggal_jadwal <= h.tanggal) AS rencana_kumulatif,
         CASE WHEN h.tanggal <= h.acuan THEN
           (SELECT count(*) FROM s WHERE s.status = 'selesai' AND s.tanggal_selesai = h.tanggal) END AS selesai,
         CASE WHEN h.tanggal <= h.acuan THEN
           (SELECT count(*) FROM s WHERE s.status = 'selesai' AND s.tanggal_selesai <= h.tanggal) END
           AS selesai_kumulatif
  FROM hari h
  ORDER BY h.tanggal;

-- Who lags: the desks and the provinces with late sessions, the most late first, then the lowest share
-- finished (tingkat 'desk' or 'provinsi'). Filters: as sesi_desk.
CREATE OR REPLACE MACRO tertinggal(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT * FROM progres_tingkat(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
  WHERE tingkat <> 'semua' AND terlambat > 0
  ORDER BY tingkat, terlambat DESC, porsi_selesai, desk_no, kode_provinsi;

-- ---------------------------------------------------------------------------------------------
-- Kesenjangan target
-- ---------------------------------------------------------------------------------------------

-- Every target with its class against the national range. An indicator's direction comes from the
-- reference lists for every indicator they hold (a file that says otherwise was warned about at load),
-- from the file for the others. The regional target is judged on its
-- weaker end (the lower bound when higher is better, the upper bound when lower is better):
-- the value the province commits to at least. Distances are signed so that positive is better.
-- Every target has exactly one class, so the classes add up to the targets: memenuhi, dalam_rentang,
-- di_bawah (see kelas_target); belum_diisi when the regional target is empty (the largest gap of all);
-- tak_dinilai when the national target or the direction is missing, so no comparison can be made.
-- A target is agreed when its status is 'disepakati' or an agreed target is filled in;
-- an open gap (kesenjangan terbuka) is a target short of the national range, or with no regional target
-- yet, that is not agreed.
CREATE OR REPLACE VIEW v_kesenjangan_target AS
  WITH t AS (
    SELECT t.*, coalesce(i.nama_indikator, t.indikator, t.kode_indikator) AS nama_indikator,
           coalesce(i.arah, t.arah) AS arah_baik, coalesce(t.satuan, i.satuan) AS satuan_indikator,
           coalesce(i.desimal, 2) AS desimal,
           CASE WHEN coalesce(i.arah, t.arah) = 'turun' THEN -1 ELSE 1 END AS tanda,
           CASE WHEN coalesce(i.arah, t.arah) = 'turun' THEN coalesce(t.target_daerah_max, t.target_daerah_min)
                ELSE coalesce(t.target_daerah_min, t.target_daerah_max) END AS target_daerah_acuan,
           CASE WHEN coalesce(i.arah, t.arah) = 'turun'
                THEN coalesce(t.target_kesepakatan_max, t.target_kesepakatan_min)
                ELSE coalesce(t.target_kesepakatan_min, t.target_kesepakatan_max) END AS target_kesepakatan_acuan,
           CASE WHEN coalesce(i.arah, t.arah) = 'turun' THEN coalesce(t.target_nasional_max, t.target_nasional_min)
                ELSE coalesce(t.target_nasional_min, t.target_nasional_max) END AS nasional_ujung_lemah
    FROM target_indikator t
    LEFT JOIN ref_indikator i ON i.kode_indikator = t.kode_indikator),
  k AS (
    SELECT t.*,
           CASE WHEN t.target_daerah_acuan IS NULL THEN 'belum_diisi'
                ELSE coalesce(kelas_target(t.target_daerah_acuan, t.target_nasional_min, t.target_nasional_max,
                                           t.arah_baik), 'tak_dinilai') END AS kelas,
           coalesce(t.status = 'disepakati', false) OR t.target_kesepakatan_acuan IS NOT NULL AS disepakati
    FROM t)
  SELECT t.tahun, t.kode_provinsi, p.nama_provinsi, p.nama_pendek, t.jenis, t.kunci_indikator,
         t.kode_indikator, t.kode_urusan, t.nama_indikator, t.satuan_indikator AS satuan,
         t.arah_baik AS arah, t.desimal, t.baseline,
         t.target_nasional_min, t.target_nasional_max, t.target_daerah_min, t.target_daerah_max,
         t.target_kesepakatan_min, t.target_kesepakatan_max, t.status, t.catatan,
         t.target_daerah_acuan, t.kelas,
         kelas_target(t.target_kesepakatan_acuan, t.target_nasional_min, t.target_nasional_max, t.arah_baik)
           AS kelas_kesepakatan,
         t.tanda * (t.target_daerah_acuan - t.nasional_ujung_lemah) AS selisih_nasional,
         t.target_daerah_acuan - t.baseline AS jarak_baseline,
         t.tanda * (t.target_daerah_acuan - t.baseline) AS kemajuan_baseline,
         t.disepakati,
         t.kelas IN ('di_bawah', 'belum_diisi') AND NOT t.disepakati AS kesenjangan_terbuka
  FROM k t
  LEFT JOIN ref_provinsi p USING (kode_provinsi);

-- Targets of a year, open gaps first, then the other targets not yet agreed, then the agreed;
-- within each, by indicator and the furthest short of the national range first.
-- Filters: province only (targets belong to no K/L, PN, MP or desk).
CREATE OR REPLACE MACRO kesenjangan_target(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT * FROM v_kesenjangan_target
  WHERE tahun = p_tahun AND cocok(p_provinsi, kode_provinsi)
  ORDER BY kesenjangan_terbuka DESC, disepakati, kunci_indikator, selisih_nasional NULLS LAST, kode_provinsi;

-- Per province: targets by class (the classes add up to indikator), agreed, open gaps.
CREATE OR REPLACE MACRO kesenjangan_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT kode_provinsi, any_value(nama_pendek) AS nama_pendek,
         count(*) AS indikator,
         count(*) FILTER (WHERE kelas = 'memenuhi') AS memenuhi,
         count(*) FILTER (WHERE kelas = 'dalam_rentang') AS dalam_rentang,
         count(*) FILTER (WHERE kelas = 'di_bawah') AS di_bawah,
         count(*) FILTER (WHERE kelas = 'belum_diisi') AS belum_diisi,
         count(*) FILTER (WHERE kelas = 'tak_dinilai') AS tak_dinilai,
         count(*) FILTER (WHERE disepakati) AS disepakati,
         count(*) FILTER (WHERE kesenjangan_terbuka) AS kesenjangan_terbuka
  FROM kesenjangan_target(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
  GROUP BY kode_provinsi
  ORDER BY kode_provinsi;

-- All targets in view: one row (zeros when there are none), with how many provinces have targets
-- and how many of them have at least one open gap.
CREATE OR REPLACE MACRO kesenjangan_nasional(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT coalesce(sum(indikator), 0) AS target, coalesce(sum(memenuhi), 0) AS memenuhi,
         coalesce(sum(dalam_rentang), 0) AS dalam_rentang, coalesce(sum(di_bawah), 0) AS di_bawah,
         coalesce(sum(disepakati), 0) AS disepakati, coalesce(sum(kesenjangan_terbuka), 0) AS kesenjangan_terbuka,
         count(*) AS provinsi_target, count(*) FILTER (WHERE kesenjangan_terbuka > 0) AS provinsi_terbuka
  FROM kesenjangan_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk);

-- Per indicator and class: how many provinces' targets fall in it, and how many of those are open gaps
-- or agreed. Indicators with the most provinces short of the national range come first. An indicator that no
-- reference list names is named as the provinces spell it: the spelling first in alphabetical order over all
-- its classes, so it has one name, the same from load to load (any_value would take whichever row the engine
-- meets first).
CREATE OR REPLACE MACRO kesenjangan_indikator(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH k AS (
    SELECT jenis, kunci_indikator, min(kode_indikator) AS kode_indikator,
           min(nama_indikator) AS nama_indikator, kelas, count(*) AS provinsi,
           count(*) FILTER (WHERE kesenjangan_terbuka) AS kesenjangan_terbuka,
           count(*) FILTER (WHERE disepakati) AS disepakati
    FROM kesenjangan_target(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
    GROUP BY jenis, kunci_indikator, kelas)
  SELECT jenis, kunci_indikator,
         min(kode_indikator) OVER (PARTITION BY jenis, kunci_indikator) AS kode_indikator,
         min(nama_indikator) OVER (PARTITION BY jenis, kunci_indikator) AS nama_indikator,
         kelas, provinsi, kesenjangan_terbuka, disepakati,
         sum(provinsi) FILTER (WHERE kelas = 'di_bawah') OVER (PARTITION BY jenis, kunci_indikator)
           AS provinsi_di_bawah
  FROM k
  ORDER BY jenis, provinsi_di_bawah DESC NULLS LAST, kunci_indikator, kelas;

-- ---------------------------------------------------------------------------------------------
-- Berita Acara: what each desk agreed with each province, for the documents of selaras/dokumen
-- ---------------------------------------------------------------------------------------------

-- The targets a desk agrees with a province: the affair ('urusan') indicators of the urusan the desk
-- serves (ref_desk_urusan, from data/reference/desk.csv). Macro indicators belong to no desk: the
-- plenary agrees them (rekapitulasi per provinsi). An indicator of an urusan served by several desks
-- is on each of their Berita Acara. Filters: province, desk, and K/L through the desks that serve it.
CREATE OR REPLACE MACRO target_desk(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT d.desk_no, t.*
  FROM kesenjangan_target(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) t
  JOIN ref_desk_urusan d ON t.jenis = 'urusan' AND d.kode_urusan = t.kode_urusan
  WHERE cocok(p_desk, d.desk_no)
    AND (len(p_kl) = 0 OR d.desk_no IN (SELECT desk_no FROM ref_desk_kl WHERE list_contains(p_kl, kode_kl)))
  ORDER BY d.desk_no, t.kode_provinsi, t.kode_urusan, t.nama_indikator;

-- Per desk and province: the session and what came of the proposals discussed there. One row for
-- every pair with a session or with proposals (a proposal whose session row is missing still counts);
-- proposals with no valid desk (the loader empties a desk outside the list) form a row with desk_no NULL,
-- so a province's totals still add up. belum_diputuskan: proposals still 'diusulkan' (or with no status).
-- Filters: province, desk, K/L
-- (the proposal's own K/L), PN and MP limit the proposals; sessions follow sesi_desk.
CREATE OR REPLACE MACRO hasil_desk(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH u AS (
    SELECT desk_no, kode_provinsi, count(*) AS jumlah_usulan,
           count(*) FILTER (WHERE status = 'disetujui') AS disetujui,
           count(*) FILTER (WHERE status = 'disetujui_catatan') AS disetujui_catatan,
           count(*) FILTER (WHERE status = 'tidak_disetujui') AS tidak_disetujui,
           count(*) FILTER (WHERE coalesce(status, 'diusulkan') = 'diusulkan') AS belum_diputuskan,
           coalesce(sum(pagu), 0) AS pagu,
           coalesce(sum(pagu) FILTER (WHERE usulan_disetujui(status)), 0) AS pagu_disetujui
    FROM usulan_pilih(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)
    GROUP BY ALL),
  s AS (SELECT * FROM sesi_desk(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk))
  SELECT desk_no, coalesce(s.nama_desk, d.nama_desk) AS nama_desk, kode_provinsi, p.nama_provinsi,
         s.tanggal_jadwal, s.status AS status_sesi, s.tanggal_selesai, coalesce(s.berita_acara, false) AS berita_acara,
         s.keadaan, s.jumlah_usulan_dibahas,
         coalesce(u.jumlah_usulan, 0) AS jumlah_usulan, coalesce(u.disetujui, 0) AS disetujui,
         coalesce(u.disetujui_catatan, 0) AS disetujui_catatan, coalesce(u.tidak_disetujui, 0) AS tidak_disetujui,
         coalesce(u.belum_diputuskan, 0) AS belum_diputuskan, coalesce(u.pagu, 0) AS pagu,
         coalesce(u.pagu_disetujui, 0) AS pagu_disetujui
  FROM s FULL JOIN u USING (desk_no, kode_provinsi)
  LEFT JOIN ref_desk d USING (desk_no)
  LEFT JOIN ref_provinsi p USING (kode_provinsi)
  ORDER BY kode_provinsi, desk_no NULLS LAST;

-- Per province and PN of the plan period (and '-' for agreed proposals with no PN, when there are
-- any): the agreed proposals and their pagu, and each PN's share of the agreed pagu.
-- Filters: province, K/L, MP and desk limit the proposals; the PN filter chooses the rows.
CREATE OR REPLACE MACRO pagu_disetujui_pn(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH u AS (
    SELECT kode_provinsi, coalesce(kode_pn, '-') AS kode_pn, count(*) AS usulan_disetujui,
           coalesce(sum(pagu), 0) AS pagu_disetujui
    FROM usulan_pilih(p_tahun, p_provinsi, p_kl, [], p_mp, p_desk)
    WHERE usulan_disetujui(status)
    GROUP BY ALL),
  jumlah AS (SELECT kode_provinsi, sum(pagu_disetujui) AS pagu_provinsi FROM u GROUP BY ALL),
  baris AS (
    SELECT p.kode_provinsi, n.kode_pn, n.nama_pn, n.nama_pendek AS nama_pendek_pn
    FROM provinsi_tahun(p_tahun) p, pn_tahun(p_tahun) n
    WHERE cocok(p_provinsi, p.kode_provinsi)
    UNION ALL
    SELECT kode_provinsi, '-', NULL, NULL FROM u WHERE kode_pn = '-')
  SELECT b.kode_provinsi, b.kode_pn, b.nama_pn, b.nama_pendek_pn,
         coalesce(u.usulan_disetujui, 0) AS usulan_disetujui, coalesce(u.pagu_disetujui, 0) AS pagu_disetujui,
         coalesce(u.pagu_disetujui, 0) / nullif(j.pagu_provinsi, 0) AS porsi_pagu
  FROM baris b
  LEFT JOIN u USING (kode_provinsi, kode_pn)
  LEFT JOIN jumlah j USING (kode_provinsi)
  WHERE cocok(p_pn, b.kode_pn)
  ORDER BY b.kode_provinsi, b.kode_pn = '-', b.kode_pn;

-- ---------------------------------------------------------------------------------------------
-- Every measure per province, for the tile map and the province profile. A measure a province has
-- no data for is NULL (no sessions: no share finished; no targets: no count of open gaps).
-- ---------------------------------------------------------------------------------------------

CREATE OR REPLACE MACRO ringkasan_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT k.kode_provinsi, k.nama_provinsi, k.nama_pendek, k.kelompok_pulau, k.grid_kolom, k.grid_baris,
         k.jumlah_usulan, k.pagu, k.usulan_disetujui, k.usulan_pn, k.pagu_pn, k.porsi_usulan_pn, k.porsi_pagu_pn, k.porsi_usulan_mp, k.porsi_pagu_mp,
         k.usulan_mp, k.pagu_mp, k.mp_berlokasi, k.mp_terlayani, k.cakupan_mp,
         k.usulan_ditandai, k.usulan_pn_ditandai, k.usulan_mp_ditandai,
         coalesce(d.sesi, 0) AS sesi, coalesce(d.selesai, 0) AS sesi_selesai,
         coalesce(d.berita_acara, 0) AS berita_acara, coalesce(d.terlambat, 0) AS sesi_terlambat,
         d.porsi_selesai, d.porsi_ba,
         coalesce(g.indikator, 0) AS indikator, g.kesenjangan_terbuka,
         g.disepakati AS target_disepakati,
         coalesce(g.memenuhi, 0) AS target_memenuhi, coalesce(g.dalam_rentang, 0) AS target_dalam_rentang,
         coalesce(g.di_bawah, 0) AS target_di_bawah
  FROM keselarasan_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) k
  LEFT JOIN progres_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) d USING (kode_provinsi)
  LEFT JOIN kesenjangan_provinsi(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) g USING (kode_provinsi)
  ORDER BY k.kode_provinsi;

-- ---------------------------------------------------------------------------------------------
-- Antar edisi: one edition of Rakortekrenbang against another (plan year against plan year)
-- ---------------------------------------------------------------------------------------------

-- Plan years in the data (any of the three fact tables), with their plan period.
CREATE OR REPLACE MACRO edisi_ada() AS TABLE
  SELECT tahun, periode_tahun(tahun) AS periode
  FROM (SELECT tahun FROM usulan UNION SELECT tahun FROM desk_sesi UNION SELECT tahun FROM target_indikator);

-- Whether a province covered more territory in a plan year than it does now: a province split from it
-- (ref_provinsi.induk) did not exist yet. Papua before 93-95, Papua Barat before 96.
CREATE OR REPLACE MACRO wilayah_lebih_luas(p_kode_provinsi, p_tahun) AS
  EXISTS (SELECT 1 FROM ref_provinsi c WHERE c.induk = p_kode_provinsi AND c.berlaku_mulai > p_tahun);

-- The year-over-year measures, per plan year in the data, per province (tingkat 'provinsi') and over all
-- provinces in view (tingkat 'nasional'), one row per measure (ukuran), with the direction that is better.
-- Only measures that keep their meaning across plan periods: aligned with ANY PN and with ANY MP, never PN by
-- PN (the PN of RPJMN 2025-2029 are not those of 2020-2024); sessions finished; targets by class; agreed.
-- A province appears from its first plan year (provinsi_tahun). Filters: province, K/L and desk, as in
-- ringkasan_provinsi; PN and MP filters do not apply (their codes differ between periods).
CREATE OR REPLACE MACRO edisi(p_provinsi, p_kl, p_desk) AS TABLE
  WITH h AS (
    SELECT y.tahun, y.periode, r.*, r.target_memenuhi + r.target_dalam_rentang + r.target_di_bawah AS target_dinilai
    FROM edisi_ada() y, LATERAL ringkasan_provinsi(y.tahun, p_provinsi, p_kl, [], [], p_desk) r),
  p AS (
    SELECT tahun, any_value(periode) AS periode,
           CASE WHEN grouping(kode_provinsi) = 0 THEN 'provinsi' ELSE 'nasional' END AS tingkat, kode_provinsi,
           sum(usulan_pn) / nullif(sum(jumlah_usulan), 0) AS porsi_usulan_pn,
           sum(pagu_pn) / nullif(sum(pagu), 0) AS porsi_pagu_pn,
           sum(usulan_mp) / nullif(sum(jumlah_usulan), 0) AS porsi_usulan_mp,
           sum(pagu_mp) / nullif(sum(pagu), 0) AS porsi_pagu_mp,
           sum(sesi_selesai) / nullif(sum(sesi), 0) AS porsi_selesai,
           sum(target_memenuhi) / nullif(sum(target_dinilai), 0) AS porsi_target_memenuhi,
           sum(target_dalam_rentang) / nullif(sum(target_dinilai), 0) AS porsi_target_dalam_rentang,
           sum(target_di_bawah) / nullif(sum(target_dinilai), 0) AS porsi_target_di_bawah,
           sum(target_disepakati) / nullif(sum(indikator), 0) AS porsi_target_disepakati
    FROM h GROUP BY GROUPING SETS ((tahun, kode_provinsi), (tahun))),
  u AS (
    SELECT * FROM p UNPIVOT INCLUDE NULLS (nilai FOR ukuran IN (
      porsi_usulan_pn, porsi_pagu_pn, porsi_usulan_mp, porsi_pagu_mp, porsi_selesai,
      porsi_target_memenuhi, porsi_target_dalam_rentang, porsi_target_di_bawah, porsi_target_disepakati))),
  arah AS (
    SELECT * FROM (VALUES ('porsi_usulan_pn', 1, 'naik'), ('porsi_pagu_pn', 2, 'naik'),
                          ('porsi_usulan_mp', 3, 'naik'), ('porsi_pagu_mp', 4, 'naik'), ('porsi_selesai', 5, 'naik'),
                          ('porsi_target_memenuhi', 6, 'naik'), ('porsi_target_dalam_rentang', 7, 'naik'),
                          ('porsi_target_di_bawah', 8, 'turun'), ('porsi_target_disepakati', 9, 'naik'))
      t(ukuran, urutan, lebih_baik))
  SELECT u.tahun, u.periode, u.tingkat, u.kode_provinsi, pr.nama_provinsi, pr.nama_pendek,
         a.urutan, u.ukuran, u.nilai, a.lebih_baik,
         u.kode_provinsi IS NOT NULL AND wilayah_lebih_luas(u.kode_provinsi, u.tahun) AS wilayah_lebih_luas
  FROM u JOIN arah a USING (ukuran)
  LEFT JOIN ref_provinsi pr USING (kode_provinsi)
  ORDER BY u.tingkat, u.kode_provinsi, a.urutan, u.tahun;

-- Two plan years side by side: each measure of edisi() in p_tahun and in p_banding, and the change
-- (nilai - nilai_banding; in percentage points, as every measure is a share). membaik: whether the change
-- is for the better (NULL when either year has no figure). baru: the province did not exist in p_banding
-- (shown from its first edition, no change). banding_wilayah_lebih_luas: its p_banding figure covers a
-- larger territory (Papua, Papua Barat before the 2022 split), so the change is not like for like.
-- sama_periode: both years in one RPJMN period; across periods only the any-PN and any-MP shares compare.
CREATE OR REPLACE MACRO perbandingan_edisi(p_tahun, p_banding, p_provinsi, p_kl, p_desk) AS TABLE
  WITH e AS (SELECT * FROM edisi(p_provinsi, p_kl, p_desk) WHERE tahun IN (p_tahun, p_banding)),
  a AS (SELECT * FROM e WHERE tahun = p_tahun),
  b AS (SELECT * FROM e WHERE tahun = p_banding)
  SELECT a.tingkat, a.kode_provinsi, a.nama_provinsi, a.nama_pendek, a.urutan, a.ukuran, a.lebih_baik,
         p_tahun AS tahun, a.periode, a.nilai,
         p_banding AS tahun_banding, periode_tahun(p_banding) AS periode_banding, b.nilai AS nilai_banding,
         a.nilai - b.nilai AS perubahan,
         CASE WHEN a.nilai - b.nilai = 0 THEN NULL
              ELSE (a.nilai - b.nilai > 0) = (a.lebih_baik = 'naik') END AS membaik,
         coalesce(pr.berlaku_mulai > p_banding, false) AS baru,
         a.tingkat = 'provinsi' AND wilayah_lebih_luas(a.kode_provinsi, p_banding) AS banding_wilayah_lebih_luas,
         a.periode = periode_tahun(p_banding) AS sama_periode
  FROM a LEFT JOIN b ON a.tingkat = b.tingkat AND a.kode_provinsi IS NOT DISTINCT FROM b.kode_provinsi
                    AND a.ukuran = b.ukuran
  LEFT JOIN ref_provinsi pr ON pr.kode_provinsi = a.kode_provinsi
  ORDER BY a.tingkat = 'provinsi', a.kode_provinsi, a.urutan;

-- ---------------------------------------------------------------------------------------------
-- History: the headline figures per province as each load left them, for "change since the
-- previous load". One snapshot per run, taken the first time this file runs after that load.
-- ---------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS riwayat_ringkasan (
  run_id INTEGER, finished_at TIMESTAMP, tahun INTEGER, kode_provinsi VARCHAR,
  sesi BIGINT, sesi_selesai BIGINT, berita_acara BIGINT,
  jumlah_usulan BIGINT, usulan_pn BIGINT, pagu DOUBLE, pagu_pn DOUBLE, kesenjangan_terbuka BIGINT);
-- Columns added later: databases made before them get them empty (their snapshots cannot tell those figures).
ALTER TABLE riwayat_ringkasan ADD COLUMN IF NOT EXISTS usulan_disetujui BIGINT;
ALTER TABLE riwayat_ringkasan ADD COLUMN IF NOT EXISTS target_disepakati BIGINT;

INSERT INTO riwayat_ringkasan
  (run_id, finished_at, tahun, kode_provinsi, sesi, sesi_selesai, berita_acara, jumlah_usulan, usulan_pn,
   pagu, pagu_pn, kesenjangan_terbuka, usulan_disetujui, target_disepakati)
  WITH r AS (SELECT run_id, finished_at FROM etl_runs ORDER BY run_id DESC LIMIT 1),
  tahun AS (
    SELECT tahun FROM usulan UNION SELECT tahun FROM desk_sesi UNION SELECT tahun FROM target_indikator)
  SELECT r.run_id, r.finished_at, y.tahun, x.kode_provinsi, x.sesi, x.sesi_selesai, x.berita_acara,
         x.jumlah_usulan, x.usulan_pn, x.pagu, x.pagu_pn, x.kesenjangan_terbuka, x.usulan_disetujui,
         coalesce(x.target_disepakati, 0)
  FROM r, tahun y, LATERAL ringkasan_provinsi(y.tahun, [], [], [], [], []) x
  WHERE r.run_id NOT IN (SELECT run_id FROM riwayat_ringkasan);

-- Some loads' snapshots (p_run: their run ids), summed over the provinces in view, latest first.
CREATE OR REPLACE MACRO riwayat_jumlah(p_tahun, p_provinsi, p_run) AS TABLE
  SELECT run_id, any_value(finished_at) AS finished_at,
         sum(sesi_selesai) AS sesi_selesai, sum(berita_acara) AS berita_acara,
         sum(usulan_pn) / nullif(sum(jumlah_usulan), 0) AS porsi_usulan_pn,
         sum(pagu_pn) / nullif(sum(pagu), 0) AS porsi_pagu_pn,
         count(*) FILTER (WHERE kesenjangan_terbuka > 0) AS provinsi_kesenjangan_terbuka,
         sum(usulan_disetujui) AS usulan_disetujui, sum(target_disepakati) AS target_disepakati
  FROM riwayat_ringkasan
  WHERE tahun = p_tahun AND list_contains(p_run, run_id) AND cocok(p_provinsi, kode_provinsi)
  GROUP BY run_id
  ORDER BY run_id DESC;

-- The latest two snapshots: the headline's change since the previous load.
-- Filters: province only (the snapshot is kept per province).
CREATE OR REPLACE MACRO perubahan_muat(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  SELECT * FROM riwayat_jumlah(p_tahun, p_provinsi, (
    SELECT coalesce(list(run_id), []) FROM (
      SELECT DISTINCT run_id FROM riwayat_ringkasan WHERE tahun = p_tahun ORDER BY run_id DESC LIMIT 2)));

-- The latest snapshot and the last one of an earlier calendar day: the daily brief's "since the
-- previous day" (the secretariat loads several times a day). One row when every load was on one day.
-- Filters: province only.
CREATE OR REPLACE MACRO perubahan_hari(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH r AS (SELECT DISTINCT run_id, CAST(finished_at AS DATE) AS hari FROM riwayat_ringkasan WHERE tahun = p_tahun),
  akhir AS (SELECT * FROM r ORDER BY run_id DESC LIMIT 1),
  kemarin AS (SELECT r.run_id FROM r, akhir WHERE r.hari < akhir.hari ORDER BY r.run_id DESC LIMIT 1)
  SELECT * FROM riwayat_jumlah(p_tahun, p_provinsi, (
    SELECT coalesce(list(run_id), []) FROM (SELECT run_id FROM akhir UNION ALL SELECT run_id FROM kemarin)));

-- What changed on the meeting day (hari): the latest meeting day in the data (tanggal_acuan of v_sesi_desk),
-- which is today while the meeting runs (perubahan_hari, for the daily brief, compares loads by the calendar
-- days they were made on instead; while the meeting runs the two agree). One row:
-- - sesi_selesai: sessions finished that day (tanggal_selesai = hari); berita_acara: those of them whose
--   Berita Acara is signed (the data holds no signing date, so a Berita Acara signed that day for a session
--   finished earlier is not counted); sesi_terlambat: sessions late as of that day.
-- - usulan_disetujui_baru, target_disepakati_baru: agreed proposals and agreed targets now, minus the same
--   counts as the last load that finished before the day began left them (run_pembanding, waktu_pembanding):
--   a net change since the start of the day. NULL when no load finished before that day, or under a K/L or desk
--   filter (the history is kept per province).
-- Filters: the session counts as sesi_desk; the agreed counts province only; PN and MP apply to nothing here.
CREATE OR REPLACE MACRO perubahan_hari_rapat(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk) AS TABLE
  WITH s AS (SELECT * FROM sesi_desk(p_tahun, p_provinsi, p_kl, p_pn, p_mp, p_desk)),
  hari AS (
    SELECT max(tanggal_acuan) AS hari FROM v_sesi_desk WHERE tahun = p_tahun),
  pembanding AS (
    SELECT max(r.run_id) AS run_pembanding FROM riwayat_ringkasan r, hari h
    WHERE r.tahun = p_tahun AND r.finished_at < h.hari),
  dulu AS (
    SELECT max(finished_at) AS waktu_pembanding, max(usulan_disetujui) AS usulan_disetujui,
           max(target_disepakati) AS target_disepakati
    FROM riwayat_jumlah(p_tahun, p_provinsi, (SELECT coalesce([run_pembanding], []) FROM pembanding))),
  kini AS (
    SELECT sum(usulan_disetujui) AS usulan_disetujui, sum(coalesce(target_disepakati, 0)) AS target_disepakati
    FROM ringkasan_provinsi(p_tahun, p_provinsi, [], [], [], [])),
  sesi AS (
    SELECT count(*) FILTER (WHERE s.status = 'selesai' AND s.tanggal_selesai = h.hari) AS sesi_selesai,
           count(*) FILTER (WHERE s.status = 'selesai' AND s.tanggal_selesai = h.hari AND s.berita_acara)
             AS berita_acara,
           count(*) FILTER (WHERE s.terlambat) AS sesi_terlambat
    FROM hari h LEFT JOIN s ON true)
  SELECT h.hari, s.sesi_selesai, s.berita_acara, s.sesi_terlambat, p.run_pembanding, d.waktu_pembanding,
         k.usulan_disetujui, k.target_disepakati,
         CASE WHEN len(p_kl) + len(p_desk) = 0 THEN k.usulan_disetujui - d.usulan_disetujui END
           AS usulan_disetujui_baru,
         CASE WHEN len(p_kl) + len(p_desk) = 0 THEN k.target_disepakati - d.target_disepakati END
           AS target_disepakati_baru
  FROM hari h, sesi s, pembanding p, dulu d, kini k;

-- ---------------------------------------------------------------------------------------------
-- Unfiltered views for analysts: every plan year in the data
-- ---------------------------------------------------------------------------------------------

CREATE OR REPLACE VIEW v_keselarasan_provinsi AS
  SELECT y.tahun, k.* FROM (SELECT DISTINCT tahun FROM usulan) y,
    LATERAL keselarasan_provinsi(y.tahun, [], [], [], [], []) k;

CREATE OR REPLACE VIEW v_keselarasan_pn AS
  SELECT y.tahun, k.* FROM (SELECT DISTINCT tahun FROM usulan) y,
    LATERAL keselarasan_pn(y.tahun, [], [], [], [], []) k;

CREATE OR REPLACE VIEW v_cakupan_mp AS
  SELECT y.tahun, k.* FROM (SELECT DISTINCT tahun FROM usulan) y,
    LATERAL cakupan_mp(y.tahun, [], [], [], [], []) k;

CREATE OR REPLACE VIEW v_progres_desk AS
  SELECT y.tahun, k.* FROM (SELECT DISTINCT tahun FROM desk_sesi) y,
    LATERAL progres_desk(y.tahun, [], [], [], [], []) k;

CREATE OR REPLACE VIEW v_progres_provinsi AS
  SELECT y.tahun, k.* FROM (SELECT DISTINCT tahun FROM desk_sesi) y,
    LATERAL progres_provinsi(y.tahun, [], [], [], [], []) k;
