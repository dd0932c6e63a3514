"""Selaras ETL: SIPD exports (xlsx, csv, json) into the DuckDB database the dashboard reads."""
