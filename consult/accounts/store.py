"""Where Flask-Security finds and creates accounts: the users and roles of our models."""

from __future__ import annotations

from flask_security import SQLAlchemyUserDatastore

from consult.extensions import db
from consult.models import Role, User

user_datastore = SQLAlchemyUserDatastore(db, User, Role)
