"""Reminder channels: consent to subscribe notifications (订阅通知) per openid and template, and
the channel the office prefers for a person reachable both on WeChat and on WeCom.

WeCom members are subscriber rows with openid "wecom:<userid>"; outbox messages name their
channel in the existing column. Self-contained: only adds.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('subscribe_consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('template_id', sa.String(length=128), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('long_term', sa.Boolean(), nullable=False),
    sa.Column('remaining', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_subscribe_consent')),
    sa.UniqueConstraint('openid', 'template_id', name=op.f('uq_subscribe_consent_openid_template_id'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_channel', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('reminder_channel')
    op.drop_table('subscribe_consent')
