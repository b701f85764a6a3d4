import json

from django.core.management.base import BaseCommand, CommandError

from trafficking.surveys.definition import QuestionnaireError, current_version, load_version
from trafficking.surveys.store import statistics


class Command(BaseCommand):
    help = (
        "Statistics of the submitted survey responses in the database: per question the number "
        "of respondents who answered it (n; for the campaign questions q18-q35, the number of "
        "campaigns) and each option's share of n, rounded to 3 decimals. Free-text questions "
        "give n only. These are the denominators of the report's figures."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--questionnaire", metavar="VERSION", help="a published version; default: the newest"
        )
        parser.add_argument("--json", action="store_true", help="print the statistics as JSON")

    def handle(self, *args, **options):
        try:
            questionnaire = load_version(options["questionnaire"] or current_version())
        except QuestionnaireError as error:
            raise CommandError(str(error)) from None
        stats = statistics(questionnaire=questionnaire)
        for pk, problems in stats.skipped:
            described = "; ".join(str(p) for p in problems)
            self.stderr.write(f"response #{pk} no longer passes the questionnaire: {described}")
        result = stats.result
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"Questionnaire {result['version']}: {result['respondents']} respondents, "
            f"{result['campaigns']} campaigns"
        )
        for group in ("questions", "campaign_questions"):
            for key, question in result[group].items():
                options_text = ", ".join(
                    f"{letter} {'-' if share is None else f'{share:.3f}'}"
                    for letter, share in question.get("options", {}).items()
                )
                self.stdout.write(
                    f"  {key}: n={question['n']}" + (f"  ({options_text})" if options_text else "")
                )
