"""accounts: programme promoters, who list products for producers without a smartphone

Revision ID: 0017_promoters
Revises: 0016_assisted_listings
Create Date: 2026-12-03 12:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0017_promoters'
down_revision = '0016_assisted_listings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_promoter', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('is_promoter')
