"""Common: digests that name what a remembered result was made from (``memo`` keys)."""

from __future__ import annotations

import hashlib


def digest(*parts: str | bytes) -> str:
    """A key from parts; each part is length-prefixed, so no two lists of parts collide."""
    h = hashlib.blake2b(digest_size=32)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()
