import datetime

import pytest
from django.utils import formats, translation

DAY = datetime.date(2026, 2, 22)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "22.2.2026"), ("sv", "22.2.2026"), ("en", "22/02/2026")],
)
def test_short_dates_follow_finnish_usage_in_every_language(language, expected):
    with translation.override(language):
        assert formats.date_format(DAY, "SHORT_DATE_FORMAT") == expected


def test_swedish_numbers_use_a_decimal_comma():
    with translation.override("sv"):
        assert formats.number_format(1234.5, decimal_pos=1) == "1234,5"
