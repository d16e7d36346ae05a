"""jobs outbox, failed jobs, idempotency key of ideas

Revision ID: 0008_jobs_outbox
Revises: 0007_responses
Create Date: 2026-12-04 19:55:00

"""
from alembic import op
import sqlalchemy as sa

import consult.core.base


revision = '0008_jobs_outbox'
down_revision = '0007_responses'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=100), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('created_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', consult.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_outbox'))
    )
    with op.batch_alter_table('job_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_outbox_sent_at'), ['sent_at'], unique=False)

    op.create_table('job_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=100), nullable=False),
    sa.Column('args', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('failed_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', consult.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_job_failure_resolved_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_failure'))
    )
    with op.batch_alter_table('job_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_failure_resolved_at'), ['resolved_at'], unique=False)

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_submission_idempotency_key'), ['idempotency_key'])


def downgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_submission_idempotency_key'), type_='unique')
        batch_op.drop_column('idempotency_key')

    with op.batch_alter_table('job_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_failure_resolved_at'))
    op.drop_table('job_failure')

    with op.batch_alter_table('job_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_outbox_sent_at'))
    op.drop_table('job_outbox')
