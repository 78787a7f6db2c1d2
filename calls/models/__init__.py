from .call import Call, FaqEntry, InfoSessionRegistration, KeyTopic, Priority
from .criteria import Criterion, Stage
from .forms import AnswersDocument, Form, FormSection, FormVersion
from .questions import Question, QuestionType
from .terms import SupportTerms
from .timeline import TimelineStep, call_timeline

__all__ = [
    "AnswersDocument",
    "Call",
    "Criterion",
    "FaqEntry",
    "Form",
    "FormSection",
    "FormVersion",
    "InfoSessionRegistration",
    "KeyTopic",
    "Priority",
    "Question",
    "QuestionType",
    "Stage",
    "SupportTerms",
    "TimelineStep",
    "call_timeline",
]
