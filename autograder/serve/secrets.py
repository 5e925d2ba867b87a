"""Tokens and passwords: made at random, stored only as hashes, compared in constant time.

- A student's sign-in token is 192 random bits (``new_token``). It is stored as its SHA-256
  (``hash_token``): a fast hash is right here, because the token is random and long, so nobody
  can guess it from its hash however many hashes a second they try; and being fast and
  deterministic, the hash is what the database looks a token up by.
- An instructor's password is chosen by a person, so it is stored with scrypt (a slow, memory-hard
  hash with a random salt each time): ``"scrypt$n$r$p$salt_b64$hash_b64"``. ``verify_password``
  says False, never raises, on any stored value it cannot read, and refuses cost parameters far
  beyond ours (a tampered row must not make one sign-in take the machine's memory).
- ``new_secret_key`` signs the session cookies.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import unicodedata

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # characters: a longer "password" is a paste mistake or an attack
_MAXMEM = 64 * 1024 * 1024  # scrypt needs 128 * r * n bytes: 16 MiB for ours
_MAX_N, _MAX_R, _MAX_P = 2 ** 17, 16, 4  # the most a stored hash may ask for


def new_token() -> str:
    """A URL-safe random sign-in token (24 bytes: 192 bits, 32 characters)."""
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """The token's SHA-256 as 64 hex digits (what is stored and looked up)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token: str, stored: str) -> bool:
    """Whether ``token`` hashes to ``stored``, compared in constant time."""
    if not isinstance(token, str) or not isinstance(stored, str):
        return False
    return hmac.compare_digest(hash_token(token).encode(), stored.encode("utf-8", "replace"))


def _normal(password: str) -> bytes:
    # NFC: the same Korean password typed on macOS (decomposed) and on Windows hashes the same
    return unicodedata.normalize("NFC", password).encode("utf-8", "surrogatepass")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """``password`` hashed with scrypt and a fresh 16-byte salt, as ``scrypt$n$r$p$salt$hash``.
    Raises ``ValueError`` when it is shorter than 8 characters (or absurdly long)."""
    if not isinstance(password, str):
        raise TypeError("password must be a str")
    length = len(unicodedata.normalize("NFC", password))
    if length < MIN_PASSWORD:
        raise ValueError(f"password too short: at least {MIN_PASSWORD} characters")
    if length > MAX_PASSWORD:
        raise ValueError(f"password too long: at most {MAX_PASSWORD} characters")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(_normal(password), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=_MAXMEM, dklen=HASH_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from; False on any malformed value."""
    if not isinstance(password, str) or not isinstance(stored, str) or len(password) > MAX_PASSWORD:
        return False
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not all(p.isascii() and p.isdigit() for p in parts[1:4]):
        return False
    n, r, p = (int(x) for x in parts[1:4])
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        return False
    try:
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return False
    if not salt or not 16 <= len(expected) <= 64:
        return False
    try:
        digest = hashlib.scrypt(_normal(password), salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM,
                                dklen=len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


def new_secret_key() -> str:
    """A random key for signing session cookies (32 bytes, URL-safe text)."""
    return secrets.token_urlsafe(32)
