from .awards import Award, AwardLine
from .contracts import Contract, ContractStatusChange, ContractVersion
from .implementation import (
    DoubtfulSpending,
    Reallocation,
    Report,
    ReportFile,
    ReportResult,
    ReportStatusChange,
    Spending,
)
from .support import (
    Activity,
    BudgetLine,
    DoubtfulBudgetLine,
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
    "DoubtfulBudgetLine",
    "DoubtfulSpending",
    "ExpectedResult",
    "Reallocation",
    "Report",
    "ReportFile",
    "ReportResult",
    "ReportStatusChange",
    "Spending",
    "SupportStatusChange",
    "TechnicalSupportApplication",
]
