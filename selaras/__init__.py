"""Selaras: the Rakortekrenbang dashboard (Streamlit pages over the DuckDB database that etl/ writes)."""
