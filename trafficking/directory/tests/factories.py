"""A small, hand-made catalogue for testing the router without a database."""

from hypothesis import strategies as st

from trafficking.directory.catalogue import ChannelInfo, OrgInfo, build_index
from trafficking.directory.constants import Form, Need, Role
from trafficking.directory.routing import Situation
from trafficking.geography.gazetteer import Gazetteer, Place


def place(
    code,
    name,
    province=("PV23", "Overijssel"),
    region=("VR04", "IJsselland"),
    unit=("oost-nederland", "Oost-Nederland"),
):
    return Place(code, name, *province, *region, *unit)


PLACES = {
    "GM0193": place("GM0193", "Zwolle"),
    "GM0150": place("GM0150", "Deventer"),
    "GM0363": place(
        "GM0363",
        "Amsterdam",
        ("PV27", "Noord-Holland"),
        ("VR13", "Amsterdam-Amstelland"),
        ("amsterdam", "Amsterdam"),
    ),
}
PHONE = ChannelInfo("phone", "0800 0000", verified=True)


def org(slug, **kwargs):
    defaults = {
        "name": slug.title(),
        "kind": "reporting_point",
        "operator_type": "ngo",
        "channels": (PHONE,),
    }
    defaults.update(kwargs)
    return OrgInfo(slug=slug, **defaults)


def make_catalogue(*extra):
    orgs = [
        org("alarmnummer-112", channels=(ChannelInfo("phone", "112", verified=True),)),
        org("politie-landelijk", operator_type="police"),
        org(
            "politie-oost-nederland",
            operator_type="police",
            municipalities=frozenset({"GM0193", "GM0150"}),
        ),
        org(
            "nederlandse-arbeidsinspectie",
            operator_type="government",
            channels=(
                PHONE,
                ChannelInfo("webform", "https://x.test/anoniem", anonymous=True, verified=True),
            ),
        ),
        org(
            "meld-misdaad-anoniem",
            channels=(ChannelInfo("phone", "0800 7000", anonymous=True, verified=True),),
        ),
        org("comensha", kind="both"),
        org("veilig-thuis", operator_type="veilig_thuis"),
        org("fairwork", kind="knowledge_centre", forms=frozenset({"labour"})),
        org("slachtofferhulp-nederland", kind="knowledge_centre"),
        org("fier", kind="both"),
        org("dontlookaway", forms=frozenset({"sexual"})),
        org(
            "zwolle-zorgcoordinatie",
            is_care_coordinator=True,
            operator_type="municipality",
            municipalities=frozenset({"GM0193", "GM0150"}),
        ),
        org(
            "gemeente-deventer", operator_type="municipality", municipalities=frozenset({"GM0150"})
        ),
        org("zvh-ijsselland", operator_type="zvh", municipalities=frozenset({"GM0193", "GM0150"})),
        org(
            "riec-oost",
            kind="knowledge_centre",
            operator_type="riec",
            municipalities=frozenset({"GM0193", "GM0150"}),
        ),
        *extra,
    ]
    return build_index({o.slug: o for o in orgs}, Gazetteer(PLACES))


def situations(**fields):
    """A Hypothesis strategy for situations in three municipalities (one with
    its own care coordinator in the test catalogues); ``fields`` add or
    override strategies, e.g. ``language=st.sampled_from(["nl", "pl"])``."""
    return st.builds(
        Situation,
        **{
            "role": st.sampled_from([None, *Role.values]),
            "form": st.sampled_from([None, *Form.values]),
            "municipality": st.sampled_from([None, "GM0193", "GM0150", "GM0363"]),
            "abroad": st.booleans(),
            "need": st.sampled_from([None, *Need.values]),
            "acute": st.booleans(),
            "minor": st.booleans(),
            **fields,
        },
    )
