"""What a viewer sees when something goes wrong: a plain message with an error id, never a traceback.

A traceback names the server's files and paths, and on a hall's screen it tells the audience nothing.
The full error goes to the server's log under a short id; the message on screen carries the same id,
so whoever runs the server finds it (``grep <id>`` in the log). Streamlit's own error box stays
switched off for anything that escapes this (``client.showErrorDetails = "none"``).
"""

from __future__ import annotations

import contextlib
import functools
import secrets
from collections.abc import Callable, Iterator

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


def fragmen(fungsi: Callable[[], None] | None = None, *, run_every: float | None = None):
    """``st.fragment`` whose body runs inside ``tangkap``: a fragment's own run (a box opened, a timer's tick)
    runs only the fragment, outside the page's ``tangkap``, and would otherwise show Streamlit's error box.
    Used as ``@galat.fragmen`` or ``@galat.fragmen(run_every=10)``."""
    def bungkus(f: Callable[[], None]) -> Callable[[], None]:
        @functools.wraps(f)  # Streamlit names a fragment by the function's module and qualified name
        def dijaga() -> None:
            with tangkap():
                f()
        return st.fragment(dijaga, run_every=run_every)
    return bungkus(fungsi) if fungsi is not None else bungkus
