"""privacy, accessibility and terms pages written per language

Revision ID: 0012_pages_per_language
Revises: 0011_withdrawn_ideas
Create Date: 2026-12-05 19:45:00

`organisation.pages` was {page: Markdown}; it becomes {page: {locale: Markdown}}. A page
written before was written in the organisation's main language, and is kept as that.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_pages_per_language'
down_revision = '0011_withdrawn_ideas'
branch_labels = None
depends_on = None

organisation = sa.table(
    'organisation',
    sa.column('id', sa.Integer()),
    sa.column('default_locale', sa.String()),
    sa.column('pages', sa.JSON()),
)


def _rewrite(change):
    connection = op.get_bind()
    rows = connection.execute(sa.select(organisation.c.id, organisation.c.default_locale,
                                        organisation.c.pages)).all()
    for row in rows:
        pages = {name: change(value, row.default_locale or 'en')
                 for name, value in (row.pages or {}).items()}
        pages = {name: value for name, value in pages.items() if value}
        if pages != (row.pages or {}):
            connection.execute(organisation.update().where(organisation.c.id == row.id)
                               .values(pages=pages))


def upgrade():
    _rewrite(lambda value, main: {main: value} if isinstance(value, str) and value else value)


def downgrade():
    # Only the main language's text fits the old form (another language's when it has none).
    _rewrite(lambda value, main: value.get(main) or next(iter(value.values()), '')
             if isinstance(value, dict) else value)
