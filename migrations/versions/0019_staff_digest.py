"""staff get one daily mail of what waits for them

Revision ID: 0019_staff_digest
Revises: 0018_answer_translations
Create Date: 2026-12-06 06:40:00

The day each staff member last got it, so that a digest run tried again the same day never
sends it twice.
"""
from alembic import op
import sqlalchemy as sa


revision = '0019_staff_digest'
down_revision = '0018_answer_translations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.add_column(sa.Column('staff_digest_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.drop_column('staff_digest_on')
