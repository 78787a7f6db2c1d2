from celery import shared_task

from . import contracts


@shared_task(name="grants.tasks.build_contract")
def build_contract(award_id: int, revision: int) -> int | None:
    version = contracts.build_contract_version(award_id=award_id, revision=revision)
    return version.pk if version else None


@shared_task(name="grants.tasks.sweep_contracts")
def sweep_contracts() -> int:
    """Print contracts whose build task was lost (the broker was down, the worker died)."""
    awards = contracts.awards_without_pdf()
    for award in awards:
        contracts.build_contract_version(award_id=award.pk, revision=award.revision)
    return len(awards)
