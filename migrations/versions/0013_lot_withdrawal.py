"""honey lots: withdrawn from sale (a recall), when and why, for the page their labels open

Revision ID: 0013_lot_withdrawal
Revises: 0012_contact_submissions
Create Date: 2026-12-03 08:42:31.799390

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_lot_withdrawal'
down_revision = '0012_contact_submissions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('lot', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn_at')

