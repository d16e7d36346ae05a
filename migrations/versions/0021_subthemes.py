"""themes hold sub-themes; names in each language of a multilingual theme

Revision ID: 0021_subthemes
Revises: 0020_opinion_votes
Create Date: 2026-12-06 08:50:00

Each run splits a large theme into sub-themes, kept across runs like themes; an idea's
sub-theme in a run is on its membership, and the sub-theme a facilitator moved it to on its
curation.
"""
from alembic import op
import sqlalchemy as sa


revision = '0021_subthemes'
down_revision = '0020_opinion_votes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'subtheme',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('created_by_run_id', sa.Integer(), nullable=True),
        sa.Column('label', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('keywords', sa.JSON(), nullable=False),
        sa.Column('names', sa.JSON(), nullable=False),
        sa.Column('named_by_facilitator', sa.Boolean(), nullable=False),
        sa.Column('representative_id', sa.Integer(), nullable=True),
        sa.Column('examples', sa.JSON(), nullable=False),
        sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], ondelete='CASCADE',
                                name=op.f('fk_subtheme_theme_id_theme')),
        sa.ForeignKeyConstraint(['created_by_run_id'], ['clustering_run.id'],
                                ondelete='SET NULL',
                                name=op.f('fk_subtheme_created_by_run_id_clustering_run')),
        sa.ForeignKeyConstraint(['representative_id'], ['submission.id'], ondelete='SET NULL',
                                name=op.f('fk_subtheme_representative_id_submission')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_subtheme_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subtheme')),
    )
    op.create_index(op.f('ix_subtheme_theme_id'), 'subtheme', ['theme_id'])
    op.create_index(op.f('ix_subtheme_organisation_id'), 'subtheme', ['organisation_id'])
    with op.batch_alter_table('theme_membership') as batch_op:
        batch_op.add_column(sa.Column('subtheme_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_theme_membership_subtheme_id_subtheme'),
                                    'subtheme', ['subtheme_id'], ['id'])
        batch_op.create_index(op.f('ix_theme_membership_subtheme_id'), ['subtheme_id'])
    with op.batch_alter_table('idea_curation') as batch_op:
        batch_op.add_column(sa.Column('placed_in_subtheme_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f('fk_idea_curation_placed_in_subtheme_id_subtheme'),
                                    'subtheme', ['placed_in_subtheme_id'], ['id'])
    with op.batch_alter_table('theme') as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), nullable=False,
                                      server_default='{}'))
    with op.batch_alter_table('clustering_run') as batch_op:
        batch_op.add_column(sa.Column('detailed', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('clustering_run') as batch_op:
        batch_op.drop_column('detailed')
    with op.batch_alter_table('theme') as batch_op:
        batch_op.drop_column('names')
    with op.batch_alter_table('idea_curation') as batch_op:
        batch_op.drop_constraint(op.f('fk_idea_curation_placed_in_subtheme_id_subtheme'),
                                 type_='foreignkey')
        batch_op.drop_column('placed_in_subtheme_id')
    with op.batch_alter_table('theme_membership') as batch_op:
        batch_op.drop_index(op.f('ix_theme_membership_subtheme_id'))
        batch_op.drop_constraint(op.f('fk_theme_membership_subtheme_id_subtheme'),
                                 type_='foreignkey')
        batch_op.drop_column('subtheme_id')
    op.drop_table('subtheme')
