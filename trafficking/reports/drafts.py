"""A validated report before it is stored (plain data, no database)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    type: str
    value: str


@dataclass(frozen=True)
class Contact:
    name: str = ""
    phone: str = ""
    email: str = ""
    safe_times: str = ""

    def is_empty(self) -> bool:
        return not (self.name or self.phone or self.email)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class ReportDraft:
    text: str = ""
    form: str = ""  # "" or "unknown": the reporter does not know
    municipality_code: str = ""
    abroad: bool = False
    address: str = ""
    when: str = ""
    items: tuple[Item, ...] = ()
    acute: bool = False
    minor: bool = False
    language: str = "nl"
    consent_contact: bool = False
    consent_police: bool = False
    consent_care: bool = False
    consent_labour: bool = False
    contact: Contact = field(default_factory=Contact)
    channel: str = "web"
    kind: str = "report"
    wants_updates: bool = True
    # "How did you hear of us?": a campaign's slug, "other" or "" (not
    # answered), and the campaign's name when it was sent. Sealed only: outside
    # the report there is just a weekly count per campaign (campaigns/mentions.py).
    heard_via: str = ""
    heard_via_name: str = ""

    def sealed_content(self) -> dict:
        """What goes into the encrypted part of the report."""
        content = {
            "text": self.text,
            "address": self.address,
            "when": self.when,
            "items": [{"type": i.type, "value": i.value} for i in self.items],
            "contact": self.contact.as_dict() if self.consent_contact else {},
            "heard_via": self.heard_via,
        }
        if self.heard_via_name:
            content["heard_via_name"] = self.heard_via_name
        return content
