"""The signature of a delivery, so its receiver knows it came from here, unchanged and lately.

``X-Consult-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>``:
the time inside the signed text lets a receiver refuse a replay of an old delivery.
"""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Consult-Signature"
TOLERANCE = 300  # seconds a receiver should accept between our clock and theirs


def signature(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, header: str, body: bytes, now: int) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within TOLERANCE of ``now`` (what a
    receiver does; documented in the README with the same steps)."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    expected = signature(secret, timestamp, body)
    return abs(now - timestamp) <= TOLERANCE and hmac.compare_digest(expected, header)
