"""The demo call is the real call: its topics and priorities stand in the seed text."""

import re
from pathlib import Path

import pytest

from applications.demo import CALL_2022, KEY_TOPICS, PRIORITIES

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "call-2022.ru.txt"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("ё", "е")).lower()


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside this checkout")
def test_topics_priorities_and_contact_come_from_the_seed():
    seed = _normalise(SEED.read_text(encoding="utf-8"))
    for ru, _ky, _en in KEY_TOPICS + PRIORITIES:
        assert _normalise(ru) in seed, ru
    assert CALL_2022["contact_email"] in seed
    assert "870 000 сомов" in seed
