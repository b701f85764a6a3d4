"""Create a staff or partner account with a TOTP second factor.

    manage.py create_staff_user jdevries --role intake
    manage.py create_staff_user fier1 --role partner --organisation fier

Prints the password (unless given with --password) and the authenticator
link, with a QR code for the phone, once.
"""

import segno
from django.core.management.base import BaseCommand, CommandError

from trafficking.intake.accounts import ROLES, AccountError, create_account


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=ROLES, required=True)
        parser.add_argument("--organisation", default="", help="directory slug (partners)")
        parser.add_argument("--password", default=None)
        parser.add_argument("--no-qr", action="store_true")

    def handle(self, *args, **options):
        try:
            user, password, device = create_account(
                options["username"],
                options["role"],
                password=options["password"],
                organisation_slug=options["organisation"],
            )
        except AccountError as error:
            # A plain message and exit status 1, no traceback.
            raise CommandError(str(error)) from None
        self.stdout.write(f"Account: {user.get_username()} ({options['role']})")
        if not options["password"]:
            self.stdout.write(f"Password (shown once): {password}")
        self.stdout.write(f"Authenticator link: {device.config_url}")
        if not options["no_qr"]:
            segno.make(device.config_url).terminal(out=self.stdout, compact=True)
