"""fair contacts: an index the fair report reads its counts per booth from, without the table

Revision ID: 0018_fair_report_index
Revises: 0017_promoters
Create Date: 2026-12-03 12:35:00

"""
from alembic import op


revision = '0018_fair_report_index'
down_revision = '0017_promoters'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_fair_contact_report', 'fair_contact', ['fair_id', 'booth_id', 'sample_sent_at', 'quoted_at'])


def downgrade():
    op.drop_index('ix_fair_contact_report', table_name='fair_contact')
