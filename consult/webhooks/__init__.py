"""Webhooks: an organisation's systems are told, by a signed POST, of what happens here."""
