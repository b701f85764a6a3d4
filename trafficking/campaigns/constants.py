"""Vocabularies of the campaign register.

Campaign audiences are not the directory's: the inventory report (section 2.3)
sorts campaigns by who they speak to (youth, consumers, parents, ...), while
the directory sorts organisations by who may contact them. Forms of
exploitation are the directory's own ``Form``; a campaign about trafficking
in general has no forms (``[]``), one whose forms nobody recorded has ``None``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trafficking.directory.constants import Form

__all__ = ["GENERAL", "CallToAction", "CampaignAudience", "CampaignList", "Form", "LinkTarget"]


class CampaignList(models.TextChoices):
    """Where a campaign in the register comes from."""

    ONLINE_SEARCH = "online_search", _("Gevonden in de online zoektocht (bijlage B.1)")
    NAMED_BY_RESPONDENTS = "named_by_respondents", _("Genoemd door respondenten (bijlage B.2)")
    REGISTERED = "registered", _("Aangemeld door een organisatie")


class CampaignAudience(models.TextChoices):
    CITIZENS = "citizens", _("Burgers")
    PROFESSIONALS = "professionals", _("Professionals")
    YOUTH = "youth", _("Jongeren")
    CONSUMERS = "consumers", _("Consumenten")
    UNDOCUMENTED = "undocumented", _("Ongedocumenteerden")
    PARENTS = "parents", _("Ouders")
    POLITICIANS = "politicians", _("Politici en bestuurders")
    VICTIMS = "victims", _("(Mogelijke) slachtoffers")
    OTHER = "other", _("Anders")


class CallToAction(models.TextChoices):
    """What a campaign asks people to do: the measurable step (section 4.3)."""

    REPORT = "report", _("Melden")
    CALL = "call", _("Bellen")
    CHAT = "chat", _("Chatten")
    WEBINAR = "webinar", _("Een webinar volgen")
    ELEARNING = "elearning", _("Een e-learning volgen")
    VISIT_PAGE = "visit_page", _("Een pagina bezoeken")


# The key campaign_stats and the coverage use for "mensenhandel in het algemeen".
GENERAL = "general"


def forms_key(forms: list[str] | None) -> str | None:
    """``[]`` → "general", ``["sexual", "criminal"]`` → "criminal+sexual"; None stays None."""
    if forms is None:
        return None
    return "+".join(sorted(forms)) or GENERAL


class LinkTarget(models.TextChoices):
    """Where a campaign's short link sends people."""

    LANDING = "landing", _("De webpagina van de campagne")
    WIZARD = "wizard", _("De wegwijzer")
    REPORT = "report", _("Het meldformulier")
    ADVICE = "advice", _("Advies vragen")
    CAMPAIGN_PAGE = "campaign_page", _("De pagina van de campagne in het register")


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    FLYER = "flyer", _("Flyer")
    VIDEO = "video", _("Video")
    ANIMATION = "animation", _("Animatie")
    SOCIAL_POST = "social_post", _("Bericht voor sociale media")
    TOOLKIT = "toolkit", _("Toolkit")
    LESSON = "lesson", _("Lespakket")
    TRAINING = "training", _("Trainingsmateriaal")
    ELEARNING = "elearning", _("E-learning")
    OTHER = "other", _("Anders")


class Licence(models.TextChoices):
    """What others may do with a material: the library's promise to its owner."""

    FREE_TO_ADAPT = "free_to_adapt", _("Vrij te gebruiken en aan te passen")
    ASK_OWNER = "ask_owner", _("Vraag de eigenaar om toestemming")
    USE_UNCHANGED = "use_unchanged", _("Vrij te gebruiken, niet aan te passen")


class Moderation(models.TextChoices):
    SUBMITTED = "submitted", _("Wacht op controle")
    PUBLISHED = "published", _("Gepubliceerd")
    REJECTED = "rejected", _("Afgewezen")


class EvidenceLevel(models.TextChoices):
    """How strong the evidence of a campaign's effect is, weakest first."""

    NONE = "none", _("Geen inzicht in resultaten")
    REACH = "reach", _("Bereikcijfers (vertoningen, kliks, bezoeken)")
    SURVEY = "survey", _("Meting onder de doelgroep (bijvoorbeeld een enquête)")
    REPORTS = "reports", _("Gemeten effect op meldingen (vergelijking voor en na)")
    IMPACT = "impact", _("Onderzoek naar impact met een vergelijkingsgroep")


class Answer(models.TextChoices):
    """The answers appendix C.4.2 offers for "did X increase?"."""

    YES = "yes", _("Ja")
    NO = "no", _("Nee")
    UNKNOWN = "unknown", _("Weet ik niet")
