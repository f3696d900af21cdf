"""orders: kind — retail (a cart at the shop's prices), sample (muestra sin valor comercial),
wholesale (made from an accepted quote); every order so far is retail

Revision ID: 0015_order_kind
Revises: 0014_figures
Create Date: 2026-12-03 11:53:47.351604

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_order_kind'
down_revision = '0014_figures'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('customer_order', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('retail', 'sample', 'wholesale', name='orderkind', native_enum=False, length=20), server_default='retail', nullable=False))
        batch_op.create_index(batch_op.f('ix_customer_order_kind'), ['kind'], unique=False)


def downgrade():
    with op.batch_alter_table('customer_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_order_kind'))
        batch_op.drop_column('kind')
