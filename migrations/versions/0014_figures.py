"""figures: baselines and targets per indicator and year; women and men an organisation records;
sale_line, the lines of sold orders the figures sum, filled from the orders already sold

Revision ID: 0014_figures
Revises: 0013_lot_withdrawal
Create Date: 2026-12-03 07:56:13.661750

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_figures'
down_revision = '0013_lot_withdrawal'
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

    op.create_table('sale_line',
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('buyer', sa.String(length=254), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('fair_id', sa.Integer(), nullable=True),
    sa.Column('export', sa.Boolean(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['fair_id'], ['fair.id'], name=op.f('fk_sale_line_fair_id_fair'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['line_id'], ['order_line.id'], name=op.f('fk_sale_line_line_id_order_line'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['order_id'], ['customer_order.id'], name=op.f('fk_sale_line_order_id_customer_order'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_sale_line_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_sale_line_product_id_product'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('line_id', name=op.f('pk_sale_line'))
    )
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.create_index('ix_sale_line_buyer_paid_at', ['buyer', 'paid_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sale_line_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sale_line_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sale_line_paid_at'), ['paid_at'], unique=False)
    # The orders sold before this migration; from now on orders keep sale_line in step themselves.
    op.execute(
        "INSERT INTO sale_line (line_id, order_id, paid_at, buyer, organisation_id, product_id, fair_id, export, amount) "
        "SELECT l.id, o.id, o.paid_at, o.email, l.organisation_id, l.product_id, o.credited_fair_id, o.country <> 'PE', "
        "l.unit_price_amount * l.quantity FROM order_line l JOIN customer_order o ON o.id = l.order_id "
        "WHERE o.status IN ('paid', 'completed') AND o.paid_at IS NOT NULL"
    )



def downgrade():
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_line_paid_at'))
        batch_op.drop_index(batch_op.f('ix_sale_line_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_sale_line_order_id'))
        batch_op.drop_index('ix_sale_line_buyer_paid_at')

    op.drop_table('sale_line')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('members_men')
        batch_op.drop_column('members_women')

    op.drop_table('indicator_target')
