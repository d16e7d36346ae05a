"""an index for searching ideas on PostgreSQL

Revision ID: 0014_idea_search_index
Revises: 0013_follows
Create Date: 2026-12-06 02:10:00

The ideas list searches `to_tsvector('simple', title || ' ' || text)`; without an index on
that expression PostgreSQL computes it for every idea of the table on every search. SQLite
searches with LIKE and has no such index.
"""
from alembic import op


revision = '0014_idea_search_index'
down_revision = '0013_follows'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_submission_search ON submission "
                   "USING gin (to_tsvector('simple', title || ' ' || text))")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_submission_search")
