"""figures: baselines and targets per indicator and year; women and men an organisation records

Revision ID: 0009_figures
Revises: 0008_fairs
Create Date: 2026-12-03 07:56:13.661750

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_figures'
down_revision = '0008_fairs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('indicator_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('baseline', sa.BigInteger(), nullable=True),
    sa.Column('target', sa.BigInteger(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_indicator_target_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_target')),
    sa.UniqueConstraint('indicator', 'year', name='uq_indicator_target_indicator_year')
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('members_women', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('members_men', sa.Integer(), nullable=True))



def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('members_men')
        batch_op.drop_column('members_women')

    op.drop_table('indicator_target')
