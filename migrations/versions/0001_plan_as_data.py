"""The plan as data: plan, sections, tasks, milestones, assignments, townships, people,
the progress reports a re-import must never remove, and named locks.

Revision ID: 0001
Revises: 
Create Date: 2026-11-29 22:28:14.214157
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('named_lock',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_named_lock'))
    )
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('county', sa.String(length=64), nullable=True),
    sa.Column('publisher', sa.String(length=128), nullable=True),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.Column('source_digest', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan')),
    sa.UniqueConstraint('title', 'year', name=op.f('uq_plan_title_year'))
    )
    op.create_table('township',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_township')),
    sa.UniqueConstraint('county', 'name', name=op.f('uq_township_county_name'))
    )
    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('county', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_department_township_id_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('county', 'name', name=op.f('uq_department_county_name')),
    sa.UniqueConstraint('township_id', name=op.f('uq_department_township_id'))
    )
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('county', sa.String(length=64), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_person_township_id_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('uq_person_role_county_name', ['role', 'county', 'name'], unique=True, sqlite_where=sa.text('township_id IS NULL'), postgresql_where=sa.text('township_id IS NULL'))

    op.create_table('section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=8), nullable=False),
    sa.Column('number', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_section_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section')),
    sa.UniqueConstraint('plan_id', 'heading', 'number', name=op.f('uq_section_plan_id_heading_number'))
    )
    op.create_table('task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('heading', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('measures', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('leaders_text', sa.Text(), nullable=False),
    sa.Column('departments_text', sa.Text(), nullable=False),
    sa.Column('deadline_text', sa.Text(), nullable=False),
    sa.Column('deadline_error', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source_line', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_task_plan_id_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], name=op.f('fk_task_section_id_section')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task')),
    sa.UniqueConstraint('plan_id', 'section_id', 'number', 'part', name=op.f('uq_task_plan_id_section_id_number_part'))
    )
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_plan_id'), ['plan_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('every', sa.String(length=16), nullable=True),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('set_by_hand', sa.Boolean(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_milestone_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone')),
    sa.UniqueConstraint('task_id', 'position', name=op.f('uq_milestone_task_id_position'))
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_due'), ['due'], unique=False)

    op.create_table('progress_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('township_id', sa.Integer(), nullable=True),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('figures', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['reporter_id'], ['person.id'], name=op.f('fk_progress_report_reporter_id_person')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_progress_report_task_id_task'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['township_id'], ['township.id'], name=op.f('fk_progress_report_township_id_township')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_report'))
    )
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_report_task_id'), ['task_id'], unique=False)

    op.create_table('task_department',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('as_written', sa.String(length=128), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_task_department_department_id_department')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_department_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', 'department_id', name=op.f('pk_task_department'))
    )
    with op.batch_alter_table('task_department', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_department_department_id'), ['department_id'], unique=False)

    op.create_table('task_leader',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_task_leader_person_id_person')),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_leader_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('task_id', 'person_id', name=op.f('pk_task_leader'))
    )
    with op.batch_alter_table('task_leader', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_leader_person_id'), ['person_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('task_leader', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_leader_person_id'))

    op.drop_table('task_leader')
    with op.batch_alter_table('task_department', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_department_department_id'))

    op.drop_table('task_department')
    with op.batch_alter_table('progress_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_report_task_id'))

    op.drop_table('progress_report')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_due'))

    op.drop_table('milestone')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_plan_id'))

    op.drop_table('task')
    op.drop_table('section')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index('uq_person_role_county_name', sqlite_where=sa.text('township_id IS NULL'), postgresql_where=sa.text('township_id IS NULL'))

    op.drop_table('person')
    op.drop_table('department')
    op.drop_table('township')
    op.drop_table('plan')
    op.drop_table('named_lock')
