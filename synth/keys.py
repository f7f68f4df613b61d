"""Each analyst's signing key, and the user's private files in synth's data folder.

An analyst signs every command they put on a coding trail with their own
Ed25519 key. The key pair is made on first use in the user's data folder
(``SYNTH_DATA_DIR``, else ``$XDG_DATA_HOME/synth``, else
``~/.local/share/synth``), in a ``keys/`` folder only the user can enter,
written 0600 from its first byte. The public half is registered on the trail
(an ``analyst.key_registered`` event) the first time the analyst writes there.

Everything signed is a canonical JSON text (:func:`synth.trail.canonical_json`),
never a database row, so the same statements verify whichever store holds
the trail.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ALGORITHM = "ed25519"


class KeyFileError(Exception):
    """A key file is unreadable or not a key (the message names the file)."""


def data_dir() -> Path:
    """synth's per-user data folder: ``SYNTH_DATA_DIR``, else ``XDG_DATA_HOME/synth``, else ``~/.local/share/synth``."""
    explicit = os.environ.get("SYNTH_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "synth"


def private_dir(name: str) -> Path:
    """A folder under the data folder that only this user can enter (0700, tightened if it was wider)."""
    folder = data_dir() / name
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)
    return folder


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by this user alone from the first byte.

    The temporary file is created with ``O_EXCL`` and mode 0600 (a umask can only
    narrow that), synced, then renamed over ``path``.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def read_or_create_private(path: Path, make: bytes) -> bytes:
    """The bytes of a private file; ``make`` is written first if it does not exist yet (first writer wins)."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(make)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # never replaces a key another process made a moment ago
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: the rename is the fallback
            if not path.exists():
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return path.read_bytes()


def _key_file(analyst: str) -> Path:
    return private_dir("keys") / _key_file_name(analyst)


@dataclass(frozen=True)
class Signer:
    """One analyst's key pair: signs statements, names its public key as hex."""

    analyst: str
    public: str
    _private: object

    def sign(self, message: bytes) -> str:
        return self._private.sign(message).hex()  # type: ignore[attr-defined]


def signer_for(analyst: str) -> Signer:
    """The analyst's key pair in this user's data folder, made on first use."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = _key_file(analyst)
    fresh = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw = read_or_create_private(path, fresh)
    if len(raw) != 32:
        raise KeyFileError(f"{path}: not a synth signing key (expected 32 bytes, found {len(raw)})")
    private = Ed25519PrivateKey.from_private_bytes(raw)
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    return Signer(analyst, public, private)


def local_public_key(analyst: str) -> str | None:
    """The public key of this user's key pair for ``analyst``, or None if there is none yet (nothing is made)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = data_dir() / "keys" / _key_file_name(analyst)
    try:
        raw = path.read_bytes()
        private = Ed25519PrivateKey.from_private_bytes(raw)
    except (OSError, ValueError):
        return None
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _key_file_name(analyst: str) -> str:
    return f"{hashlib.sha256(analyst.encode('utf-8')).hexdigest()[:24]}.ed25519"


@lru_cache(maxsize=256)
def _public_key(hex_key: str):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(hex_key))


def check_signature(public_hex: str, message: bytes, signature_hex: str) -> bool:
    """Whether ``signature_hex`` is ``public_hex``'s Ed25519 signature of ``message``."""
    from cryptography.exceptions import InvalidSignature

    try:
        _public_key(public_hex).verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
