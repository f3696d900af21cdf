"""catalogue: categories, heritage elements, products, variants, photos, provenance, lots

Revision ID: 0003_catalogue
Revises: 0002_media
Create Date: 2026-11-24 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_catalogue'
down_revision = '0002_media'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('category',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name_es', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=True),
    sa.Column('description_es', sa.Text(), nullable=True),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('sold_by_lot', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['category.id'], name=op.f('fk_category_parent_id_category')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category')),
    sa.UniqueConstraint('slug', name=op.f('uq_category_slug'))
    )
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_parent_id'), ['parent_id'], unique=False)

    op.create_table('heritage_element',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('name_es', sa.String(length=160), nullable=False),
    sa.Column('name_en', sa.String(length=160), nullable=True),
    sa.Column('description_es', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_heritage_element')),
    sa.UniqueConstraint('slug', name=op.f('uq_heritage_element_slug'))
    )
    op.create_table('product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('slug', sa.String(length=160), nullable=True),
    sa.Column('name_es', sa.String(length=140), nullable=True),
    sa.Column('name_en', sa.String(length=140), nullable=True),
    sa.Column('description_es', sa.Text(), nullable=True),
    sa.Column('description_en', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'published', 'archived', name='productstatus', native_enum=False, length=20), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category.id'], name=op.f('fk_product_category_id_category')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_product_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product')),
    sa.UniqueConstraint('slug', name=op.f('uq_product_slug'))
    )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_status'), ['status'], unique=False)

    op.create_table('lot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('lot_code', sa.String(length=40), nullable=False),
    sa.Column('campaign', sa.String(length=40), nullable=True),
    sa.Column('harvest_date', sa.Date(), nullable=False),
    sa.Column('floral_source', sa.String(length=120), nullable=True),
    sa.Column('apiary_district_code', sa.String(length=6), nullable=True),
    sa.Column('moisture_percent', sa.Numeric(precision=4, scale=1), nullable=True),
    sa.Column('net_weight_g', sa.Integer(), nullable=True),
    sa.Column('best_before', sa.Date(), nullable=True),
    sa.Column('sanitary_registration', sa.String(length=60), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('moisture_percent > 0 AND moisture_percent < 100', name=op.f('ck_lot_moisture_range')),
    sa.CheckConstraint('net_weight_g > 0', name=op.f('ck_lot_net_weight_positive')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_lot_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lot')),
    sa.UniqueConstraint('product_id', 'lot_code', name='uq_lot_product_lot_code')
    )
    with op.batch_alter_table('lot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lot_product_id'), ['product_id'], unique=False)

    op.create_table('maker_credit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_maker_credit_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_maker_credit'))
    )
    with op.batch_alter_table('maker_credit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_maker_credit_product_id'), ['product_id'], unique=False)

    op.create_table('product_heritage_element',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('heritage_element_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['heritage_element_id'], ['heritage_element.id'], name=op.f('fk_product_heritage_element_heritage_element_id_heritage_element')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_heritage_element_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', 'heritage_element_id', name=op.f('pk_product_heritage_element'))
    )
    op.create_table('product_photo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('image_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['image_id'], ['image.id'], name=op.f('fk_product_photo_image_id_image'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_product_photo_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_photo')),
    sa.UniqueConstraint('image_id', name=op.f('uq_product_photo_image_id'))
    )
    with op.batch_alter_table('product_photo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_photo_product_id'), ['product_id'], unique=False)

    op.create_table('provenance',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('community', sa.String(length=120), nullable=True),
    sa.Column('district_code', sa.String(length=6), nullable=True),
    sa.Column('technique', sa.Enum('backstrap', 'four_stake', 'pedal', 'knitting', 'crochet', 'hand_spinning', 'embroidery', 'other', name='technique', native_enum=False, length=20), nullable=True),
    sa.Column('technique_other', sa.String(length=80), nullable=True),
    sa.Column('fibre', sa.String(length=120), nullable=True),
    sa.Column('dyes', sa.String(length=200), nullable=True),
    sa.Column('iconography', sa.String(length=200), nullable=True),
    sa.Column('iconography_meaning_es', sa.Text(), nullable=True),
    sa.Column('iconography_meaning_en', sa.Text(), nullable=True),
    sa.Column('hours_of_work', sa.Integer(), nullable=True),
    sa.CheckConstraint('hours_of_work > 0', name=op.f('ck_provenance_hours_positive')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_provenance_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_provenance'))
    )
    op.create_table('variant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=False),
    sa.Column('option_es', sa.String(length=60), nullable=True),
    sa.Column('option_en', sa.String(length=60), nullable=True),
    sa.Column('price_amount', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.CheckConstraint('price_amount > 0', name=op.f('ck_variant_price_positive')),
    sa.CheckConstraint('stock >= 0', name=op.f('ck_variant_stock_not_negative')),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_variant_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_variant')),
    sa.UniqueConstraint('product_id', 'sku', name='uq_variant_product_sku')
    )
    with op.batch_alter_table('variant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_variant_product_id'), ['product_id'], unique=False)


def downgrade():
    with op.batch_alter_table('variant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_variant_product_id'))

    op.drop_table('variant')
    op.drop_table('provenance')
    with op.batch_alter_table('product_photo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_photo_product_id'))

    op.drop_table('product_photo')
    op.drop_table('product_heritage_element')
    with op.batch_alter_table('maker_credit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_maker_credit_product_id'))

    op.drop_table('maker_credit')
    with op.batch_alter_table('lot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lot_product_id'))

    op.drop_table('lot')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_status'))
        batch_op.drop_index(batch_op.f('ix_product_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_product_category_id'))

    op.drop_table('product')
    op.drop_table('heritage_element')
    with op.batch_alter_table('category', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_parent_id'))

    op.drop_table('category')
