"""assisted listings: a product listed by staff for a producer without a smartphone, waiting for
the producer's confirmation through a one-time link

Revision ID: 0016_assisted_listings
Revises: 0015_order_kind
Create Date: 2026-12-03 12:15:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_assisted_listings'
down_revision = '0015_order_kind'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'assisted_listing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('helper_id', sa.Integer(), nullable=True),
        sa.Column('helper_name', sa.String(length=120), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('link_nonce', sa.String(length=32), nullable=True),
        sa.Column('link_expires_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('declined_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['helper_id'], ['user.id'], name=op.f('fk_assisted_listing_helper_id_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['product_id'], ['product.id'], name=op.f('fk_assisted_listing_product_id_product'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assisted_listing')),
        sa.UniqueConstraint('product_id', name=op.f('uq_assisted_listing_product_id')),
    )


def downgrade():
    op.drop_table('assisted_listing')
