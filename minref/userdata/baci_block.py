"""BACI's plain lines, a block at a time, parsed with numpy (issue 18's import budget).

A CEPII BACI year is about ten million lines of ``t,i,j,k,v,q`` in plain ASCII digits:
parsing them one by one in Python took most of the preview's time. :func:`parse` reads a
block of such lines column-wise and gives the same numbers ``int()`` and ``float()`` give,
or ``None`` for a block holding anything else (a sign, an exponent, a quote, an empty or
short line, a field too long); the importer then reads that block, and the rest of the
file, line by line, which is where every message with its line number comes from. So this
module only ever speeds up lines the line-by-line reader would take as they are.

Numbers: a field's digits (at most 15, so they are exact in a float) divided by the power
of ten of its decimals, both exact floats, is the correctly rounded value of the decimal
text, which is what ``float()`` gives (IEEE division rounds correctly).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

logger = logging.getLogger(__name__)

MAX_DIGITS = 15  # fewer than 2**53: the digits are an exact float
MAX_FIELD = 19  # characters, spaces included; a longer field goes line by line
INT_WIDTH = {"t": 4, "i": 6, "j": 6, "k": 6}

_COMMA, _NL, _CR, _SPACE, _DOT = 44, 10, 13, 32, 46
_ALLOWED = np.zeros(256, bool)
_ALLOWED[list(b"0123456789,. \r\nNAna")] = True
_CLASS = np.full(256, 7, np.uint8)
_CLASS[list(b"0123456789")] = 0
for _code, _char in enumerate(". NAna", 1):
    _CLASS[ord(_char)] = _code
_POW10_INT = 10 ** np.arange(19, dtype=np.int64)
_POW10_FLOAT = 10.0 ** np.arange(MAX_DIGITS + 1)


@dataclass
class Block:
    """One block's lines as columns: t, i, j and k as integers, v as thousand US$, q as
    metric tons with ``no_q`` where it is empty or NA (q holds 0 there)."""

    lines: int
    t: np.ndarray
    i: np.ndarray
    j: np.ndarray
    k: np.ndarray
    v: np.ndarray
    q: np.ndarray
    no_q: np.ndarray
    starts: np.ndarray  # each line's first byte, for the text of a line
    data: bytes

    def line_text(self, n: int) -> str:
        """Line ``n`` of the block (0-based) without its line end."""
        end = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.data)
        return self.data[self.starts[n] : end].decode("ascii").rstrip("\r\n")


def _gather(buf: np.ndarray, start: np.ndarray, end: np.ndarray, width: int):
    """Each field right-aligned in ``width`` columns (a copy, a byte a cell), spaces before
    it, with its length; None if one is longer. ``buf`` starts with MAX_FIELD spaces."""
    length = end - start
    if len(start) and int(length.max()) > width:
        return None
    m = sliding_window_view(buf, width)[end + (MAX_FIELD - width)]
    m[np.arange(width) < (width - length)[:, None]] = _SPACE
    return m, length


def _integers(buf, start, end, width):
    """Digits only, at least one: the numbers, or None."""
    got = _gather(buf, start, end, width)
    if got is None:
        return None
    m, length = got
    d = m - np.uint8(48)  # a space (outside the field) wraps to 240
    inside = np.arange(width) >= (width - length)[:, None]
    if (length == 0).any() or ((d > 9) & inside).any():
        return None
    d[~inside] = 0
    return d.astype(np.int64) @ _POW10_INT[width - 1 :: -1]


def _decimals(buf, start, end, missing_ok: bool):
    """Spaces, then digits with at most one point: (values, missing) or None. With
    ``missing_ok`` an empty field or NA/na is missing (value 0)."""
    width = max(int((end - start).max()) if len(start) else 0, 2)
    if width > MAX_FIELD:
        return None
    got = _gather(buf, start, end, width)
    if got is None:
        return None
    m, _length = got
    width = m.shape[1]
    cls = _CLASS[m]  # 0 digit, 1 point, 2 space, 3 N, 4 A, 5 n, 6 a, 7 anything else
    missing = np.zeros(len(start), bool)
    if missing_ok:
        tail = cls[:, -2:]
        na = ((tail[:, 0] == 3) & (tail[:, 1] == 4)) | ((tail[:, 0] == 5) & (tail[:, 1] == 6))
        spaces = np.count_nonzero(cls == 2, axis=1)
        missing = (spaces == width) | na & (spaces == width - 2)
        if missing.any():
            cls[missing] = 2
    if (cls > 2).any():
        return None
    space = cls == 2
    n_space = np.count_nonzero(space, axis=1)
    dot = cls == 1
    n_dot = np.count_nonzero(dot, axis=1)
    number = ~missing
    lead = np.argmin(space, axis=1)  # the first that is not a space: all spaces lead
    n_digits = width - n_space - n_dot
    if (
        (lead[number] != n_space[number]).any()
        or (n_dot > 1).any()
        or (n_digits[number] == 0).any()
        or (n_digits > MAX_DIGITS).any()
    ):
        return None
    d = m - np.uint8(48)
    d[~(cls == 0)] = 0
    # the digits as one number with the point as a 0, then the point taken out
    whole = d.astype(np.int64) @ _POW10_INT[width - 1 :: -1]
    after = np.where(n_dot > 0, width - 1 - np.argmax(dot, axis=1), 0)
    scale = _POW10_INT[after]
    mantissa = np.where(n_dot > 0, whole // (scale * 10) * scale + whole % scale, whole)
    values = mantissa.astype(np.float64) / _POW10_FLOAT[after]
    values[missing] = 0.0
    return values, missing


def parse(data: bytes) -> Block | None:
    """The block's lines (``data`` ends with a line end) as columns, or None."""
    block = _parse(data)
    if block is None:
        logger.debug("a block of %d bytes is not plain BACI lines: read line by line", len(data))
    return block


def _parse(data: bytes) -> Block | None:
    buf = np.frombuffer(data, np.uint8)
    if not len(buf) or buf[-1] != _NL or not _ALLOWED[buf].all():
        return None
    padded = np.frombuffer(b" " * MAX_FIELD + data, np.uint8)
    nl = np.flatnonzero(buf == _NL)
    lines = len(nl)
    commas = np.flatnonzero(buf == _COMMA)
    if len(commas) != 5 * lines:
        return None
    starts = np.empty(lines, np.int64)
    starts[0] = 0
    starts[1:] = nl[:-1] + 1
    commas = commas.reshape(lines, 5)
    # five commas on each line: the first after the line's start, the last before its end
    if (commas[:, 0] < starts).any() or (commas[:, 4] > nl).any():
        return None
    cr = buf[nl - 1] == _CR
    if int(cr.sum()) != int(np.count_nonzero(buf == _CR)):
        return None  # a carriage return other than before a line end
    ends = nl - cr
    bounds = [starts] + [commas[:, c] + 1 for c in range(5)]
    fins = [commas[:, c] for c in range(5)] + [ends]
    cols = {}
    for c, name in enumerate("tijk"):
        cols[name] = _integers(padded, bounds[c], fins[c], INT_WIDTH[name])
        if cols[name] is None:
            return None
    v = _decimals(padded, bounds[4], fins[4], missing_ok=False)
    q = _decimals(padded, bounds[5], fins[5], missing_ok=True)
    if v is None or q is None:
        return None
    return Block(lines, cols["t"], cols["i"], cols["j"], cols["k"], v[0], q[0], q[1], starts, data)
