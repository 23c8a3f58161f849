from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from strategia.content.defaults import (
    DEFAULT_CONTENT_FILE,
    ContentExtension,
    default_content_load,
)
from strategia.content.schema import ContentFileError, read_content_file
from strategia.organisations.models import Organisation

# Other apps' default content, loaded after the strategy in the same
# transaction: one dotted path per line to a function called as
# ``function(organisation=..., stdout=...)``. A function whose app is not
# installed is skipped, so a deployment without that app still loads.
CONTENT_EXTENSIONS: list[str] = [
    "strategia.indicators.defaults.load_default_indicators",
    "strategia.assessments.defaults.load_default_assessment_template",
]


def installed_extensions() -> list[ContentExtension]:
    return [
        import_string(path)
        for path in CONTENT_EXTENSIONS
        if apps.get_containing_app_config(path) is not None
    ]


class Command(BaseCommand):
    help = (
        "Load the default content (Kemi's strategy) from a YAML file. Safe to run again: "
        "only what differs from the file is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database has no organisation yet (used by `make run`).",
        )
        parser.add_argument(
            "--file",
            type=Path,
            default=DEFAULT_CONTENT_FILE,
            help="The content file to load (default: the built-in Kemi strategy).",
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and Organisation.objects.exists():
            self.stdout.write("The database already has content; nothing loaded.")
            return
        path: Path = options["file"]
        try:
            spec = read_content_file(path)
            organisation, report = default_content_load(
                spec=spec, extensions=installed_extensions(), stdout=self.stdout
            )
        except ContentFileError as error:
            problems = "\n".join(f"  {problem}" for problem in error.errors)
            raise CommandError(
                f"Nothing was loaded: {path} has {len(error.errors)} problem(s):\n{problems}"
            ) from error
        self.stdout.write(f"Default content of {organisation} loaded from {path}:")
        for line in report.lines():
            self.stdout.write(line)
