"""residents choose which of two themes or ideas matters more; rounds, items, pairs, answers

Revision ID: 0023_pairwise
Revises: 0022_sms_channel
Create Date: 2026-12-07 09:00:00

A round copies what it compares into its items (with each item's tally of answers), records
each pair shown to each voter, and each answer: a winner and a loser, or neither.
"""
from alembic import op
import sqlalchemy as sa


revision = '0023_pairwise'
down_revision = '0022_sms_channel'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _scoped(table):
    return [
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                                name=op.f(f'fk_{table}_organisation_id_organisation')),
    ]


def _voter(table):
    return [
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('voter_key', sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE',
                                name=op.f(f'fk_{table}_user_id_user')),
    ]


def upgrade():
    op.create_table(
        'pairwise_round',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('consultation_id', sa.Integer(), nullable=False),
        sa.Column('subject', _enum('subject', 'themes', 'ideas'), nullable=False),
        sa.Column('question', sa.String(length=200), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        *_scoped('pairwise_round'),
        sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_round_consultation_id_consultation')),
        sa.ForeignKeyConstraint(['opened_by_id'], ['user.id'], ondelete='SET NULL',
                                name=op.f('fk_pairwise_round_opened_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pairwise_round')),
    )
    op.create_index('ix_pairwise_round_consultation_closed', 'pairwise_round',
                    ['consultation_id', 'closed_at'])
    op.create_index(op.f('ix_pairwise_round_organisation_id'), 'pairwise_round',
                    ['organisation_id'])

    op.create_table(
        'pairwise_item',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=True),
        sa.Column('submission_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('language', sa.String(length=10), nullable=True),
        sa.Column('wins', sa.Integer(), nullable=False),
        sa.Column('losses', sa.Integer(), nullable=False),
        sa.Column('undecided', sa.Integer(), nullable=False),
        *_scoped('pairwise_item'),
        sa.ForeignKeyConstraint(['round_id'], ['pairwise_round.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_item_round_id_pairwise_round')),
        sa.ForeignKeyConstraint(['theme_id'], ['theme.id'], ondelete='SET NULL',
                                name=op.f('fk_pairwise_item_theme_id_theme')),
        sa.ForeignKeyConstraint(['submission_id'], ['submission.id'], ondelete='SET NULL',
                                name=op.f('fk_pairwise_item_submission_id_submission')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pairwise_item')),
        sa.UniqueConstraint('round_id', 'position',
                            name=op.f('uq_pairwise_item_round_id_position')),
    )
    op.create_index(op.f('ix_pairwise_item_organisation_id'), 'pairwise_item',
                    ['organisation_id'])

    op.create_table(
        'pairwise_shown',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('left_item_id', sa.Integer(), nullable=False),
        sa.Column('right_item_id', sa.Integer(), nullable=False),
        *_voter('pairwise_shown'),
        sa.Column('shown_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
        *_scoped('pairwise_shown'),
        sa.ForeignKeyConstraint(['round_id'], ['pairwise_round.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_shown_round_id_pairwise_round')),
        sa.ForeignKeyConstraint(['left_item_id'], ['pairwise_item.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_shown_left_item_id_pairwise_item')),
        sa.ForeignKeyConstraint(['right_item_id'], ['pairwise_item.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_shown_right_item_id_pairwise_item')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pairwise_shown')),
    )
    op.create_index('ix_pairwise_shown_round_user', 'pairwise_shown', ['round_id', 'user_id'])
    op.create_index('ix_pairwise_shown_round_key', 'pairwise_shown', ['round_id', 'voter_key'])
    op.create_index(op.f('ix_pairwise_shown_left_item_id'), 'pairwise_shown', ['left_item_id'])
    op.create_index(op.f('ix_pairwise_shown_right_item_id'), 'pairwise_shown',
                    ['right_item_id'])
    op.create_index(op.f('ix_pairwise_shown_organisation_id'), 'pairwise_shown',
                    ['organisation_id'])

    op.create_table(
        'pairwise_vote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('pair_id', sa.Integer(), nullable=False),
        sa.Column('winner_item_id', sa.Integer(), nullable=True),
        sa.Column('loser_item_id', sa.Integer(), nullable=True),
        *_voter('pairwise_vote'),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        *_scoped('pairwise_vote'),
        sa.ForeignKeyConstraint(['round_id'], ['pairwise_round.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_vote_round_id_pairwise_round')),
        sa.ForeignKeyConstraint(['pair_id'], ['pairwise_shown.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_vote_pair_id_pairwise_shown')),
        sa.ForeignKeyConstraint(['winner_item_id'], ['pairwise_item.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_vote_winner_item_id_pairwise_item')),
        sa.ForeignKeyConstraint(['loser_item_id'], ['pairwise_item.id'], ondelete='CASCADE',
                                name=op.f('fk_pairwise_vote_loser_item_id_pairwise_item')),
        sa.CheckConstraint('(winner_item_id IS NULL) = (loser_item_id IS NULL)',
                           name=op.f('ck_pairwise_vote_decided_or_not')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pairwise_vote')),
        sa.UniqueConstraint('pair_id', name=op.f('uq_pairwise_vote_pair_id')),
    )
    op.create_index('ix_pairwise_vote_round_winner', 'pairwise_vote',
                    ['round_id', 'winner_item_id', 'loser_item_id'])
    op.create_index(op.f('ix_pairwise_vote_organisation_id'), 'pairwise_vote',
                    ['organisation_id'])


def downgrade():
    op.drop_table('pairwise_vote')
    op.drop_table('pairwise_shown')
    op.drop_table('pairwise_item')
    op.drop_table('pairwise_round')
