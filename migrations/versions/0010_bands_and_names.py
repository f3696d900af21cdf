"""stock bands and order lines in English: the log of products whose stock band a sale changed
(cached public pages showing them are made again); the English product and variant names an
order line keeps, filled for lines already placed from the products as they are now

Revision ID: 0010_bands_and_names
Revises: 0009_complaints
Create Date: 2026-12-03 07:56:46.541513

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_bands_and_names'
down_revision = '0009_complaints'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stock_band_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_stock_band_change_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_band_change'))
    )
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('product_name_en', sa.String(length=140), nullable=True))
        batch_op.add_column(sa.Column('variant_name_en', sa.String(length=60), nullable=True))
    op.execute(
        "UPDATE order_line SET product_name_en = (SELECT name_en FROM product WHERE product.id = order_line.product_id),"
        " variant_name_en = (SELECT option_en FROM variant WHERE variant.id = order_line.variant_id)"
    )


def downgrade():
    with op.batch_alter_table('order_line', schema=None) as batch_op:
        batch_op.drop_column('variant_name_en')
        batch_op.drop_column('product_name_en')

    op.drop_table('stock_band_change')
