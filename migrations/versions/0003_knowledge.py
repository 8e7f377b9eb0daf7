"""The policy knowledge base (issue 4): passages, synonyms and the questions asked.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('knowledge_passage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('topic', sa.String(length=128), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('keywords', JSON, nullable=False),
    sa.Column('plan_title', sa.String(length=255), nullable=False),
    sa.Column('plan_year', sa.Integer(), nullable=False),
    sa.Column('cite_as', sa.String(length=64), nullable=False),
    sa.Column('section', sa.String(length=128), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_passage')),
    sa.UniqueConstraint('key', name=op.f('uq_knowledge_passage_key'))
    )
    op.create_table('knowledge_synonym',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variant', sa.String(length=64), nullable=False),
    sa.Column('term', sa.String(length=64), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_synonym')),
    sa.UniqueConstraint('variant', name=op.f('uq_knowledge_synonym_variant'))
    )
    op.create_table('policy_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('openid', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('passage_key', sa.String(length=64), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('answered', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('feedback', sa.String(length=8), nullable=True),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('feedback_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_question'))
    )
    with op.batch_alter_table('policy_question', schema=None) as batch_op:
        batch_op.create_index('ix_policy_question_openid_asked_at', ['openid', 'asked_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('policy_question', schema=None) as batch_op:
        batch_op.drop_index('ix_policy_question_openid_asked_at')
    op.drop_table('policy_question')
    op.drop_table('knowledge_synonym')
    op.drop_table('knowledge_passage')
