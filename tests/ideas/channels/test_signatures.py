"""Signatures: Twilio's published example verifies, and anything changed fails; the generic
gateway's HMAC of the raw body likewise."""

from __future__ import annotations

from consult.ideas.channels import signatures

# The worked example of Twilio's "Webhooks security" guide.
TWILIO_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
TWILIO_PARAMS = [("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"),
                 ("Digits", "1234"), ("From", "+12349013030"), ("To", "+18005551212")]
TWILIO_TOKEN = "12345"
TWILIO_EXPECTED = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def test_twilio_signature_matches_twilios_published_example():
    assert signatures.twilio_signature(TWILIO_URL, TWILIO_PARAMS, TWILIO_TOKEN) == TWILIO_EXPECTED


def test_twilio_signature_sorts_the_parameters_by_name():
    shuffled = list(reversed(TWILIO_PARAMS))
    assert signatures.twilio_signature(TWILIO_URL, shuffled, TWILIO_TOKEN) == TWILIO_EXPECTED


def test_twilio_example_is_genuine_and_anything_changed_is_not():
    assert signatures.twilio_is_genuine(TWILIO_URL, TWILIO_PARAMS, TWILIO_TOKEN,
                                        TWILIO_EXPECTED)
    tampered = [*TWILIO_PARAMS[:2], ("Digits", "9999"), *TWILIO_PARAMS[3:]]
    assert not signatures.twilio_is_genuine(TWILIO_URL, tampered, TWILIO_TOKEN, TWILIO_EXPECTED)
    assert not signatures.twilio_is_genuine("https://evil.example/myapp.php?foo=1&bar=2",
                                            TWILIO_PARAMS, TWILIO_TOKEN, TWILIO_EXPECTED)
    assert not signatures.twilio_is_genuine(TWILIO_URL, TWILIO_PARAMS, "other",
                                            TWILIO_EXPECTED)
    assert not signatures.twilio_is_genuine(TWILIO_URL, TWILIO_PARAMS, TWILIO_TOKEN, None)
    assert not signatures.twilio_is_genuine(TWILIO_URL, TWILIO_PARAMS, TWILIO_TOKEN,
                                            TWILIO_EXPECTED[:-1])


def test_twilio_url_is_accepted_with_or_without_its_default_port():
    with_port = "https://mycompany.com:443/myapp.php?foo=1&bar=2"
    assert signatures.twilio_is_genuine(with_port, TWILIO_PARAMS, TWILIO_TOKEN, TWILIO_EXPECTED)
    other_port = "https://mycompany.com:8443/myapp.php?foo=1&bar=2"
    assert not signatures.twilio_is_genuine(other_port, TWILIO_PARAMS, TWILIO_TOKEN,
                                            TWILIO_EXPECTED)


def test_hmac_signature_is_sha256_of_the_raw_body():
    body = b'{"id":"1","from":"+1555","to":"+1666","text":"Hello"}'
    signature = signatures.hmac_signature(body, "k" * 20)
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    assert signatures.hmac_is_genuine(body, "k" * 20, signature)
    assert signatures.hmac_is_genuine(body, "k" * 20, signature.upper().replace("SHA256", "sha256"))
    assert not signatures.hmac_is_genuine(body + b" ", "k" * 20, signature)
    assert not signatures.hmac_is_genuine(body, "x" * 20, signature)
    assert not signatures.hmac_is_genuine(body, "k" * 20, "")
