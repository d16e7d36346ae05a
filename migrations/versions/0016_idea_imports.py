"""imports of ideas that keep their file, source ids and original dates, and can be undone

Revision ID: 0016_idea_imports
Revises: 0015_covering_indexes
Create Date: 2026-12-06 06:00:00

An import keeps the uploaded file (the refused rows are given back exactly as uploaded) and
the mapping of its columns; each imported idea keeps its id in the source file (a re-import
skips it), the date it was written when older than the date received, and its import (undone
as one action).
"""
from alembic import op
import sqlalchemy as sa

import consult.core.base


revision = '0016_idea_imports'
down_revision = '0015_covering_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('idea_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=True),
    sa.Column('all_or_nothing', sa.Boolean(), nullable=False),
    sa.Column('imported_count', sa.Integer(), nullable=False),
    sa.Column('refused_count', sa.Integer(), nullable=False),
    sa.Column('created_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('imported_at', consult.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('undone_at', consult.core.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_idea_import_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_idea_import_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_idea_import_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_import'))
    )
    with op.batch_alter_table('idea_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_import_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_import_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_import_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_at', consult.core.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('source_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('import_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_submission_import_id'), ['import_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_submission_consultation_id_source_id'), ['consultation_id', 'source_id'])
        batch_op.create_foreign_key(batch_op.f('fk_submission_import_id_idea_import'), 'idea_import', ['import_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_submission_import_id_idea_import'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_submission_consultation_id_source_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_submission_import_id'))
        batch_op.drop_column('import_id')
        batch_op.drop_column('source_id')
        batch_op.drop_column('original_at')

    with op.batch_alter_table('idea_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_import_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_idea_import_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_idea_import_consultation_id'))

    op.drop_table('idea_import')
