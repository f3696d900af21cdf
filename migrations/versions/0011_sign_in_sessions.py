"""accounts: one revocable record per signed-in browser, wrong passwords in a row per account,
sign-ups waiting for their email to be confirmed

Revision ID: 0011_sign_in_sessions
Revises: 0010_bands_and_names
Create Date: 2026-12-03 08:05:00.403615

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_sign_in_sessions'
down_revision = '0010_bands_and_names'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_sign_up',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('next_path', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_sign_up')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_pending_sign_up_token_hash'))
    )
    with op.batch_alter_table('pending_sign_up', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_sign_up_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_sign_up_email'), ['email'], unique=False)

    op.create_table('sign_in_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('remembered', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_sign_in_session_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_session_token_hash'))
    )
    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('sign_in_blocked_until', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('sign_in_blocked_until')
        batch_op.drop_column('failed_sign_ins')

    with op.batch_alter_table('sign_in_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_session_user_id'))

    op.drop_table('sign_in_session')
    with op.batch_alter_table('pending_sign_up', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_sign_up_email'))
        batch_op.drop_index(batch_op.f('ix_pending_sign_up_created_at'))

    op.drop_table('pending_sign_up')
