"""webhooks and their deliveries

Revision ID: 0024_webhooks
Revises: 0023_pairwise
Create Date: 2026-12-06 12:00:00

An administrator registers an address for some events; each event writes a delivery per
webhook in its own transaction, sent by the worker and retried with backoff.
"""
from alembic import op
import sqlalchemy as sa


revision = '0024_webhooks'
down_revision = '0023_pairwise'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'webhook',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('events', sa.JSON(), nullable=False),
        sa.Column('secret', sa.String(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ondelete='SET NULL',
                                name=op.f('fk_webhook_created_by_id_user')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_webhook_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook')),
    )
    op.create_index(op.f('ix_webhook_organisation_id'), 'webhook', ['organisation_id'])
    op.create_table(
        'webhook_delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('webhook_id', sa.Integer(), nullable=False),
        sa.Column('event', sa.String(length=40), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('status', sa.Enum('pending', 'delivered', 'failed', name='deliverystatus',
                                    native_enum=False, create_constraint=True, length=20),
                  nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('response_status', sa.Integer(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['webhook_id'], ['webhook.id'], ondelete='CASCADE',
                                name=op.f('fk_webhook_delivery_webhook_id_webhook')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_webhook_delivery_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery')),
    )
    op.create_index(op.f('ix_webhook_delivery_webhook_id'), 'webhook_delivery', ['webhook_id'])
    op.create_index(op.f('ix_webhook_delivery_organisation_id'), 'webhook_delivery',
                    ['organisation_id'])
    op.create_index('ix_webhook_delivery_due', 'webhook_delivery',
                    ['status', 'next_attempt_at'])


def downgrade():
    op.drop_table('webhook_delivery')
    op.drop_table('webhook')
