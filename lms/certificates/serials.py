"""Certificate serials: unguessable, readable, and self-checking.

``TA-2026-7K3M-Q9XD-2F8H-W4NZ-P``: the issue year, 16 random Crockford base-32 characters
(80 bits) in groups of four, and a check character (Damm over GF(32)) that catches any single
mistyped character and any swap of two neighbouring characters. Crockford's alphabet has no
I, L, O or U, and reading is forgiving: lower case, O for 0 and I/L for 1 are accepted.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
_FORGIVING = str.maketrans({"O": "0", "I": "1", "L": "1"})
RANDOM_CHARS = 16
PREFIX = "TA"
_SHAPE = re.compile(
    r"^TA-(\d{4})-([0-9A-Z]{4})-([0-9A-Z]{4})-([0-9A-Z]{4})-([0-9A-Z]{4})-([0-9A-Z])$"
)


def _times_two(value: int) -> int:
    """Multiplication by x in GF(32), modulo x⁵ + x² + 1."""
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def check_character(payload: str) -> str:
    """Damm's check over GF(32): with x ∘ y = 2x + y, a totally anti-symmetric quasigroup,
    every single substitution and every swap of two neighbours (check character included)
    changes the result. (Luhn mod 32 misses swaps of 0 and Z.)"""
    interim = 0
    for ch in payload:
        interim = _times_two(interim) ^ _VALUES[ch]
    return ALPHABET[_times_two(interim)]


def new_serial(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    groups = "-".join(body[i : i + 4] for i in range(0, RANDOM_CHARS, 4))
    return f"{PREFIX}-{year}-{groups}-{check_character(f'{year}{body}')}"


def normalise(text: str) -> str | None:
    """The canonical serial for what someone typed or scanned, or None if it cannot be one."""
    cleaned = re.sub(r"[\s\-_—–]+", "", text or "").upper()
    if not cleaned.startswith(PREFIX) or len(cleaned) != len(PREFIX) + 4 + RANDOM_CHARS + 1:
        return None
    year, rest = cleaned[2:6], cleaned[6:].translate(_FORGIVING)
    if not year.isdigit() or any(ch not in _VALUES for ch in rest):
        return None
    body, check = rest[:-1], rest[-1]
    if check_character(f"{year}{body}") != check:
        return None
    groups = "-".join(body[i : i + 4] for i in range(0, RANDOM_CHARS, 4))
    return f"{PREFIX}-{year}-{groups}-{check}"
