"""residents vote agree, disagree or pass on ideas; opinion groups are computed from the votes

Revision ID: 0020_opinion_votes
Revises: 0019_staff_digest
Create Date: 2026-12-06 08:30:00

The votes, each idea's vote count (the next idea to vote on has the fewest), and the runs that
group participants by how they voted, with each group, its members and how it voted on each idea.
"""
from alembic import op
import sqlalchemy as sa


revision = '0020_opinion_votes'
down_revision = '0019_staff_digest'
branch_labels = None
depends_on = None



def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _scoped():
    return sa.Column('organisation_id', sa.Integer(), nullable=False)


def upgrade():
    with op.batch_alter_table('submission') as batch_op:
        batch_op.add_column(sa.Column('vote_count', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.create_index('ix_submission_votes', ['consultation_id', 'status', 'vote_count'])

    with op.batch_alter_table('provenance_link') as batch_op:
        batch_op.add_column(sa.Column('common_ground', sa.JSON(), nullable=True))
    with op.batch_alter_table('assembly_round') as batch_op:
        batch_op.add_column(sa.Column('common_ground', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    op.create_table(
        'opinion_vote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('voter_key', sa.String(length=80), nullable=True),
        sa.Column('stance', _enum('stance', 'agree', 'disagree', 'pass'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        _scoped(),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ondelete='CASCADE',
                                name=op.f('fk_opinion_vote_consultation_id_consultation')),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ondelete='CASCADE',
                                name=op.f('fk_opinion_vote_submission_id_submission')),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE',
                                name=op.f('fk_opinion_vote_user_id_user')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_opinion_vote_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_vote')),
        sa.UniqueConstraint('submission_id', 'user_id',
                            name=op.f('uq_opinion_vote_submission_id_user_id')),
        sa.UniqueConstraint('submission_id', 'voter_key',
                            name=op.f('uq_opinion_vote_submission_id_voter_key')),
    )
    op.create_index('ix_opinion_vote_consultation_user', 'opinion_vote',
                    ['consultation_id', 'user_id'])
    op.create_index('ix_opinion_vote_consultation_key', 'opinion_vote',
                    ['consultation_id', 'voter_key'])
    op.create_index(op.f('ix_opinion_vote_submission_id'), 'opinion_vote', ['submission_id'])
    op.create_index(op.f('ix_opinion_vote_organisation_id'), 'opinion_vote', ['organisation_id'])

    op.create_table(
        'opinion_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=True),
        sa.Column('status', _enum('runstatus', 'queued', 'running', 'succeeded', 'failed'), nullable=False),
        sa.Column('current', sa.Boolean(), nullable=False),
        sa.Column('seed', sa.Integer(), nullable=False),
        sa.Column('min_votes', sa.Integer(), nullable=False),
        sa.Column('algorithm', sa.String(length=200), nullable=True),
        sa.Column('parameters', sa.JSON(), nullable=False),
        sa.Column('participants_in', sa.Integer(), nullable=False),
        sa.Column('participants_out', sa.Integer(), nullable=False),
        sa.Column('votes_in', sa.Integer(), nullable=False),
        sa.Column('ideas_in', sa.Integer(), nullable=False),
        sa.Column('groups_out', sa.Integer(), nullable=False),
        sa.Column('no_groups_reason', sa.Text(), nullable=True),
        sa.Column('map_cells', sa.JSON(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        _scoped(),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ondelete='CASCADE',
                                name=op.f('fk_opinion_run_consultation_id_consultation')),
        sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], ondelete='SET NULL',
                                name=op.f('fk_opinion_run_requested_by_id_user')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_opinion_run_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_run')),
    )
    op.create_index('ix_opinion_run_consultation_status', 'opinion_run',
                    ['consultation_id', 'status'])
    op.create_index(op.f('ix_opinion_run_organisation_id'), 'opinion_run', ['organisation_id'])

    op.create_table(
        'opinion_group',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('representative', sa.JSON(), nullable=False),
        _scoped(),
        sa.ForeignKeyConstraint(['run_id'], ['opinion_run.id'], ondelete='CASCADE',
                                name=op.f('fk_opinion_group_run_id_opinion_run')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_opinion_group_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_group')),
        sa.UniqueConstraint('run_id', 'position', name=op.f('uq_opinion_group_run_id_position')),
    )
    op.create_index(op.f('ix_opinion_group_organisation_id'), 'opinion_group',
                    ['organisation_id'])

    op.create_table(
        'opinion_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('participant', sa.String(length=90), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('x', sa.Float(), nullable=False),
        sa.Column('y', sa.Float(), nullable=False),
        _scoped(),
        sa.ForeignKeyConstraint(['run_id'], ['opinion_run.id'], ondelete='CASCADE',
                                name=op.f('fk_opinion_member_run_id_opinion_run')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_opinion_member_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_member')),
        sa.UniqueConstraint('run_id', 'participant',
                            name=op.f('uq_opinion_member_run_id_participant')),
    )
    op.create_index(op.f('ix_opinion_member_organisation_id'), 'opinion_member',
                    ['organisation_id'])

    op.create_table(
        'opinion_statement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('votes', sa.Integer(), nullable=False),
        sa.Column('agree', sa.Integer(), nullable=False),
        sa.Column('disagree', sa.Integer(), nullable=False),
        sa.Column('passed', sa.Integer(), nullable=False),
        sa.Column('by_group', sa.JSON(), nullable=False),
        sa.Column('classification', _enum('classification', 'common_ground', 'divisive',
                                                'neither', 'too_few_votes'), nullable=False),
        sa.Column('consensus', sa.Float(), nullable=False),
        sa.Column('spread', sa.Float(), nullable=False),
        _scoped(),
        sa.ForeignKeyConstraint(['run_id'], ['opinion_run.id'], ondelete='CASCADE',
                                name=op.f('fk_opinion_statement_run_id_opinion_run')),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ondelete='CASCADE',
                                name=op.f('fk_opinion_statement_submission_id_submission')),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f('fk_opinion_statement_organisation_id_organisation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_statement')),
        sa.UniqueConstraint('run_id', 'submission_id',
                            name=op.f('uq_opinion_statement_run_id_submission_id')),
    )
    op.create_index('ix_opinion_statement_run_class', 'opinion_statement',
                    ['run_id', 'classification', 'consensus'])
    op.create_index(op.f('ix_opinion_statement_submission_id'), 'opinion_statement',
                    ['submission_id'])
    op.create_index(op.f('ix_opinion_statement_organisation_id'), 'opinion_statement',
                    ['organisation_id'])


def downgrade():
    op.drop_table('opinion_statement')
    op.drop_table('opinion_member')
    op.drop_table('opinion_group')
    op.drop_table('opinion_run')
    op.drop_table('opinion_vote')
    with op.batch_alter_table('assembly_round') as batch_op:
        batch_op.drop_column('common_ground')
    with op.batch_alter_table('provenance_link') as batch_op:
        batch_op.drop_column('common_ground')
    with op.batch_alter_table('submission') as batch_op:
        batch_op.drop_index('ix_submission_votes')
        batch_op.drop_column('vote_count')
