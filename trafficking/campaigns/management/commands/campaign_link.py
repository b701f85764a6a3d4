"""Make (or reuse) a campaign's short link and, on request, its QR code."""

from pathlib import Path

import segno
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from trafficking.campaigns.constants import LinkTarget
from trafficking.campaigns.links import is_safe_external, link_for
from trafficking.campaigns.models import Campaign, CampaignLink

QR_FORMATS = (".png", ".svg")
LABEL_MAX = CampaignLink._meta.get_field("label").max_length


class Command(BaseCommand):
    help = (
        "Print the short link (/c/<code>) of a campaign to a target, making it when it does "
        "not exist yet, and optionally write its QR code."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign", metavar="CAMPAIGN_SLUG", help="slug of the campaign")
        parser.add_argument(
            "--target",
            choices=LinkTarget.values,
            default=LinkTarget.LANDING,
            help="where the link leads (default: landing)",
        )
        parser.add_argument(
            "--label", default="", help='where the link is used, e.g. "poster Tilburg station"'
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="the site's public address, e.g. https://example.org; needed for a QR code",
        )
        parser.add_argument("--qr", metavar="FILE", help="write a QR code to FILE (.png or .svg)")

    def handle(self, *args, **options):
        # Check everything before storing anything.
        campaign = Campaign.objects.filter(slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"No campaign with slug {options['campaign']!r}.")
        label = options["label"].strip()
        if len(label) > LABEL_MAX:
            raise CommandError(f"--label is {len(label)} characters long; at most {LABEL_MAX}.")
        base_url = options["base_url"].strip().rstrip("/")
        if base_url and not is_safe_external(base_url):
            raise CommandError(f"--base-url must be an http(s) address, not {base_url!r}.")
        qr_path = Path(options["qr"]) if options["qr"] else None
        if qr_path is not None:
            if qr_path.suffix.lower() not in QR_FORMATS:
                raise CommandError("--qr must name a .png or .svg file.")
            if not base_url:
                raise CommandError("--qr needs --base-url: a QR code must hold a full address.")
            if not qr_path.parent.is_dir():
                raise CommandError(f"No such folder: {qr_path.parent}")

        if not campaign.is_active:
            self.stderr.write(f"Note: campaign {campaign.slug!r} is not active.")
        link = link_for(campaign, options["target"], label)
        url = base_url + reverse("campaign-link", kwargs={"code": link.code})
        self.stdout.write(url)
        if qr_path is not None:
            qr = segno.make(url, error="m")
            try:
                qr.save(str(qr_path), scale=10, border=4)
            except OSError as error:
                raise CommandError(f"Could not write {qr_path}: {error}") from None
            self.stderr.write(f"QR code written to {qr_path}")
