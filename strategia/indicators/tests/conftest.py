from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data_path():
    return lambda name: str(DATA / name)


@pytest.fixture
def run_import(organisation, data_path):
    """Run import_observations on a test file; return its standard output."""

    def run(fmt, name, *args):
        from io import StringIO

        out = StringIO()
        path = name if "/" in name else data_path(name)
        call_command(
            "import_observations", path, "--format", fmt, "--no-progress", *args, stdout=out
        )
        return out.getvalue()

    return run


@pytest.fixture
def english():
    """Messages in English, so that tests can match them whatever the catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield
