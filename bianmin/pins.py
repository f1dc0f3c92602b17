"""PINs are stored only as salted hashes: `pbkdf2_sha256$iterations$salt$hash`."""

from __future__ import annotations

import hashlib
import hmac
import secrets

ITERATIONS = 120_000


def hash_pin(pin: str, *, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${digest.hex()}"


def is_pin_hash(value: str) -> bool:
    parts = value.split("$")
    return len(parts) == 4 and parts[0] == "pbkdf2_sha256" and parts[1].isdigit()


def check_pin(pin: str, stored: str) -> bool:
    if not is_pin_hash(stored):
        return False
    _, iterations, salt, _ = stored.split("$")
    candidate = hash_pin(pin, salt=salt, iterations=int(iterations))
    return hmac.compare_digest(candidate, stored)
