"""One BLAS thread for the small matrix products of the NER models.

natasha (slovnet) runs numpy matrix products of a few hundred rows per article;
numpy's OpenBLAS splits each over every core, and the threads cost more than they
save: on two cores the Russian entities stage used twice the CPU time, and on a
machine busy with anything else the waiting threads halved the articles per second.
The products are split by rows and columns, never along the summed axis, so one
thread computes the same numbers (the extract output is byte-identical).

`single_thread()` sets numpy's OpenBLAS to one thread for the duration of a block
and restores the previous count; without an OpenBLAS it does nothing.
"""
from __future__ import annotations

import contextlib
import ctypes
import functools
from pathlib import Path
from typing import Iterator, Optional


@functools.cache
def _openblas() -> Optional[tuple]:
    """(get_num_threads, set_num_threads) of the OpenBLAS numpy links to, or None."""
    try:
        import numpy

        libs = Path(numpy.__file__).resolve().parent.parent / "numpy.libs"
        for path in sorted(libs.glob("lib*openblas*.so*")):
            lib = ctypes.CDLL(str(path))                 # already loaded by numpy: the same handle
            for get, set_ in (("scipy_openblas_get_num_threads64_", "scipy_openblas_set_num_threads64_"),
                              ("openblas_get_num_threads64_", "openblas_set_num_threads64_"),
                              ("openblas_get_num_threads", "openblas_set_num_threads")):
                if hasattr(lib, get) and hasattr(lib, set_):
                    getter, setter = getattr(lib, get), getattr(lib, set_)
                    getter.restype, getter.argtypes = ctypes.c_int, []
                    setter.restype, setter.argtypes = None, [ctypes.c_int]
                    return getter, setter
    except Exception:   # noqa: BLE001 - any trouble finding the library: leave threading alone
        return None
    return None


@contextlib.contextmanager
def single_thread() -> Iterator[None]:
    funcs = _openblas()
    if funcs is None:
        yield
        return
    get, set_ = funcs
    before = get()
    if before == 1:
        yield
        return
    set_(1)
    try:
        yield
    finally:
        set_(before)
