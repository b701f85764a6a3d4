import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from trafficking.core.languages import spoken_language
from trafficking.directory.catalogue import current_catalogue
from trafficking.directory.constants import UNKNOWN, Form, Need, Role
from trafficking.directory.forms import SituationForm, error_payload
from trafficking.directory.routing import route


class Command(BaseCommand):
    help = "Where should this person go? Prints ordered recommendations."

    def add_arguments(self, parser):
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--form", choices=[*Form.values, UNKNOWN])
        parser.add_argument("--municipality", help="name or CBS code, e.g. Zwolle or GM0193")
        parser.add_argument("--need", choices=Need.values)
        parser.add_argument("--acute", action="store_true", help="someone is in danger now")
        parser.add_argument("--minor", action="store_true", help="someone under 18 is involved")
        parser.add_argument("--abroad", action="store_true", help="it happens outside NL")
        parser.add_argument("--language", default="nl", help="preferred language, e.g. nl, en, pl")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        catalogue = current_catalogue()
        language = spoken_language(options["language"])
        data = {
            key: options[key]
            for key in ("role", "form", "municipality", "need", "language")
            if options[key]
        }
        data.update({key: options[key] for key in ("acute", "minor", "abroad")})
        with translation.override(language):
            form = SituationForm(data, gazetteer=catalogue.gazetteer)
            if not form.is_valid():
                payload = error_payload(form)
                if options["json"]:
                    self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
                messages = "; ".join(m for ms in payload["errors"].values() for m in ms)
                raise CommandError(messages, returncode=2)
            recommendations = route(form.situation(), catalogue)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"recommendations": [r.as_dict(language) for r in recommendations]},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for i, rec in enumerate(recommendations, 1):
            channel = rec.channel.value if rec.channel else "-"
            self.stdout.write(
                f"{i}. {rec.organisation.name} ({channel})\n   {rec.reason(language)}"
            )
