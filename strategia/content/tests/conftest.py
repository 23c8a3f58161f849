import io

import pytest
from django.core.management import call_command

from .helpers import SEED_FILE


@pytest.fixture
def seed_text() -> str:
    if not SEED_FILE.is_file():
        pytest.skip(f"the seed file is not beside the repository: {SEED_FILE} is absent")
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def default_content(db) -> None:
    call_command("load_default_content", stdout=io.StringIO())
