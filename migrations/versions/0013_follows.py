"""residents follow a consultation or a commitment by email

Revision ID: 0013_follows
Revises: 0012_pages_per_language
Create Date: 2026-12-05 19:50:00

A follow is confirmed by the link mailed to its address; its news waits in the notice queue
for the daily digest, as the news of ideas does, naming the follow instead of an idea.
"""
from alembic import op
import sqlalchemy as sa

import consult.core.base


revision = '0013_follows'
down_revision = '0012_pages_per_language'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('answered', 'fed_commitment')"
NEW_KINDS = "kind IN ('answered', 'fed_commitment', 'consultation_news', 'commitment_news')"


def upgrade():
    op.create_table('follow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=True),
    sa.Column('commitment_id', sa.Integer(), nullable=True),
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('confirmed_at', consult.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('(consultation_id IS NULL) <> (commitment_id IS NULL)', name=op.f('ck_follow_one_target')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_follow_commitment_id_commitment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_follow_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_follow_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow')),
    sa.UniqueConstraint('organisation_id', 'email', 'commitment_id', name=op.f('uq_follow_organisation_id_email_commitment_id')),
    sa.UniqueConstraint('organisation_id', 'email', 'consultation_id', name=op.f('uq_follow_organisation_id_email_consultation_id'))
    )
    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_commitment_id'), ['commitment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_id', sa.Integer(), nullable=True))
        batch_op.alter_column('submission_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_notice_follow_id'), ['follow_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notice_follow_id_follow'), 'follow', ['follow_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_constraint(batch_op.f('ck_notice_noticekind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_notice_noticekind'), NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM notice WHERE follow_id IS NOT NULL")
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_notice_noticekind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_notice_noticekind'), OLD_KINDS)
        batch_op.drop_constraint(batch_op.f('fk_notice_follow_id_follow'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notice_follow_id'))
        batch_op.alter_column('submission_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('follow_id')

    with op.batch_alter_table('follow', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_follow_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_follow_commitment_id'))

    op.drop_table('follow')
