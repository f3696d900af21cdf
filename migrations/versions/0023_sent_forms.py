"""sent forms: every filled form that creates something, by the id it was given when shown, so
a form sent twice (a lost answer, a second tap) creates one variant, lot or product

Revision ID: 0023_sent_forms
Revises: 0022_audit_event_action_index
Create Date: 2026-12-03 15:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0023_sent_forms'
down_revision = '0022_audit_event_action_index'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sent_form',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('owner', sa.String(length=40), nullable=False),
    sa.Column('client_id', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_form')),
    sa.UniqueConstraint('kind', 'owner', 'client_id', name=op.f('uq_sent_form_kind'))
    )


def downgrade():
    op.drop_table('sent_form')
