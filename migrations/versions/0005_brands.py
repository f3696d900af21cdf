"""brands: registry fields, stewards, authorisation details, brand listings and their review

Revision ID: 0005_brands
Revises: 0004_search
Create Date: 2026-11-24 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_brands'
down_revision = '0004_search'
branch_labels = None
depends_on = None

LISTING_STATES = ('draft', 'submitted', 'steward_checked', 'approved', 'sent_back', 'rejected', 'withdrawn')


def upgrade():
    with op.batch_alter_table('collective_brand', schema=None) as batch_op:
        batch_op.add_column(sa.Column('products_covered_es', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('products_covered_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('usage_rules_es', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('usage_rules_en', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('rules_document_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('rules_document_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('rules_document_bytes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('seal_image_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_collective_brand_seal_image_id_image'), 'image',
                                    ['seal_image_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('brand_membership', schema=None) as batch_op:
        batch_op.alter_column('resolution', new_column_name='authorised_by_resolution',
                              existing_type=sa.String(length=120), existing_nullable=True)
        batch_op.add_column(sa.Column('status_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('brand_steward',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('appointed_by_id', sa.Integer(), nullable=True),
    sa.Column('appointed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['appointed_by_id'], ['user.id'], name=op.f('fk_brand_steward_appointed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['brand_id'], ['collective_brand.id'], name=op.f('fk_brand_steward_brand_id_collective_brand'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_brand_steward_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_steward')),
    sa.UniqueConstraint('brand_id', 'user_id', name='uq_brand_steward_brand_user')
    )
    with op.batch_alter_table('brand_steward', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brand_steward_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_brand_steward_user_id'), ['user_id'], unique=False)

    op.create_table('brand_listing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('brand_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum(*LISTING_STATES, name='listingstate', native_enum=False, length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['brand_id'], ['collective_brand.id'], name=op.f('fk_brand_listing_brand_id_collective_brand'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['checked_by_id'], ['user.id'], name=op.f('fk_brand_listing_checked_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['user.id'], name=op.f('fk_brand_listing_claimed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_brand_listing_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_brand_listing_product_id_product'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_listing')),
    sa.UniqueConstraint('product_id', 'brand_id', name='uq_brand_listing_product_brand')
    )
    with op.batch_alter_table('brand_listing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brand_listing_brand_id'), ['brand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_brand_listing_product_id'), ['product_id'], unique=False)
        batch_op.create_index('ix_brand_listing_state_submitted_at', ['state', 'submitted_at'], unique=False)


def downgrade():
    with op.batch_alter_table('brand_listing', schema=None) as batch_op:
        batch_op.drop_index('ix_brand_listing_state_submitted_at')
        batch_op.drop_index(batch_op.f('ix_brand_listing_product_id'))
        batch_op.drop_index(batch_op.f('ix_brand_listing_brand_id'))
    op.drop_table('brand_listing')

    with op.batch_alter_table('brand_steward', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brand_steward_user_id'))
        batch_op.drop_index(batch_op.f('ix_brand_steward_brand_id'))
    op.drop_table('brand_steward')

    with op.batch_alter_table('brand_membership', schema=None) as batch_op:
        batch_op.drop_column('status_changed_at')
        batch_op.drop_column('created_at')
        batch_op.drop_column('status_reason')
        batch_op.alter_column('authorised_by_resolution', new_column_name='resolution',
                              existing_type=sa.String(length=120), existing_nullable=True)

    with op.batch_alter_table('collective_brand', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_collective_brand_seal_image_id_image'), type_='foreignkey')
        batch_op.drop_column('updated_at')
        batch_op.drop_column('seal_image_id')
        batch_op.drop_column('rules_document_bytes')
        batch_op.drop_column('rules_document_name')
        batch_op.drop_column('rules_document_key')
        batch_op.drop_column('usage_rules_en')
        batch_op.drop_column('usage_rules_es')
        batch_op.drop_column('products_covered_en')
        batch_op.drop_column('products_covered_es')
