"""ideas withdrawn or corrected by their authors

Revision ID: 0011_withdrawn_ideas
Revises: 0010_organisations
Create Date: 2026-12-05 19:08:37

An author may withdraw an idea (it stays, marked withdrawn) or correct it for a short while
after sending it (the text it had is kept as a revision).
"""
from alembic import op
import sqlalchemy as sa

import consult.core.base


# revision identifiers, used by Alembic.
revision = '0011_withdrawn_ideas'
down_revision = '0010_organisations'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('submission_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_submission_revision_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], name=op.f('fk_submission_revision_submission_id_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submission_revision'))
    )
    with op.batch_alter_table('submission_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_revision_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_revision_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', consult.core.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_submission_submissionstatus'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_submission_submissionstatus'),
                                         "status IN ('pending', 'published', 'hidden', 'withdrawn')")



def downgrade():
    op.execute("UPDATE submission SET status = 'hidden', "
               "moderation_reason = 'Withdrawn by its author' WHERE status = 'withdrawn'")
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_submission_submissionstatus'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_submission_submissionstatus'),
                                         "status IN ('pending', 'published', 'hidden')")
        batch_op.drop_column('withdrawn_at')

    with op.batch_alter_table('submission_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_revision_submission_id'))
        batch_op.drop_index(batch_op.f('ix_submission_revision_organisation_id'))

    op.drop_table('submission_revision')
