"""Accounts, in one place: where Flask-Security finds them (`store`), residents' and staff
accounts (`users`, `staff`), passwords (`passwords`), two-step sign-in (`two_factor`), sign-in
security and events (`security`, `security_setup`), sessions kept and ended (`sessions`), the
pages under /me (`routes`) and staff invitations (`invitation_routes`). The user table is
`consult.core.user`, shared by every feature; the sessions' is `consult.accounts.models`. A
resident's own data and its erasure are part of the record (`consult.record.personal_data`)."""
