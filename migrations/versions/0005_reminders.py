"""Reminders the policy decided (the idempotency key is person, milestone, kind, day), a plan's
own reminder cadence, and staff looked up by township.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('milestone_id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('send_on', sa.Date(), nullable=False),
    sa.Column('colour', sa.String(length=8), nullable=False),
    sa.Column('urgency', sa.Integer(), nullable=False),
    sa.Column('line', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['outbox_message.id'], name=op.f('fk_reminder_message_id_outbox_message')),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestone.id'], name=op.f('fk_reminder_milestone_id_milestone')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_reminder_person_id_person')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['person.id'], name=op.f('fk_reminder_requested_by_id_person')),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_reminder_township_id_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder')),
    sa.UniqueConstraint('person_id', 'milestone_id', 'kind', 'send_on', name=op.f('uq_reminder_person_id_milestone_id_kind_send_on'))
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_due', ['status', 'send_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_milestone_id'), ['milestone_id'], unique=False)

    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminder_policy', JSON, nullable=True))

    op.create_table('reminder_pass',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_reminder_pass'))
    )
    op.create_index('ix_person_township_id', 'person', ['township_id'], unique=False)


def downgrade() -> None:
    op.drop_table('reminder_pass')
    op.drop_index('ix_person_township_id', table_name='person')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_column('reminder_policy')
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_milestone_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_message_id'))
        batch_op.drop_index('ix_reminder_due')
    op.drop_table('reminder')
