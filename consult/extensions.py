"""Flask extensions, created unbound here and bound in `create_app`."""

from flask_babel import Babel
from flask_compress import Compress
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_security import Security
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

from consult.accounts.passwords import ConsultPasswordUtil
from consult.accounts.two_factor import ConsultTotp, RecoveryCodes
from consult.core.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
babel = Babel()
csrf = CSRFProtect()
security = Security(password_util_cls=ConsultPasswordUtil, totp_cls=ConsultTotp,
                    mf_recovery_codes_util_cls=RecoveryCodes)
mail = Mail()
talisman = Talisman()
htmx = HTMX()
compress = Compress()
limiter = Limiter(key_func=get_remote_address)
