"""audit events: one index on (action, occurred_at) instead of action alone, so that the events
of some kinds in a period are read as one range (the figures' brand decisions, the history)

Revision ID: 0022_audit_event_action_index
Revises: 0021_email_delivery
Create Date: 2026-12-03 15:20:00

"""
from alembic import op


revision = '0022_audit_event_action_index'
down_revision = '0021_email_delivery'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_audit_event_action_occurred_at', 'audit_event', ['action', 'occurred_at'])
    op.drop_index('ix_audit_event_action', table_name='audit_event')


def downgrade():
    op.create_index('ix_audit_event_action', 'audit_event', ['action'])
    op.drop_index('ix_audit_event_action_occurred_at', table_name='audit_event')
