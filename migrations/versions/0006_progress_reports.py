"""Progress reports as staff send them: the parse, the evidence, withdrawal (撤回), the
milestone a report counts towards, and drafts of reports the bot asked about.

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
        batch_op.add_column(sa.Column('milestone_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_progress_report_milestone_id_milestone'),
                                    'milestone', ['milestone_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_progress_report_milestone_id'), ['milestone_id'], unique=False)
        batch_op.create_index('ix_progress_report_current', ['task_id', 'township_id', 'created_at'], unique=False)

    op.create_table('report_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('parse', JSON, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['progress_report.id'], name=op.f('fk_report_draft_report_id_progress_report')),
    sa.ForeignKeyConstraint(['reporter_id'], ['person.id'], name=op.f('fk_report_draft_reporter_id_person')),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_report_draft_township_id_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_draft'))
    )
    with op.batch_alter_table('report_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_draft_openid'), ['openid'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_draft_openid'))
    op.drop_table('report_draft')
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.drop_index('ix_progress_report_current')
        batch_op.drop_index(batch_op.f('ix_progress_report_milestone_id'))
        batch_op.drop_constraint(batch_op.f('fk_progress_report_milestone_id_milestone'), type_='foreignkey')
        batch_op.drop_column('milestone_id')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('evidence')
        batch_op.drop_column('openid')
        batch_op.drop_column('parse')
