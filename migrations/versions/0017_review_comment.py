"""a reviewer sends an answer back to its drafter with a comment

Revision ID: 0017_review_comment
Revises: 0016_idea_imports
Create Date: 2026-12-06 06:10:00

The comment stays with the answer until its drafter sends it for review again; it is for
officials, never published.
"""
from alembic import op
import sqlalchemy as sa


revision = '0017_review_comment'
down_revision = '0016_idea_imports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response') as batch_op:
        batch_op.add_column(sa.Column('review_comment', sa.Text(), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('response') as batch_op:
        batch_op.drop_column('review_comment')
