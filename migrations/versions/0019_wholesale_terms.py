"""wholesale terms on a variant: unit, wholesale minimum, lead time, sample price and price tiers
by quantity; an order line may cost nothing (a free sample)

Revision ID: 0019_wholesale_terms
Revises: 0018_fair_report_index
Create Date: 2026-12-03 11:59:00.876371

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_wholesale_terms'
down_revision = '0018_fair_report_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('price_tier',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('min_quantity', sa.Integer(), nullable=False),
    sa.Column('price_amount', sa.Integer(), nullable=False),
    sa.CheckConstraint('min_quantity > 1', name=op.f('ck_price_tier_min_quantity_above_one')),
    sa.CheckConstraint('price_amount > 0', name=op.f('ck_price_tier_price_positive')),
    sa.ForeignKeyConstraint(['variant_id'], ['variant.id'], name=op.f('fk_price_tier_variant_id_variant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_tier')),
    sa.UniqueConstraint('variant_id', 'min_quantity', name='uq_price_tier_variant_min_quantity')
    )
    with op.batch_alter_table('price_tier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_price_tier_variant_id'), ['variant_id'], unique=False)

    with op.batch_alter_table('variant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit', sa.Enum('piece', 'jar', 'kg', 'bucket_25kg', name='saleunit', native_enum=False, length=20), server_default='piece', nullable=False))
        batch_op.add_column(sa.Column('wholesale_minimum', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lead_time_days', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sample_price_amount', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_variant_wholesale_minimum_positive'), 'wholesale_minimum > 0')
        batch_op.create_check_constraint(op.f('ck_variant_lead_time_not_negative'), 'lead_time_days >= 0')
        batch_op.create_check_constraint(op.f('ck_variant_sample_price_not_negative'), 'sample_price_amount >= 0')

    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_order_line_unit_price_positive'), type_='check')
        batch_op.create_check_constraint(op.f('ck_order_line_unit_price_not_negative'), 'unit_price_amount >= 0')


def downgrade():
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_order_line_unit_price_not_negative'), type_='check')
        batch_op.create_check_constraint(op.f('ck_order_line_unit_price_positive'), 'unit_price_amount > 0')

    with op.batch_alter_table('variant', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_variant_sample_price_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_variant_lead_time_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_variant_wholesale_minimum_positive'), type_='check')
        batch_op.drop_column('sample_price_amount')
        batch_op.drop_column('lead_time_days')
        batch_op.drop_column('wholesale_minimum')
        batch_op.drop_column('unit')

    with op.batch_alter_table('price_tier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_price_tier_variant_id'))

    op.drop_table('price_tier')