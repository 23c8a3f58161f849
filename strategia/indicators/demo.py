"""Sample indicator values for ``load_demo_data`` (one line in its SAMPLE_DATA_MODULES).

Every row made here has ``is_sample = True``; the public pages say "sample
data" while any is present, and ``remove_sample_data`` deletes exactly these.
"""

from typing import TextIO

from strategia.organisations.models import Organisation

from .defaults import load_default_indicators, load_sample_observations
from .models import Observation, Target


def add_sample_data(*, organisation: Organisation, stdout: TextIO | None = None) -> None:
    # The default indicators are real content, not sample data; make sure they exist.
    load_default_indicators(organisation=organisation)
    written = load_sample_observations(organisation=organisation)
    if stdout is not None:
        stdout.write(f"Indicators: {written} sample observations.\n")


def remove_sample_data(*, stdout: TextIO | None = None) -> None:
    observations, _ = Observation.objects.filter(is_sample=True).delete()
    targets, _ = Target.objects.filter(is_sample=True).delete()
    if stdout is not None:
        stdout.write(
            f"Indicators: removed {observations} sample observations and {targets} targets.\n"
        )
