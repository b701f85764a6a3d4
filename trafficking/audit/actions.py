"""Every action the audit log knows, with the label the log page shows.

One vocabulary, written only through named functions (audit/events.py for
sign-ins and system jobs, audit/accounts.py for account changes,
reports/events.py for everything that touches a report), so a new kind of
entry cannot appear without a name and a label. The values are what older
entries already hold; do not rename them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    # Signing in and out of the console.
    LOGIN = "login", _("Ingelogd")
    LOGIN_BAD_TOKEN = "login_bad_token", _("Inloggen mislukt: verkeerde code")
    LOGOUT = "logout", _("Uitgelogd")

    # Reading a report.
    REPORT_VIEWED = "view", _("Melding geopend")
    QUEUE_PREVIEWED = "preview", _("Wachtrij met voorvertoning bekeken")
    REPORT_EXPORTED = "export", _("Melding geëxporteerd")
    ATTACHMENT_DOWNLOADED = "download", _("Bijlage gedownload")
    PARTNER_VIEWED = "partner_view", _("Melding geopend door partner")
    PARTNER_DOWNLOADED = "partner_download", _("Bijlage gedownload door partner")

    # Working on a report.
    STATUS_TRIAGE = "status:triage", _("Status: in behandeling genomen")
    STATUS_ASK_REPORTER = "status:ask_reporter", _("Status: vraag aan melder")
    STATUS_REPORTER_REPLIED = "status:reporter_replied", _("Status: melder heeft gereageerd")
    STATUS_FORWARD = "status:forward", _("Status: doorgezet")
    STATUS_CLOSE = "status:close", _("Status: afgesloten")
    STATUS_REOPEN = "status:reopen", _("Status: heropend")
    ASSIGNED = "assign", _("Toegewezen")
    CLASSIFIED = "classify", _("Geclassificeerd")
    MESSAGE_TO_REPORTER = "message:to_reporter", _("Bericht aan de melder")
    NOTE = "message:note", _("Interne notitie")
    ITEM_ADDED = "item_added", _("Gegeven toegevoegd")
    LINK_CONFIRMED = "link_confirm", _("Koppeling bevestigd")
    LINK_REJECTED = "link_reject", _("Koppeling afgewezen")

    # Sharing with partners.
    FORWARDED = "forward", _("Doorgezet")
    FORWARD_OVERRIDE_REQUESTED = (
        "forward_override_requested",
        _("Doorzetten zonder toestemming gevraagd"),
    )
    FORWARD_OVERRIDE_APPROVED = (
        "forward_override_approved",
        _("Doorzetten zonder toestemming goedgekeurd"),
    )
    PARTNER_RECEIVED = "partner_received", _("Ontvangst bevestigd door partner")
    PARTNER_ACTED = "partner_acted", _("Opgepakt door partner")
    PARTNER_DECLINED = "partner_declined", _("Niet opgepakt door partner")

    # System jobs.
    DELETED_BY_RETENTION = "deleted_by_retention", _("Verwijderd na bewaartermijn")
    RELINKED = "relink", _("Koppelindex opnieuw opgebouwd")

    # Running the reporting point.
    CAPACITY_SET = "capacity_set", _("Intakecapaciteit ingesteld")

    # The inventory survey (issue 13): who invited whom, and who decided what
    # an organisation's answers change.
    SURVEY_INVITED = "survey_invited", _("Uitgenodigd voor de enquête")
    SURVEY_INVITATION_REVOKED = "survey_revoked", _("Uitnodiging voor de enquête ingetrokken")
    SURVEY_CHANGES_DECIDED = "survey_decided", _("Wijzigingen uit de enquête beoordeeld")

    # Accounts, groups and their rights (audit/accounts.py).
    USER_CREATED = "user_created", _("Account aangemaakt")
    USER_CHANGED = "user_changed", _("Account gewijzigd")
    USER_DELETED = "user_deleted", _("Account verwijderd")
    PASSWORD_CHANGED = "password_changed", _("Wachtwoord gewijzigd")
    USER_GROUP_ADDED = "user_group_added", _("Rol gegeven")
    USER_GROUP_REMOVED = "user_group_removed", _("Rol afgenomen")
    USER_PERMISSION_ADDED = "user_permission_added", _("Recht gegeven")
    USER_PERMISSION_REMOVED = "user_permission_removed", _("Recht afgenomen")
    GROUP_CREATED = "group_created", _("Rol aangemaakt")
    GROUP_RENAMED = "group_renamed", _("Rol hernoemd")
    GROUP_DELETED = "group_deleted", _("Rol verwijderd")
    GROUP_PERMISSION_ADDED = "group_permission_added", _("Recht aan rol gegeven")
    GROUP_PERMISSION_REMOVED = "group_permission_removed", _("Recht van rol afgenomen")
    PARTNER_MEMBERSHIP_CREATED = "partner_membership_created", _("Partnerkoppeling gemaakt")
    PARTNER_MEMBERSHIP_CHANGED = "partner_membership_changed", _("Partnerkoppeling gewijzigd")
    PARTNER_MEMBERSHIP_DELETED = "partner_membership_deleted", _("Partnerkoppeling verwijderd")
    TOTP_DEVICE_CREATED = "totp_device_created", _("Authenticator-app gekoppeld")
    TOTP_DEVICE_DELETED = "totp_device_deleted", _("Authenticator-app ontkoppeld")


class ObjectType(models.TextChoices):
    """What an entry's ``object_ref`` names."""

    REPORT = "report", _("Melding")
    QUEUE = "queue", _("Wachtrij")
    USER = "user", _("Account")
    GROUP = "group", _("Rol")
    LINKING = "linking", _("Koppelindex")
    CAPACITY = "capacity", _("Intakecapaciteit")
    SURVEY_INVITATION = "survey_invitation", _("Uitnodiging voor de enquête")
    SURVEY_RESPONSE = "survey_response", _("Enquêteantwoord")
