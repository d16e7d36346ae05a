"""ideas by text message and WhatsApp through a gateway's webhook

Revision ID: 0022_sms_channel
Revises: 0021_subthemes
Create Date: 2026-12-06 10:00:00

An organisation connects gateways; numbers and keywords lead messages to consultations; each
message received is kept once (with its reply and, for an idea, its tracking code); the
numbers of residents who asked for news are kept in one table. Ideas may come by WhatsApp.
"""
from alembic import op
import sqlalchemy as sa


revision = '0022_sms_channel'
down_revision = '0021_subthemes'
branch_labels = None
depends_on = None

OLD_CHANNELS = "channel IN ('web', 'paper', 'workshop', 'phone', 'sms', 'email')"
NEW_CHANNELS = "channel IN ('web', 'paper', 'workshop', 'phone', 'sms', 'email', 'whatsapp')"
CHANNELS = ('web', 'paper', 'workshop', 'phone', 'sms', 'email', 'whatsapp')


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _scoped(table):
    return (sa.Column('organisation_id', sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                    name=op.f(f'fk_{table}_organisation_id_organisation')))


def _gateway_key(table, ondelete):
    return sa.ForeignKeyConstraint(['gateway_id'], ['channel_gateway.id'], ondelete=ondelete,
                                   name=op.f(f'fk_{table}_gateway_id_channel_gateway'))


def upgrade():
    with op.batch_alter_table('submission') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_submission_channel'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_submission_channel'), NEW_CHANNELS)

    op.create_table(
        'channel_gateway',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('kind', _enum('gatewaykind', 'twilio', 'hmac'), nullable=False),
        sa.Column('channel', _enum('channel', *CHANNELS), nullable=False),
        sa.Column('secret', sa.String(length=200), nullable=False),
        sa.Column('account_sid', sa.String(length=64), nullable=False),
        sa.Column('sender', sa.String(length=32), nullable=False),
        sa.Column('outbound_url', sa.String(length=500), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        *_scoped('channel_gateway'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_gateway')),
    )
    op.create_index(op.f('ix_channel_gateway_organisation_id'), 'channel_gateway',
                    ['organisation_id'])

    op.create_table(
        'channel_route',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gateway_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.String(length=32), nullable=False),
        sa.Column('keyword', sa.String(length=20), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        *_scoped('channel_route'),
        _gateway_key('channel_route', 'CASCADE'),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ondelete='CASCADE',
                                name=op.f('fk_channel_route_consultation_id_consultation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_route')),
        sa.UniqueConstraint('gateway_id', 'number', 'keyword',
                            name=op.f('uq_channel_route_gateway_id_number_keyword')),
    )
    for column in ('gateway_id', 'consultation_id', 'organisation_id'):
        op.create_index(op.f(f'ix_channel_route_{column}'), 'channel_route', [column])

    op.create_table(
        'channel_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gateway_id', sa.Integer(), nullable=False),
        sa.Column('external_id', sa.String(length=64), nullable=False),
        sa.Column('sender_hash', sa.String(length=64), nullable=False),
        sa.Column('kind', _enum('messagekind', 'idea', 'held', 'status', 'opt_in', 'stop',
                                'refused'), nullable=False),
        sa.Column('held_reason', _enum('heldreason', 'closed', 'unmapped', 'sender_limit',
                                       'too_long', 'refused'), nullable=True),
        sa.Column('consultation_id', sa.Integer(), nullable=True),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('tracking_code', sa.String(length=8), nullable=True),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('text', sa.Text(), nullable=True),
        sa.Column('reply', sa.Text(), nullable=False),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('handled_by_id', sa.Integer(), nullable=True),
        *_scoped('channel_message'),
        _gateway_key('channel_message', None),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ondelete='SET NULL',
                                name=op.f('fk_channel_message_consultation_id_consultation')),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ondelete='SET NULL',
                                name=op.f('fk_channel_message_submission_id_submission')),
        sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'], ondelete='SET NULL',
                                name=op.f('fk_channel_message_handled_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_message')),
        sa.UniqueConstraint('gateway_id', 'external_id',
                            name=op.f('uq_channel_message_gateway_id_external_id')),
        sa.UniqueConstraint('organisation_id', 'tracking_code',
                            name=op.f('uq_channel_message_organisation_id_tracking_code')),
    )
    for column in ('gateway_id', 'consultation_id', 'submission_id', 'organisation_id'):
        op.create_index(op.f(f'ix_channel_message_{column}'), 'channel_message', [column])
    op.create_index('ix_channel_message_sender', 'channel_message',
                    ['sender_hash', 'received_at'])
    op.create_index('ix_channel_message_held', 'channel_message',
                    ['organisation_id', 'kind', 'handled_at'])

    op.create_table(
        'channel_contact',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('gateway_id', sa.Integer(), nullable=False),
        sa.Column('sender_hash', sa.String(length=64), nullable=False),
        sa.Column('number', sa.String(length=32), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('opted_in_at', sa.DateTime(timezone=True), nullable=False),
        *_scoped('channel_contact'),
        _gateway_key('channel_contact', 'CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_contact')),
        sa.UniqueConstraint('organisation_id', 'sender_hash',
                            name=op.f('uq_channel_contact_organisation_id_sender_hash')),
    )
    for column in ('gateway_id', 'organisation_id'):
        op.create_index(op.f(f'ix_channel_contact_{column}'), 'channel_contact', [column])

    op.create_table(
        'channel_news',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        *_scoped('channel_news'),
        sa.ForeignKeyConstraint(['contact_id'], ['channel_contact.id'], ondelete='CASCADE',
                                name=op.f('fk_channel_news_contact_id_channel_contact')),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ondelete='CASCADE',
                                name=op.f('fk_channel_news_submission_id_submission')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE',
                                name=op.f('fk_channel_news_event_id_event')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_news')),
        sa.UniqueConstraint('contact_id', 'submission_id', 'event_id',
                            name=op.f('uq_channel_news_contact_id_submission_id_event_id')),
    )
    for column in ('contact_id', 'sent_at', 'organisation_id'):
        op.create_index(op.f(f'ix_channel_news_{column}'), 'channel_news', [column])


def downgrade():
    for table in ('channel_news', 'channel_contact', 'channel_message', 'channel_route',
                  'channel_gateway'):
        op.drop_table(table)
    # Ideas that came by WhatsApp stay, counted as text messages.
    op.execute("UPDATE submission SET channel = 'sms' WHERE channel = 'whatsapp'")
    with op.batch_alter_table('submission') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_submission_channel'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_submission_channel'), OLD_CHANNELS)
