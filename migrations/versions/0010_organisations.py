"""several organisations: host names, settings, and the organisation of every row

Revision ID: 0010_organisations
Revises: 0009_staff_security
Create Date: 2026-12-05 19:30:00

Every row that belongs to an organisation gets its `organisation_id`. Installations so far
had one organisation, so every row is given that one (one is created, named "Consult", when
accounts or events exist without it).
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

import consult.core.base


revision = '0010_organisations'
down_revision = '0009_staff_security'
branch_labels = None
depends_on = None

# Tables whose rows now carry the organisation they belong to.
SCOPED = (
    'user', 'event', 'mail_opt_out', 'question', 'submission', 'support', 'flag', 'notice',
    'clustering_run', 'theme', 'theme_membership', 'idea_curation', 'curation_action',
    'commitment', 'milestone', 'provenance_link', 'commitment_revision', 'progress_update',
    'assessment', 'response', 'volunteer', 'draw', 'assembly_round', 'agenda_item',
    'assembly_comment', 'amendment', 'amendment_support', 'assembly_rating',
    'assembly_ranking',
)
# Unique constraints that become unique per organisation: table -> (old column, new columns).
PER_ORGANISATION = {
    'user': ('email', ['organisation_id', 'email']),
    'consultation': ('slug', ['organisation_id', 'slug']),
    'event': ('prev_hash', ['organisation_id', 'prev_hash']),
    'mail_opt_out': ('email', ['organisation_id', 'email']),
}


def upgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locales', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('response_days', sa.Integer(), server_default='60', nullable=False))
        batch_op.add_column(sa.Column('max_commitments', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('offices', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('colour', sa.String(length=7), server_default='#0b6e4f', nullable=False))
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_type', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('logo_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('pages', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('is_demo', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE organisation SET is_demo = (slug = 'bowling-green')")

    op.create_table('organisation_host',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('host', sa.String(length=253), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_host_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_host')),
    sa.UniqueConstraint('host', name=op.f('uq_organisation_host_host'))
    )
    with op.batch_alter_table('organisation_host', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_host_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('worker_heartbeat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('started_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('seen_at', consult.core.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worker_heartbeat')),
    sa.UniqueConstraint('name', name=op.f('uq_worker_heartbeat_name'))
    )
    with op.batch_alter_table('worker_heartbeat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worker_heartbeat_seen_at'), ['seen_at'], unique=False)

    _an_organisation_for_existing_rows()
    for table in SCOPED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        op.execute(f'UPDATE "{table}" SET organisation_id = (SELECT min(id) FROM organisation)')
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_organisation_id_organisation'),
                                        'organisation', ['organisation_id'], ['id'])
            batch_op.create_index(batch_op.f(f'ix_{table}_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('job_failure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_job_failure_organisation_id_organisation'),
                                    'organisation', ['organisation_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_job_failure_organisation_id'), ['organisation_id'], unique=False)

    for table, (column, columns) in PER_ORGANISATION.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_{column}'), type_='unique')
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_{"_".join(columns)}'), columns)


def _an_organisation_for_existing_rows():
    connection = op.get_bind()
    if connection.execute(sa.text('SELECT count(*) FROM organisation')).scalar():
        return
    rows = sum(connection.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar()
               for table in ('user', 'event'))
    if rows:
        connection.execute(
            sa.text("INSERT INTO organisation (name, slug, default_locale, review_required, "
                    "created_at) VALUES ('Consult', 'consult', 'en', :no, :now)"),
            {"no": False, "now": datetime.now(timezone.utc).replace(tzinfo=None)})


def downgrade():
    for table, (column, columns) in PER_ORGANISATION.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_{"_".join(columns)}'), type_='unique')
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_{column}'), [column])

    with op.batch_alter_table('job_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_failure_organisation_id'))
        batch_op.drop_constraint(batch_op.f('fk_job_failure_organisation_id_organisation'), type_='foreignkey')
        batch_op.drop_column('organisation_id')

    for table in reversed(SCOPED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_organisation_id'))
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_organisation_id_organisation'), type_='foreignkey')
            batch_op.drop_column('organisation_id')

    with op.batch_alter_table('worker_heartbeat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worker_heartbeat_seen_at'))
    op.drop_table('worker_heartbeat')

    with op.batch_alter_table('organisation_host', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_host_organisation_id'))
    op.drop_table('organisation_host')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        for name in ('is_demo', 'pages', 'logo_hash', 'logo_type', 'logo', 'colour', 'offices',
                     'max_commitments', 'response_days', 'locales'):
            batch_op.drop_column(name)
