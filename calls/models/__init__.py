from .call import Call, FaqEntry, InfoSessionRegistration, KeyTopic, Priority
from .criteria import Criterion, Stage
from .terms import SupportTerms
from .timeline import TimelineStep, call_timeline

__all__ = [
    "Call",
    "Criterion",
    "FaqEntry",
    "InfoSessionRegistration",
    "KeyTopic",
    "Priority",
    "Stage",
    "SupportTerms",
    "TimelineStep",
    "call_timeline",
]
