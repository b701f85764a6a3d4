"""Indicators of human trafficking ("signalen") per form of exploitation, in
the project's own words: the texts of the signals page and of the report
form's "Signalen" panel.

A single signal proves nothing; several together are a reason to ask for
advice. The list is deliberately short and concrete (B1 level).
"""

from django.utils.translation import gettext_lazy as _

from trafficking.directory.constants import Form

INDICATORS = {
    Form.SEXUAL: {
        "intro": _(
            "Iemand wordt gedwongen tot seks met anderen, of een ander verdient geld aan de "
            "seks die iemand heeft."
        ),
        "signals": [
            _("Iemand geeft (bijna) al het verdiende geld af aan een ander."),
            _("Iemand wordt steeds gebracht en gehaald, of mag niet alleen zijn."),
            _("Iemand heeft een ‘vriend’ die veel ouder is, dure cadeaus geeft en alles bepaalt."),
            _("Iemand kent het adres niet waar hij of zij werkt of woont."),
            _("Advertenties met steeds wisselende namen, foto's of plaatsen."),
        ],
    },
    Form.LABOUR: {
        "intro": _(
            "Iemand moet werken onder omstandigheden die ver onder de norm zijn, en kan niet "
            "zomaar weg."
        ),
        "signals": [
            _("De werkgever houdt het paspoort of de bankpas van iemand vast."),
            _("Iemand werkt extreem lange dagen voor weinig of geen loon."),
            _("Iemand moet een schuld afbetalen aan de werkgever of aan wie het werk regelde."),
            _("Iemand woont op of bij het werk, met veel mensen in een kleine ruimte."),
            _("Iemand wordt bedreigd met ontslag, geweld of met de politie."),
        ],
    },
    Form.CRIMINAL: {
        "intro": _(
            "Iemand wordt gedwongen om strafbare dingen te doen, zoals drugs vervoeren, stelen, "
            "bedelen of geld doorsluizen."
        ),
        "signals": [
            _("Een jongere heeft ineens veel geld, dure spullen of meerdere telefoons."),
            _("Iemand is vaak weg, ook ’s nachts, en zegt niet waar."),
            _("Iemand leent zijn bankrekening of identiteitsbewijs uit aan een ander."),
            _("Iemand lijkt bang voor mensen aan wie hij of zij iets ‘verschuldigd’ is."),
        ],
    },
    Form.ORGAN_REMOVAL: {
        "intro": _("Iemand wordt gedwongen of misleid om een orgaan, zoals een nier, af te staan."),
        "signals": [
            _("Iemand heeft een operatie gehad in het buitenland en praat er niet graag over."),
            _("Iemand is geld of een baan beloofd in ruil voor een ‘kleine ingreep’."),
        ],
    },
}
