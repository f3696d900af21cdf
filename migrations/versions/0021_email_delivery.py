"""outbox_email: its delivery record — status, attempts, next attempt, last error (was: error)

Emails written before keep what is known of them: sent when sent_at is set, failed when an
error was recorded, otherwise logged (no SMTP was configured).

Revision ID: 0021_email_delivery
Revises: 0020_quotes
Create Date: 2026-12-03 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0021_email_delivery'
down_revision = '0020_quotes'
branch_labels = None
depends_on = None

STATUS = sa.Enum('queued', 'sending', 'retrying', 'sent', 'failed', 'logged', name='deliverystatus',
                 native_enum=False, length=20)


def upgrade():
    with op.batch_alter_table('outbox_email', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', STATUS, server_default='queued', nullable=False))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column('error', new_column_name='last_error', existing_type=sa.Text())
        batch_op.create_index(batch_op.f('ix_outbox_email_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_email_next_attempt_at'), ['next_attempt_at'], unique=False)
    op.execute("UPDATE outbox_email SET status = CASE WHEN sent_at IS NOT NULL THEN 'sent' "
               "WHEN last_error IS NOT NULL THEN 'failed' ELSE 'logged' END, "
               "attempts = CASE WHEN sent_at IS NOT NULL OR last_error IS NOT NULL THEN 1 ELSE 0 END")


def downgrade():
    with op.batch_alter_table('outbox_email', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_email_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_outbox_email_status'))
        batch_op.alter_column('last_error', new_column_name='error', existing_type=sa.Text())
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('status')
