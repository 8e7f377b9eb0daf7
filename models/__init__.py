"""SQLAlchemy 2.0 typed models, one module per subject. Importing this registers them all."""
from models.base import Base
from models.locks import NamedLock
from models.organisation import Department, Person, Township
from models.plan import Milestone, Plan, Section, Task, TaskDepartment, TaskLeader
from models.progress import ProgressReport

__all__ = [
    "Base", "NamedLock", "Department", "Person", "Township", "Milestone", "Plan", "Section", "Task",
    "TaskDepartment", "TaskLeader", "ProgressReport",
]
