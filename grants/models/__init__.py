from .awards import Award, AwardLine
from .contracts import Contract, ContractStatusChange, ContractVersion, SupportTerms
from .support import (
    Activity,
    BudgetLine,
    ExpectedResult,
    SupportStatusChange,
    TechnicalSupportApplication,
)

__all__ = [
    "Activity",
    "Award",
    "AwardLine",
    "BudgetLine",
    "Contract",
    "ContractStatusChange",
    "ContractVersion",
    "ExpectedResult",
    "SupportStatusChange",
    "SupportTerms",
    "TechnicalSupportApplication",
]
