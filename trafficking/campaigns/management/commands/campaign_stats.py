import json

from django.core.management.base import BaseCommand

from trafficking.campaigns.constants import CampaignAudience, Form
from trafficking.campaigns.register import CampaignError, read_figures
from trafficking.campaigns.stats import campaign_stats


def _form_label(key: str) -> str:
    labels = {form.value: str(form.label) for form in Form}
    if key == "general":
        return "Mensenhandel in het algemeen"
    return " + ".join(labels.get(part, part) for part in key.split("+"))


class Command(BaseCommand):
    help = "Print the register's campaign figures (report sections 2.1-2.3), from the database."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **options):
        stats = campaign_stats()
        if options["json"]:
            self.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2))
            return
        try:
            report = read_figures()
        except (CampaignError, OSError):
            report = {}

        def reported(value) -> str:
            return "-" if value is None else f"{value}%"

        online = stats["online_search"]
        share = stats["percent"]
        lines = [
            f"Campagnes: {stats['total']} (rapport: {report.get('total', '-')})",
            f"  online gevonden (B.1): {online} (rapport: {report.get('online_search', '-')})",
            f"  genoemd door respondenten (B.2): {stats['named_by_respondents']} "
            f"(rapport: {report.get('named_by_respondents', '-')})",
            f"Meerdere afzenders (B.1): {stats['multi_sender_online']} van {online} = "
            f"{share['multi_sender_online']}% (rapport: "
            f"{reported(report.get('multi_sender_online_percent'))})",
            "",
            f"{'Vorm van uitbuiting (B.1)':<52}{'aantal':>7}{'berekend':>10}{'rapport':>9}",
        ]
        report_forms = report.get("forms_online_percent") or {}
        for key, count in stats["forms_online"].items():
            lines.append(
                f"{_form_label(key):<52}{count:>7}{share['forms_online'][key]:>9}%"
                f"{reported(report_forms.get(key)):>9}"
            )
        audience_labels = {a.value: str(a.label) for a in CampaignAudience}
        report_audiences = report.get("audiences_online_percent") or {}
        lines += [
            "",
            f"{'Doelgroep (B.1, aandeel van de vermeldingen)':<52}{'aantal':>7}"
            f"{'berekend':>10}{'rapport':>9}",
        ]
        for key, count in stats["audiences_online"].items():
            lines.append(
                f"{audience_labels.get(key, key):<52}{count:>7}"
                f"{share['audiences_online'][key]:>9}%{reported(report_audiences.get(key)):>9}"
            )
        self.stdout.write("\n".join(lines))
