"""The measured effect of a campaign on a CSV of daily report counts; stores nothing.

manage.py campaign_effect counts.csv --start 2024-03-01 --end 2024-03-31 [--json]

The CSV has the header ``date,count`` and one row per day (no day missing, a day
without reports is 0). The window runs from --start to --end, both included.
Prints a summary to read; --json prints the figures for a program:
{"rate_ratio", "ci_low", "ci_high", "p_value", "extra_reports", "extra_ci_low",
"extra_ci_high", "method"} (intervals are 95%). The model is described in
trafficking/campaigns/effect.py.
"""

import json
import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from trafficking.campaigns.effect import EffectInputError, estimate_effect, read_counts_csv

# A CSV of twenty years of days is a few hundred kB; anything far larger is not one.
MAX_BYTES = 2 * 1024 * 1024


class Command(BaseCommand):
    help = __doc__
    # Pure arithmetic on a file: no database, so no reason to run the project checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV with the header date,count, one row per day")
        parser.add_argument("--start", required=True, help="first day of the campaign, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="last day of the campaign, YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, **options):
        start = _day(options["start"], "--start")
        end = _day(options["end"], "--end")
        text = _read(options["file"])
        try:
            series = read_counts_csv(text)
            result = estimate_effect(series, start, end)
        except EffectInputError as error:
            raise CommandError(str(error)) from error
        figures = result.summary()
        if options["json"]:
            self.stdout.write(json.dumps(figures))
            return
        self.stdout.write(
            "\n".join(
                [
                    _("Campagne %(start)s t/m %(end)s (%(days)d dagen)")
                    % {"start": start, "end": end, "days": result.n_days_during},
                    _("Reeks: %(before)d dagen ervoor, %(after)d dagen erna")
                    % {"before": result.n_days_before, "after": result.n_days_after},
                    _("Meldingen in de periode: %(observed)d, verwacht zonder campagne: %(exp)s")
                    % {
                        "observed": result.observed_during,
                        "exp": f"{result.expected_during:.1f}",
                    },
                    _("Verhouding (rate ratio): %(rr)s (95%%-interval %(low)s–%(high)s), p = %(p)s")
                    % {
                        "rr": f"{figures['rate_ratio']:.2f}",
                        "low": f"{figures['ci_low']:.2f}",
                        "high": f"{figures['ci_high']:.2f}",
                        "p": f"{result.p_value:.3g}",
                    },
                    _("Extra meldingen: %(extra)s (95%%-interval %(low)s tot %(high)s)")
                    % {
                        "extra": f"{figures['extra_reports']:.1f}",
                        "low": f"{figures['extra_ci_low']:.1f}",
                        "high": f"{figures['extra_ci_high']:.1f}",
                    },
                    _("Model: %(method)s") % {"method": result.method},
                ]
            )
        )


def _day(value: str, option: str) -> date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CommandError(
        _("%(option)s: “%(value)s” is geen datum in de vorm JJJJ-MM-DD.")
        % {"option": option, "value": value[:40]}
    )


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise CommandError(
            _("Kan %(path)s niet lezen: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from error
    if len(data) > MAX_BYTES:
        raise CommandError(
            _("%(path)s is te groot voor een reeks dagtotalen (meer dan %(mb)d MB).")
            % {"path": path, "mb": MAX_BYTES // (1024 * 1024)}
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(
            _("%(path)s is geen UTF-8-tekst (onleesbaar teken op byte %(at)d).")
            % {"path": path, "at": error.start}
        ) from error
