"""The API's rate limit, `RATELIMIT_API` per visitor across all its addresses.

The site's limits (consult.web.rate_limits) are on what is sent, never on reading pages; a
program reading the API can ask faster than any reader, so each API request counts, in the
limiter's own storage (memory, or Redis with REDIS_URL). As for the site, a storage that fails
lets requests through (RATELIMIT_SWALLOW_ERRORS) rather than refusing every reader.
"""

from __future__ import annotations

import logging
import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from consult.extensions import limiter

log = logging.getLogger(__name__)
NAMESPACE = "api"


def check_rate_limit() -> None:
    """Count this request against each of the visitor's API limits; 429 past one."""
    if not limiter.enabled:
        return
    visitor = get_remote_address()
    try:
        for item in parse_many(current_app.config["RATELIMIT_API"]):
            if not limiter.limiter.hit(item, NAMESPACE, visitor):
                reset, _ = limiter.limiter.get_window_stats(item, NAMESPACE, visitor)
                raise TooManyRequests(retry_after=max(1, math.ceil(reset - time.time())))
    except TooManyRequests:
        raise
    except Exception:
        if not current_app.config.get("RATELIMIT_SWALLOW_ERRORS"):
            raise
        log.warning("API rate limit skipped: its storage failed")
