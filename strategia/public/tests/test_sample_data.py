from strategia.core.sample_data import organisation_has_sample_data
from strategia.monitoring.models import StatusUpdate
from strategia.strategy.models import Measure

NOTICE = 'class="sample-notice"'


def test_no_notice_without_sample_data(client, strategy):
    assert not organisation_has_sample_data(strategy.organisation)
    assert NOTICE not in client.get("/fi/").content.decode()


def test_notice_on_every_page_while_sample_data_is_present(client, strategy):
    StatusUpdate.objects.filter(pk=strategy.published.pk).update(is_sample=True)
    assert organisation_has_sample_data(strategy.organisation)
    for url in ("/fi/", "/sv/measures/", strategy.public_measure.get_absolute_url(), "/en/plans/"):
        assert NOTICE in client.get(url).content.decode(), url


def test_sample_data_of_another_organisation_does_not_count(strategy):
    from strategia.strategy.tests.factories import MeasureFactory

    foreign = MeasureFactory()
    Measure.objects.filter(pk=foreign.pk).update(is_sample=True)
    assert not organisation_has_sample_data(strategy.organisation)
    assert organisation_has_sample_data(foreign.organisation)


def test_every_listed_model_is_checked(strategy):
    from django.apps import apps

    from strategia.core.sample_data import SAMPLE_DATA_MODELS

    for label, organisation_path in SAMPLE_DATA_MODELS:
        model = apps.get_model(label)
        assert model._meta.get_field("is_sample")
        # A wrong path raises FieldError here rather than on every public page.
        model._default_manager.filter(**{organisation_path: strategy.organisation}).exists()
    Measure.objects.filter(pk=strategy.internal_measure.pk).update(is_sample=True)
    assert organisation_has_sample_data(strategy.organisation)
