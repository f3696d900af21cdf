"""sent forms: every filled form that creates something, by the id it was given when shown, so
a form sent twice (a lost answer, a second tap) creates one variant, lot, product, assisted
listing or fair contact; the fair contacts' own table of sendings moves into it

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
    op.execute(
        "INSERT INTO sent_form (kind, owner, client_id, record_id, received_at) "
        "SELECT 'fairs.contact', 'organisation:' || CAST(c.organisation_id AS VARCHAR(20)), s.client_id, "
        "s.contact_id, s.received_at "
        "FROM fair_contact_submission s JOIN fair_contact c ON c.id = s.contact_id"
    )
    with op.batch_alter_table('fair_contact_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_contact_submission_contact_id'))
    op.drop_table('fair_contact_submission')


def downgrade():
    op.create_table('fair_contact_submission',
    sa.Column('client_id', sa.String(length=40), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['fair_contact.id'], name=op.f('fk_fair_contact_submission_contact_id_fair_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_fair_contact_submission'))
    )
    with op.batch_alter_table('fair_contact_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_contact_submission_contact_id'), ['contact_id'], unique=False)
    # A client id two organisations both used (possible only since this revision) goes back once.
    op.execute(
        "INSERT INTO fair_contact_submission (client_id, contact_id, received_at) "
        "SELECT client_id, MIN(record_id), MIN(received_at) FROM sent_form "
        "WHERE kind = 'fairs.contact' AND record_id IN (SELECT id FROM fair_contact) GROUP BY client_id"
    )
    op.drop_table('sent_form')
