"""The on-track rule on rising, falling, flat and sparse series, for both polarities."""

import datetime

import pytest
from django.utils import translation

from strategia.indicators.judgement import (
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    NEUTRAL,
    Point,
    Reason,
    Status,
    TargetValue,
    count_statuses,
    decimal_year,
    judge,
    least_squares,
)


def series(start: int, values: list[float]) -> list[Point]:
    return [Point(x=start + i, value=v) for i, v in enumerate(values)]


RISING = series(2018, [10, 11, 12, 13, 14, 15])  # +1 a year, latest 2023 = 15
FALLING = series(2018, [15, 14, 13, 12, 11, 10])  # −1 a year, latest 2023 = 10
FLAT = series(2018, [12, 12, 12, 12, 12, 12])


def test_least_squares_recovers_a_line():
    trend = least_squares(series(2000, [1, 3, 5, 7]))
    assert trend.slope == pytest.approx(2)
    assert trend.at(2004) == pytest.approx(9)


def test_least_squares_needs_two_distinct_x():
    assert least_squares([Point(2020, 1)]) is None
    assert least_squares([Point(2020, 1), Point(2020, 2)]) is None


def test_decimal_year():
    assert decimal_year(datetime.date(2024, 1, 1)) == 2024.0
    assert decimal_year(datetime.date(2023, 7, 2)) == pytest.approx(2023.5, abs=0.003)


class TestHigherIsBetter:
    def test_rising_reaching_target_on_time_is_on_track(self):
        # 15 in 2023, +1 a year → 20 in 2028.
        j = judge(RISING, [TargetValue(2028, 20)], HIGHER_IS_BETTER)
        assert j.status == Status.ON_TRACK
        assert j.reason == Reason.ON_PACE
        assert j.reach_year == 2028
        assert j.projected == pytest.approx(20)

    def test_rising_reaching_target_early_is_ahead(self):
        j = judge(RISING, [TargetValue(2030, 18)], HIGHER_IS_BETTER)
        assert j.status == Status.AHEAD
        assert j.reason == Reason.REACHED_EARLY
        assert j.reach_year == 2026

    def test_rising_too_slowly_is_off_track_with_a_later_reach_year(self):
        j = judge(RISING, [TargetValue(2025, 25)], HIGHER_IS_BETTER)
        assert j.status == Status.OFF_TRACK
        assert j.reason == Reason.TOO_SLOW
        assert j.reach_year == 2033

    def test_falling_is_off_track_moving_away(self):
        j = judge(FALLING, [TargetValue(2030, 20)], HIGHER_IS_BETTER)
        assert j.status == Status.OFF_TRACK
        assert j.reason == Reason.WRONG_DIRECTION
        assert j.reach_year is None

    def test_flat_is_off_track(self):
        j = judge(FLAT, [TargetValue(2030, 20)], HIGHER_IS_BETTER)
        assert j.status == Status.OFF_TRACK
        assert j.reason == Reason.FLAT

    def test_target_already_met_is_ahead(self):
        j = judge(FALLING, [TargetValue(2030, 9.5), TargetValue(2026, 10)], HIGHER_IS_BETTER)
        # The nearest target (2026: 10) is already met by the latest value 10.
        assert j.target == TargetValue(2026, 10)
        assert j.status == Status.AHEAD
        assert j.reason == Reason.TARGET_REACHED

    def test_missing_by_less_than_tolerance_is_on_track(self):
        # Baseline 10, target 20.2 in 2028: asks for +10.2; the trend gives 20, 0.2 short (< 5 %).
        j = judge(RISING, [TargetValue(2028, 20.2)], HIGHER_IS_BETTER)
        assert j.status == Status.ON_TRACK
        assert j.reason == Reason.WITHIN_TOLERANCE

    def test_missing_by_more_than_tolerance_is_off_track(self):
        j = judge(RISING, [TargetValue(2028, 21)], HIGHER_IS_BETTER)
        assert j.status == Status.OFF_TRACK

    def test_passed_target_year_not_met_is_off_track(self):
        j = judge(RISING, [TargetValue(2020, 30)], HIGHER_IS_BETTER)
        assert j.status == Status.OFF_TRACK
        assert j.reason == Reason.TARGET_MISSED

    def test_trend_uses_only_the_latest_points(self):
        # A long fall followed by six years of rise: the verdict follows the rise.
        points = series(2000, [30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 11, 12, 13, 14, 15])
        j = judge(points, [TargetValue(2020, 20)], HIGHER_IS_BETTER)
        assert j.trend.points == 6
        assert j.trend.slope > 0
        assert j.status == Status.ON_TRACK
        assert j.baseline == Point(2000, 30)
        assert j.change == pytest.approx(-15)


class TestLowerIsBetter:
    def test_falling_reaching_target_on_time_is_on_track(self):
        j = judge(FALLING, [TargetValue(2028, 5)], LOWER_IS_BETTER)
        assert j.status == Status.ON_TRACK
        assert j.reach_year == 2028

    def test_falling_early_is_ahead(self):
        j = judge(FALLING, [TargetValue(2030, 8)], LOWER_IS_BETTER)
        assert j.status == Status.AHEAD
        assert j.reach_year == 2025

    def test_rising_is_off_track_moving_away(self):
        j = judge(RISING, [TargetValue(2030, 5)], LOWER_IS_BETTER)
        assert j.status == Status.OFF_TRACK
        assert j.reason == Reason.WRONG_DIRECTION

    def test_flat_is_off_track(self):
        j = judge(FLAT, [TargetValue(2030, 5)], LOWER_IS_BETTER)
        assert j.status == Status.OFF_TRACK
        assert j.reason == Reason.FLAT

    def test_already_below_target_is_ahead(self):
        j = judge(FALLING, [TargetValue(2030, 11)], LOWER_IS_BETTER)
        assert j.status == Status.AHEAD
        assert j.reason == Reason.TARGET_REACHED

    def test_falling_too_slowly_is_off_track(self):
        j = judge(FALLING, [TargetValue(2025, 2)], LOWER_IS_BETTER)
        assert j.status == Status.OFF_TRACK
        assert j.reason == Reason.TOO_SLOW
        assert j.reach_year == 2031


@pytest.mark.parametrize("polarity", [HIGHER_IS_BETTER, LOWER_IS_BETTER])
class TestSparse:
    def test_no_points_is_no_data(self, polarity):
        j = judge([], [TargetValue(2030, 10)], polarity)
        assert j.status == Status.NO_DATA
        assert j.reason == Reason.NO_OBSERVATIONS
        assert j.latest is None and j.change is None

    def test_one_point_not_meeting_target_is_no_data(self, polarity):
        target = 20 if polarity == HIGHER_IS_BETTER else 5
        j = judge([Point(2023, 12)], [TargetValue(2030, target)], polarity)
        assert j.status == Status.NO_DATA
        assert j.reason == Reason.TOO_FEW_POINTS
        assert j.latest == Point(2023, 12)

    def test_one_point_meeting_target_is_ahead(self, polarity):
        target = 10 if polarity == HIGHER_IS_BETTER else 15
        j = judge([Point(2023, 12)], [TargetValue(2030, target)], polarity)
        assert j.status == Status.AHEAD

    def test_two_points_give_a_trend(self, polarity):
        values = [10, 12] if polarity == HIGHER_IS_BETTER else [12, 10]
        target = 20 if polarity == HIGHER_IS_BETTER else 2
        j = judge(series(2022, values), [TargetValue(2027, target)], polarity)
        # ±2 a year from 2023 reaches the target in 2027 exactly.
        assert j.trend.points == 2
        assert j.status == Status.ON_TRACK
        assert j.reach_year == 2027

    def test_no_target_is_not_judged(self, polarity):
        j = judge(RISING, [], polarity)
        assert j.status == Status.NOT_JUDGED
        assert j.reason == Reason.NO_TARGET
        assert j.latest == Point(2023, 15)


def test_neutral_is_never_judged():
    j = judge(RISING, [TargetValue(2030, 20)], NEUTRAL)
    assert j.status == Status.NOT_JUDGED
    assert j.reason == Reason.NEUTRAL
    assert j.change == 5


def test_quarterly_target_is_the_last_quarter_of_its_year():
    # +1 a quarter from 2023Q1 (10) → 2025Q4 is 21.
    points = [Point(2023 + i / 4, 10 + i) for i in range(4)]
    j = judge(points, [TargetValue(2025, 21)], HIGHER_IS_BETTER, period_years=0.25)
    assert j.target_x == pytest.approx(2025.75)
    assert j.projected == pytest.approx(21)
    assert j.status == Status.ON_TRACK


def test_sentence_in_finnish_and_english():
    j = judge(RISING, [TargetValue(2025, 25)], HIGHER_IS_BETTER)
    with translation.override("en"):
        assert "At the current pace the target would be reached in 2033" in j.sentence
    with translation.override("fi"):
        assert "Nykyvauhdilla tavoite saavutettaisiin vuonna 2033" in j.sentence


def test_count_statuses_lists_every_status():
    counts = count_statuses(
        [judge(RISING, [TargetValue(2030, 18)], HIGHER_IS_BETTER), judge([], [], HIGHER_IS_BETTER)]
    )
    assert counts == {"ahead": 1, "on_track": 0, "off_track": 0, "no_data": 0, "not_judged": 1}
