"""SQLAlchemy 2.0 typed models, one module per subject. Importing this registers them all."""
from models.base import Base
from models.conversation import ConversationState
from models.knowledge import KnowledgePassage, KnowledgeSynonym, PolicyQuestion
from models.locks import NamedLock
from models.outbox import AccessToken, OutboxMessage, SchedulerLease
from models.organisation import Department, Person, Township
from models.plan import Milestone, Plan, Section, Task, TaskDepartment, TaskLeader
from models.progress import ProgressReport, ReportDraft
from models.reminders import Reminder, ReminderPass
from models.subscriber import InviteCode, SubscribeConsent, Subscriber
from models.web import ConsoleAccount, LoginLink, TaskEvent
from models.wechat import DeliveryReceipt, InboundMessage

__all__ = [
    "Base", "NamedLock", "Department", "Person", "Township", "Milestone", "Plan", "Section", "Task",
    "TaskDepartment", "TaskLeader", "ProgressReport", "ReportDraft", "ConversationState", "InviteCode", "Subscriber",
    "DeliveryReceipt", "InboundMessage", "AccessToken", "OutboxMessage", "Reminder", "ReminderPass",
    "SchedulerLease", "KnowledgePassage", "KnowledgeSynonym", "PolicyQuestion",
    "ConsoleAccount", "LoginLink", "TaskEvent", "SubscribeConsent",
]
