"""fair contacts: every sending of the contact form by its browser id, so a resend stores nothing twice

Revision ID: 0012_contact_submissions
Revises: 0011_sign_in_sessions
Create Date: 2026-12-03 07:52:39.426955

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_contact_submissions'
down_revision = '0011_sign_in_sessions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('fair_contact_submission',
    sa.Column('client_id', sa.String(length=40), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['fair_contact.id'], name=op.f('fk_fair_contact_submission_contact_id_fair_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_fair_contact_submission'))
    )
    with op.batch_alter_table('fair_contact_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_contact_submission_contact_id'), ['contact_id'], unique=False)



def downgrade():
    with op.batch_alter_table('fair_contact_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_contact_submission_contact_id'))

    op.drop_table('fair_contact_submission')
