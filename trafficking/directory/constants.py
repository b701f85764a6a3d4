"""Vocabularies of the directory, shared by models, routing, forms and API.

Values are the English identifiers from the glossary; labels are Dutch source
strings translated through gettext.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPORTING_POINT = "reporting_point", _("Meldpunt")
    KNOWLEDGE_CENTRE = "knowledge_centre", _("Kenniscentrum")
    BOTH = "both", _("Meldpunt en kenniscentrum")


class Scale(models.TextChoices):
    NATIONAL = "national", _("Landelijk")
    REGIONAL = "regional", _("Regionaal")
    LOCAL = "local", _("Lokaal")


class OperatorType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Gemeente")
    POLICE = "police", _("Politie")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    RIEC = "riec", _("RIEC / LIEC")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    GOVERNMENT = "government", _("Overheid")
    NGO = "ngo", _("Maatschappelijke organisatie")
    CARE_PROVIDER = "care_provider", _("Zorg- of opvangorganisatie")
    KNOWLEDGE_INSTITUTE = "knowledge_institute", _("Kennisinstituut")
    FOUNDATION = "foundation", _("Stichting")
    OTHER = "other", _("Anders")


class SharingCategory(models.TextChoices):
    """Which kind of partner an organisation is when we share a report with it.

    The reporter consents per kind of partner, so forwarding follows only this
    category (reports/forwarding.py), never the operator type or the name.
    Each organisation's category is reviewed in data/inventory.yaml with its
    reason; "" (not yet reviewed) matches no consent at all.
    """

    POLICE_JUSTICE = "police_justice", _("Politie en justitie")
    LABOUR_INSPECTION = "labour_inspection", _("Arbeidsinspectie")
    CARE_SHELTER = "care_shelter", _("Zorg en opvang")
    MUNICIPALITY = "municipality", _("Gemeente")
    OTHER = "other", _("Overig")


class Form(models.TextChoices):
    SEXUAL = "sexual", _("Seksuele uitbuiting")
    LABOUR = "labour", _("Arbeidsuitbuiting")
    CRIMINAL = "criminal", _("Criminele uitbuiting")
    ORGAN_REMOVAL = "organ_removal", _("Gedwongen orgaanverwijdering")


ALL_FORMS = tuple(Form.values)


# What an organisation says of itself in the inventory survey (appendix C,
# issue 13); staff accept it onto the directory entry field by field.
class ReportSource(models.TextChoices):
    """Where the reports an organisation receives come from (q5)."""

    PROFESSIONALS = "professionals", _("Professionals")
    CITIZENS = "citizens", _("Burgers")
    ANONYMOUS = "anonymous", _("Anoniem")
    ORGANISATIONS = "organisations", _("Andere organisaties")


class ReportingMethod(models.TextChoices):
    """How people report to an organisation (q6)."""

    PHONE_LINE = "phone_line", _("Telefonische meldlijn")
    EMAIL = "email", _("E-mail")
    ONLINE_FORM = "online_form", _("Online meldformulier")
    IN_PERSON = "in_person", _("Fysiek meldpunt")
    OTHER = "other", _("Anders")


class FollowUpAction(models.TextChoices):
    """What an organisation does with a report (q7)."""

    ASSESS = "assess", _("Beoordelen of het om mensenhandel gaat")
    TO_COMENSHA = "to_comensha", _("Doorsturen naar CoMensha")
    INVESTIGATE = "investigate", _("Onderzoek om de dader aan te pakken")
    VICTIM_CARE = "victim_care", _("Zorgen dat het slachtoffer steun krijgt")
    FORWARD_OTHER = "forward_other", _("Doorsturen naar een andere organisatie")
    OTHER = "other", _("Anders")


class KnowledgeActivity(models.TextChoices):
    """How a knowledge centre offers knowledge (q13)."""

    WEBSITE = "website", _("Website")
    TRAINING = "training", _("Trainingen")
    ONLINE_COURSES = "online_courses", _("Onlinecursussen en webinars")
    CONFERENCES = "conferences", _("Conferenties")
    VIDEOS = "videos", _("Video's")
    NEWSLETTERS = "newsletters", _("Nieuwsbrieven")
    OTHER = "other", _("Anders")


class Audience(models.TextChoices):
    VICTIMS = "victims", _("Slachtoffers")
    CITIZENS = "citizens", _("Burgers")
    PROFESSIONALS = "professionals", _("Professionals")
    ORGANISATIONS = "organisations", _("Organisaties")


class Focus(models.TextChoices):
    MINORS = "minors", _("Minderjarigen")
    MIGRANTS = "migrants", _("Migranten")
    ABROAD = "abroad", _("Buitenland")
    YOUNG_PEOPLE = "young_people", _("Jongeren")


class ChannelKind(models.TextChoices):
    PHONE = "phone", _("Telefoon")
    EMAIL = "email", _("E-mail")
    WEBSITE = "website", _("Website")
    WEBFORM = "webform", _("Online formulier")
    CHAT = "chat", _("Chat")
    DESK = "desk", _("Balie")


class AreaScope(models.TextChoices):
    COUNTRY = "country", _("Land")
    PROVINCE = "province", _("Provincie")
    SAFETY_REGION = "safety_region", _("Veiligheidsregio")
    POLICE_UNIT = "police_unit", _("Politie-eenheid")
    MUNICIPALITY = "municipality", _("Gemeente")


class Role(models.TextChoices):
    VICTIM = "victim", _("Het gaat om mijzelf")
    CITIZEN = "citizen", _("Ik maak me zorgen om iemand anders")
    PROFESSIONAL = "professional", _("Ik zie het in mijn werk")
    ORGANISATION = "organisation", _("Ik vertegenwoordig een organisatie")


class Need(models.TextChoices):
    REPORT = "report", _("Een vermoeden melden")
    COMPLAINT = "complaint", _("Aangifte doen bij de politie")
    ADVICE = "advice", _("Advies, zonder te melden")
    HELP = "help", _("Hulp of zorg")
    SHELTER = "shelter", _("Een veilige plek om te verblijven (opvang)")
    ANONYMOUS = "anonymous", _("Anoniem melden")
    KNOWLEDGE = "knowledge", _("Kennis of training")


# Typed by plain value: a situation holds the role as a string, or None when
# not given (which finds no audience).
ROLE_AUDIENCE: dict[str | None, str] = {
    Role.VICTIM: Audience.VICTIMS,
    Role.CITIZEN: Audience.CITIZENS,
    Role.PROFESSIONAL: Audience.PROFESSIONALS,
    Role.ORGANISATION: Audience.ORGANISATIONS,
}

# Where a situation is: a municipality code, or one of these.
ABROAD = "abroad"

# An answer a person may give to a question we ask (the form of exploitation).
UNKNOWN = "unknown"
FORM_CHOICES = [*Form.choices, (UNKNOWN, _("Weet ik niet"))]
# A yes/no question asked with two buttons; StrictBooleanField reads the answer.
YES_NO = [("true", _("Ja")), ("false", _("Nee"))]

# National services named in code (routing rules, the directory page, the
# intake console). Regional organisations are found by what they are (police
# unit, care coordinator, ...) and where they work, never by name, so the
# directory can change without code changes.
EMERGENCY = "alarmnummer-112"
POLICE_NATIONAL = "politie-landelijk"
LABOUR_AUTHORITY = "nederlandse-arbeidsinspectie"
ANONYMOUS_LINE = "meld-misdaad-anoniem"
COMENSHA = "comensha"
VEILIG_THUIS = "veilig-thuis"
FAIRWORK = "fairwork"
VICTIM_SUPPORT = "slachtofferhulp-nederland"
FIER = "fier"
CHILDREN_ABROAD = "dontlookaway"
CHILD_TRAFFICKING_CENTRE = "centrum-tegen-kinderhandel-en-mensenhandel"
FOREIGN_AFFAIRS = "bz-contact-center"
ONLINE_POINT = "meldpunt-online"
