"""officials translate an answer into the site's other languages

Revision ID: 0018_answer_translations
Revises: 0017_review_comment
Create Date: 2026-12-06 06:30:00

Each answer keeps its translations by language code, next to its text; an answer given with a
theme carries the theme answer's translations, as it carries its words.
"""
from alembic import op
import sqlalchemy as sa


revision = '0018_answer_translations'
down_revision = '0017_review_comment'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response') as batch_op:
        batch_op.add_column(sa.Column('translations', sa.JSON(), server_default='{}',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('response') as batch_op:
        batch_op.drop_column('translations')
