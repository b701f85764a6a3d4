import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trafficking.surveys.definition import (
    QuestionnaireError,
    current_version,
    load_questionnaire,
    load_version,
)
from trafficking.surveys.store import import_lines


class Command(BaseCommand):
    help = (
        "Load survey responses (JSON lines, one response a line: "
        '{"respondent": ..., "answers": {"q1": ..., "q2": ["a", "c"], "q3_text": ...}, '
        '"campaigns": [{"q18": ...}, ...]}) into the database. Every line is checked against '
        "the questionnaire and its branching first; if any line has a problem (not JSON, an "
        "unknown question or option, an answer the route does not reach, more campaign blocks "
        "than allowed, a respondent already imported), each problem is printed with its line and "
        "nothing is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl file: one JSON object per line")
        parser.add_argument(
            "--questionnaire",
            metavar="VERSION_OR_FILE",
            help="a published version (e.g. 2025) or a definition file; default: the newest",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check everything, store nothing"
        )
        parser.add_argument(
            "--json", action="store_true", help="print the outcome as one JSON document"
        )

    def handle(self, *args, **options):
        questionnaire = _questionnaire(options["questionnaire"])
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                result = import_lines(questionnaire, handle, dry_run=options["dry_run"])
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from None

        if options["json"]:
            document = {
                "questionnaire": result.version,
                "lines": result.lines,
                "stored": result.stored,
                "invalid": [
                    {
                        "line": item.line,
                        "respondent": item.respondent,
                        "problems": [
                            {"where": p.where, "code": p.code, "message": p.message}
                            for p in item.problems
                        ],
                    }
                    for item in result.invalid
                ],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
        else:
            for item in result.invalid:
                who = f" ({item.respondent})" if item.respondent else ""
                for problem in item.problems:
                    self.stderr.write(f"line {item.line}{who}: {problem}")
        if result.invalid:
            raise CommandError(
                f"{len(result.invalid)} of {result.lines} responses have problems: "
                "nothing was stored"
            )
        if not options["json"] and options["verbosity"] >= 1:
            action = "checked (dry run, nothing stored)" if options["dry_run"] else "stored"
            count = result.lines if options["dry_run"] else result.stored
            self.stdout.write(f"{count} responses {action} for questionnaire {result.version}")


def _questionnaire(choice):
    try:
        if choice and Path(choice).is_file():
            return load_questionnaire(Path(choice))
        return load_version(choice or current_version())
    except QuestionnaireError as error:
        raise CommandError(str(error)) from None
