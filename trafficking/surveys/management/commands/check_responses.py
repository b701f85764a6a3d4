import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trafficking.surveys.definition import (
    QuestionnaireError,
    current_version,
    load_questionnaire,
    load_version,
)
from trafficking.surveys.responses import check_lines
from trafficking.surveys.stats import Tally


class Command(BaseCommand):
    help = (
        "Check survey responses (JSON lines, one response a line, the import format of issue 13) "
        "against the questionnaire and its branching, without storing anything. Prints each "
        "invalid line's problems; with --stats, the survey statistics of the valid lines. "
        "`import_responses FILE.jsonl` stores responses after the same checks, and "
        "`survey_stats --json` reads the stored ones; this command is their check alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl file: one JSON object per line")
        parser.add_argument(
            "--questionnaire",
            metavar="VERSION_OR_FILE",
            help="a published version (e.g. 2025) or a definition file; default: the newest",
        )
        parser.add_argument(
            "--stats",
            action="store_true",
            help="print the survey_stats JSON of the valid lines (to stdout)",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="one JSON document on stdout: the problems per line (and the stats with --stats)",
        )

    def handle(self, *args, **options):
        questionnaire = self._questionnaire(options["questionnaire"])
        path = Path(options["file"])
        tally = Tally(questionnaire)
        invalid: list[dict] = []
        checked_lines = 0
        try:
            with path.open("rb") as handle:
                for number, checked in check_lines(questionnaire, handle):
                    checked_lines += 1
                    if checked.response is not None:
                        tally.add(checked.response)
                        continue
                    invalid.append(
                        {
                            "line": number,
                            "respondent": checked.respondent,
                            "problems": [
                                {"where": p.where, "code": p.code, "message": p.message}
                                for p in checked.problems
                            ],
                        }
                    )
                    if not options["json"]:
                        for problem in checked.problems:
                            who = f" ({checked.respondent})" if checked.respondent else ""
                            self.stderr.write(f"line {number}{who}: {problem}")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from None

        valid = checked_lines - len(invalid)
        if options["json"]:
            document = {
                "questionnaire": questionnaire.version,
                "lines": checked_lines,
                "valid": valid,
                "invalid": invalid,
            }
            if options["stats"]:
                document["stats"] = tally.result()
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            if options["verbosity"] >= 1:
                self.stderr.write(
                    f"{checked_lines} responses checked against questionnaire "
                    f"{questionnaire.version}: {valid} valid, {len(invalid)} with problems"
                )
            if options["stats"]:
                self.stdout.write(json.dumps(tally.result(), ensure_ascii=False, indent=2))
        if invalid:
            raise CommandError(
                f"{len(invalid)} of {checked_lines} responses have problems (not counted)"
            )

    def _questionnaire(self, choice):
        try:
            if choice and Path(choice).is_file():
                return load_questionnaire(Path(choice))
            return load_version(choice or current_version())
        except QuestionnaireError as error:
            raise CommandError(str(error)) from None
