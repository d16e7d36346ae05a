"""What the plans announce, for later parts of the product to act on (blinker signals, as
Flask's own): a plan never imports the parts that come after it in the flow."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the session as sender and `commitment=` once a commitment is published, in the
# same transaction (the residents whose ideas it draws on are told: consult.responses.notices).
commitment_published = _signals.signal("commitment-published")
