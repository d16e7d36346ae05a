"""Two-factor sign-in with an authenticator app, as Flask-Security does it, with what it leaves
to the application: a code is accepted once only, messages that say what went wrong, and the
event log told about recovery codes.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_security import MfRecoveryCodesUtil, MfRecoveryForm, Totp
from flask_security.forms import TwoFactorVerifyCodeForm
from flask_security.proxies import _datastore, _security
from flask_security.utils import get_message
from passlib.totp import TokenError, UsedTokenError

from consult.accounts import security as account_security
from consult.core.user import User

WRONG_CODE = _l("That code is not right. Enter the 6-digit code your authenticator app "
                "shows now.")
USED_CODE = _l("That code has already been used. Wait until your authenticator app shows a "
               "new code, then enter it.")
WRONG_RECOVERY_CODE = _l("That recovery code is not right, or it has already been used. "
                         "Each recovery code works once.")


def _is_email_code(user: User, totp_secret: str) -> bool:
    # One-time codes sent by email (unified sign-in) have secrets of their own, checked as
    # Flask-Security always did.
    return totp_secret in json.loads(user.us_totp_secrets or "{}").values()


class ConsultTotp(Totp):
    """Refuses an authenticator code whose time step is not after the last one accepted for
    the account (passlib's replay protection, which Flask-Security leaves to applications)."""

    def verify_totp(self, token: str, totp_secret: str, user: User, window: int = 0) -> bool:
        if _is_email_code(user, totp_secret):
            return super().verify_totp(token, totp_secret, user, window)
        try:
            match = self._totp.verify(token, totp_secret, window=window,
                                      last_counter=self._last_counter(user, totp_secret))
        except TokenError:
            return False
        user.tf_totp_last_counter = match.counter
        return True

    def was_used(self, token: str, totp_secret: str, user: User, window: int) -> bool:
        """True when `token` is right but its time step was already accepted."""
        try:
            self._totp.verify(token, totp_secret, window=window,
                              last_counter=self._last_counter(user, totp_secret))
        except UsedTokenError:
            return True
        except TokenError:
            return False
        return False

    @staticmethod
    def _last_counter(user: User, totp_secret: str) -> int | None:
        # A new secret being set up starts afresh; its first code is remembered all the same.
        return user.tf_totp_last_counter if totp_secret == user.tf_totp_secret else None


class VerifyCodeForm(TwoFactorVerifyCodeForm):
    """Flask-Security's code form, saying whether the code was wrong or already used."""

    def validate(self, **kwargs: Any) -> bool:
        if super().validate(**kwargs):
            return True
        invalid = get_message("TWO_FACTOR_INVALID_TOKEN")[0]
        if invalid in (self.code.errors or []):
            used = _security.totp_factory.was_used(self.code.data, self.tf_totp_secret,
                                                   self.user, self.window)
            self.code.errors = [USED_CODE if used else WRONG_CODE]
        return False


class RecoveryForm(MfRecoveryForm):
    """A recovery code, as typed (spaces, capitals) or as shown; a clear message when wrong."""

    def validate(self, **kwargs: Any) -> bool:
        if self.code.data:
            self.code.data = "".join(self.code.data.split()).lower()
        if super().validate(**kwargs):
            return True
        if self.code.errors and self.code.data:
            self.code.errors = [WRONG_RECOVERY_CODE]
        return False


class RecoveryCodes(MfRecoveryCodesUtil):
    """Flask-Security's recovery codes (kept encrypted), with their events logged."""

    def create_recovery_codes(self, user: User) -> list[str]:
        codes = super().create_recovery_codes(user)
        account_security.recovery_codes_generated(_datastore.db.session, user, len(codes))
        return codes

    def delete_recovery_code(self, user: User, code: str) -> bool:
        deleted = super().delete_recovery_code(user, code)
        if deleted:
            remaining = len(self.get_recovery_codes(user))
            account_security.recovery_code_used(_datastore.db.session, user, remaining)
        return deleted
