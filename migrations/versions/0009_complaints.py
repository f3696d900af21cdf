"""complaints: the Libro de Reclamaciones, its numbered claim sheets and the counter per year

Revision ID: 0009_complaints
Revises: 0008_fairs
Create Date: 2026-12-03 07:52:24.639919

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_complaints'
down_revision = '0008_fairs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('complaint_counter',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_complaint_counter'))
    )
    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('answer_due_on', sa.Date(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('seller_legal_name', sa.String(length=200), nullable=False),
    sa.Column('seller_ruc', sa.String(length=11), nullable=False),
    sa.Column('seller_address', sa.String(length=300), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('consumer_name', sa.String(length=120), nullable=False),
    sa.Column('document_type', sa.Enum('dni', 'ce', 'passport', name='documenttype', native_enum=False, length=20), nullable=False),
    sa.Column('document_number', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('is_minor', sa.Boolean(), nullable=False),
    sa.Column('guardian_name', sa.String(length=120), nullable=True),
    sa.Column('contracted', sa.Enum('product', 'service', name='contractedkind', native_enum=False, length=20), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('order_reference', sa.String(length=16), nullable=True),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('claimed_amount', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('kind', sa.Enum('reclamo', 'queja', name='complaintkind', native_enum=False, length=20), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('consumer_request', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('received', 'answered', name='complaintstatus', native_enum=False, length=20), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status = 'answered') = (answer IS NOT NULL)", name=op.f('ck_complaint_answered_has_answer')),
    sa.CheckConstraint('claimed_amount IS NULL OR claimed_amount > 0', name=op.f('ck_complaint_claimed_amount_positive')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['user.id'], name=op.f('fk_complaint_answered_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['customer_order.id'], name=op.f('fk_complaint_order_id_customer_order'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_complaint_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_complaint_year_number'))
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_answer_due_on'), ['answer_due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_user_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_status'))
        batch_op.drop_index(batch_op.f('ix_complaint_order_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_answer_due_on'))

    op.drop_table('complaint')
    op.drop_table('complaint_counter')
