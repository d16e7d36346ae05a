"""two-factor sign-in, recovery codes and account sessions

Revision ID: 0009_staff_security
Revises: 0008_jobs_outbox
Create Date: 2026-12-05 18:30:00

"""
from alembic import op
import sqlalchemy as sa

import consult.core.base


revision = '0009_staff_security'
down_revision = '0008_jobs_outbox'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('browser', sa.String(length=40), nullable=False),
    sa.Column('system', sa.String(length=40), nullable=False),
    sa.Column('signed_in_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_account_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_account_session_key_hash'))
    )
    with op.batch_alter_table('account_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tf_primary_method', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('tf_totp_secret', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('tf_totp_last_counter', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('mf_recovery_codes', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('mf_recovery_codes')
        batch_op.drop_column('tf_totp_last_counter')
        batch_op.drop_column('tf_totp_secret')
        batch_op.drop_column('tf_primary_method')

    with op.batch_alter_table('account_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_session_user_id'))
    op.drop_table('account_session')
