"""Staff pages for survey invitations, under /intake/enquete/uitnodigingen/.

Directory editors and supervisors (``surveys.review_survey``) invite an
organisation of the directory, see where each invitation stands, revoke one
or send a reminder now. The link is shown once, on the page that answers the
invitation's creation, and never again: only its hash is stored. That page
is ``no-store`` and not reached by a redirect, so the token is in no
session, no URL and no history entry.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from trafficking.core.http import page_number
from trafficking.directory.models import Organisation
from trafficking.intake.access import staff_required

from . import invitations, reminders
from .models import Invitation

PERMISSION = "surveys.review_survey"
PER_PAGE = 50


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisatie"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        empty_label=gettext_lazy("Kies een organisatie…"),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        required=False,
        help_text=gettext_lazy(
            "De uitnodiging met de link gaat hierheen. Leeg laten: je deelt de link zelf."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Taal"), choices=invitations.LANGUAGES, initial="nl"
    )
    valid_days = forms.IntegerField(
        label=gettext_lazy("Geldig (dagen)"),
        min_value=1,
        max_value=invitations.MAX_VALID_DAYS,
        initial=invitations.DEFAULT_VALID_DAYS,
    )


def _rows(page):
    now = timezone.now()
    for invitation in page:
        state = invitations.status(invitation, now)
        yield {
            "invitation": invitation,
            "status": state.value,
            "status_label": invitations.STATUS_LABELS[state],
            "can_revoke": state in (invitations.Status.NOT_STARTED, invitations.Status.IN_PROGRESS),
            "can_remind": bool(invitation.email)
            and state in (invitations.Status.NOT_STARTED, invitations.Status.IN_PROGRESS),
        }


@never_cache
@staff_required(PERMISSION)
def invitation_list(request):
    queryset = Invitation.objects.select_related("organisation", "created_by", "response")
    page = Paginator(queryset, PER_PAGE).get_page(page_number(request.GET.get("page", "1")))
    return render(
        request,
        "surveys/staff/invitations.html",
        {"page": page, "rows": list(_rows(page)), "form": InviteForm()},
    )


@never_cache
@staff_required(PERMISSION)
@require_http_methods(["GET", "POST"])
def invite(request):
    form = InviteForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(
            request,
            "surveys/staff/invitations_new.html",
            {"form": form},
            status=400 if form.errors else 200,
        )
    invitation, token = invitations.create_invitation(
        organisation=form.cleaned_data["organisation"],
        email=form.cleaned_data["email"],
        language=form.cleaned_data["language"],
        valid_days=form.cleaned_data["valid_days"],
        created_by=request.user,
    )
    base = reminders.site_url(request)
    mailed = reminders.send_invitation(invitation, token, base=base)
    return render(
        request,
        "surveys/staff/invitations_created.html",
        {
            "invitation": invitation,
            "link": reminders.survey_link(invitation, token, base),
            "mailed": mailed,
        },
        status=201,
    )


@never_cache
@staff_required(PERMISSION)
@require_POST
def revoke(request, pk: int):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    if invitations.revoke_invitation(invitation, by=request.user):
        messages.success(
            request,
            _("De uitnodiging voor %(name)s is ingetrokken; de link werkt niet meer.")
            % {"name": invitation.organisation.name},
        )
    else:
        messages.error(request, _("Deze uitnodiging is al ingestuurd of ingetrokken."))
    return redirect(reverse("survey-staff:invitations"))


@never_cache
@staff_required(PERMISSION)
@require_POST
def remind(request, pk: int):
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), pk=pk)
    outcome = reminders.send_reminder(invitation, base=reminders.site_url(request))
    name = invitation.organisation.name
    if outcome.sent:
        messages.success(
            request,
            _(
                "Herinnering met een nieuwe link gestuurd aan %(name)s; "
                "de vorige link werkt niet meer."
            )
            % {"name": name},
        )
    elif outcome.reason == "no_email":
        messages.error(request, _("Deze uitnodiging heeft geen e-mailadres."))
    elif outcome.reason == "busy":
        messages.error(
            request,
            _(
                "%(name)s heeft de enquête in de afgelopen twee uur nog ingevuld: een nieuwe "
                "link zou dat afbreken. Probeer het later."
            )
            % {"name": name},
        )
    elif outcome.reason == "failed":
        messages.error(request, _("De e-mail kon niet worden verstuurd. De vorige link werkt nog."))
    else:
        messages.error(request, _("Deze uitnodiging is ingestuurd, verlopen of ingetrokken."))
    return redirect(reverse("survey-staff:invitations"))
