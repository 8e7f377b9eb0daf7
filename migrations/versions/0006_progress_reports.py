"""Progress reports as staff send them: the parse, the evidence, withdrawal (撤回).

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parse', JSON, nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(sa.Column('openid', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('evidence', JSON, nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_progress_report_current', ['task_id', 'township_id', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.drop_index('ix_progress_report_current')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('evidence')
        batch_op.drop_column('openid')
        batch_op.drop_column('parse')
