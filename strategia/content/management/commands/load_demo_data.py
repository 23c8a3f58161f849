from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import import_module

from strategia.content.demo import SampleDataError
from strategia.core.invalidation import everything_changed
from strategia.organisations.models import Organisation

# Each app with sample data adds one line here: a module that provides
#   add_sample_data(*, organisation, stdout)   and   remove_sample_data(*, stdout)
# and marks every row it makes with is_sample=True. Modules are added in this
# order and removed in the reverse order, all in one transaction; a module
# whose app is not installed is skipped.
SAMPLE_DATA_MODULES: list[str] = [
    "strategia.content.demo",
    "strategia.accounts.demo",
    "strategia.indicators.demo",
    "strategia.monitoring.demo",
    "strategia.assessments.demo",
    "strategia.ems.demo",
]


def installed_sample_data_modules() -> list:
    return [
        import_module(path)
        for path in SAMPLE_DATA_MODULES
        if apps.get_containing_app_config(path) is not None
    ]


class Command(BaseCommand):
    help = (
        "Add clearly labelled sample data (units, contact persons, measures, status updates) "
        "so that the dashboards can be tried, or remove it with --remove."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--remove", action="store_true", help="Delete every sample row instead."
        )
        parser.add_argument(
            "--organisation",
            help="Slug of the organisation to add sample data to "
            "(default: settings.DEFAULT_ORGANISATION_SLUG).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though settings.DEBUG is off.",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to touch sample data: settings.DEBUG is off, so this looks like a "
                "production installation, where made-up measures and status updates would mix "
                "with the city's real ones. Use --allow-production if you really mean it."
            )
        modules = installed_sample_data_modules()
        if options["remove"]:
            with transaction.atomic():
                for module in reversed(modules):
                    module.remove_sample_data(stdout=self.stdout)
                for organisation_id in Organisation.objects.values_list("pk", flat=True):
                    everything_changed(organisation_id=organisation_id)
            return
        slug = options["organisation"] or settings.DEFAULT_ORGANISATION_SLUG
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(
                f"There is no organisation {slug!r}. Load the default content first: "
                "manage.py load_default_content"
            )
        try:
            with transaction.atomic():
                for module in modules:
                    module.add_sample_data(organisation=organisation, stdout=self.stdout)
                everything_changed(organisation_id=organisation.pk)
        except SampleDataError as error:
            raise CommandError(f"Nothing was added: {error}") from error
        self.stdout.write(
            "The public pages show a sample data notice until it is removed with "
            "manage.py load_demo_data --remove"
        )
