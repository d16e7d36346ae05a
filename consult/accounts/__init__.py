"""Accounts, in one place: where Flask-Security finds them (`store`), residents' and staff
accounts (`users`, `staff`), two-step sign-in (`two_factor`), sign-in security and events
(`security`), sessions kept and ended (`sessions`), a resident's own data and its erasure
(`personal_data`), the pages under /me (`routes`) and staff invitations (`invitations`). The
tables are in `consult.core.user` and `consult.accounts.models`."""
