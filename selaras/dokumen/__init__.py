"""The meeting's documents: Berita Acara drafts (.docx from Word templates under data/templat/) and the
leadership's daily brief (PDF).

- ``bahan``: what a document says, read from the database through the measures (selaras.kueri names them),
  from any source that answers ``ukuran``/``kueri``: the app's cached selaras.basis_data or the command
  line's plain selaras.kueri.Basis.
- ``templat``: a Word template filled in, with a clear error for a field it lacks or does not know.
- ``berita_acara``: the fields of the desk draft and of the province recapitulation.
- ``isi_laporan``: what the daily brief says; ``laporan_harian``: the brief drawn with reportlab (loaded on
  the first click of its button).
"""
