"""What a viewer sees when something goes wrong: a plain message with an error id, never a traceback.

A traceback names the server's files and paths, and on a hall's screen it tells the audience nothing.
The full error goes to the server's log under a short id; the message on screen carries the same id,
so whoever runs the server finds it (``grep <id>`` in the log). Streamlit's own error box stays
switched off for anything that escapes this (``client.showErrorDetails = "none"``).
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator

import streamlit as st
from streamlit.logger import get_logger

from selaras.teks import t

LOG = get_logger("selaras")


@contextlib.contextmanager
def tangkap() -> Iterator[None]:
    """Run a block; an error in it is logged with an id and shown to the viewer as a message with that id.

    Streamlit's own control flow (st.stop, a rerun, a page switch) is not an Exception and passes through.
    """
    try:
        yield
    except Exception:
        kode = secrets.token_hex(4)
        LOG.exception("Galat %s", kode)
        st.error(t("umum.galat", kode=kode))
