"""Where Flask-Security finds and creates accounts: the users and roles of our models."""

from __future__ import annotations

from flask_security import SQLAlchemyUserDatastore

from consult.core.user import Role, User
from consult.extensions import db

user_datastore = SQLAlchemyUserDatastore(db, User, Role)
