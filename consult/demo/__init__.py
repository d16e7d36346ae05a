"""The demo: a city, an account per role and a consultation filled with real comments."""
