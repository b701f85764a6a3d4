"""The form of one survey page, built from the questionnaire (no question is named here).

Every answer is optional, as in the appendix: a respondent may leave a
question open (branching.py says where the route then goes). What is
checked: letters are options of the question, texts fit
``responses.MAX_TEXT_CHARS``, a "namelijk" text goes with its chosen option,
and an uploaded file is a real PDF, PNG or JPEG of at most 10 MB (the
reporting point's checks, ``reports/attachments.py``: the content decides,
never the name; images and PDFs are written anew without metadata).
Messages are in the page's language (Dutch source strings, informal "je"
as the questionnaire).
"""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from trafficking.reports.attachments import (
    ACCEPT,
    MAX_ATTACHMENT_BYTES,
    AttachmentRejected,
    CleanAttachment,
    PixelBudget,
    sanitise,
)

from .definition import Questionnaire, QuestionType
from .flow import text_field
from .responses import MAX_TEXT_CHARS

MAX_FILE_BYTES = MAX_ATTACHMENT_BYTES
ACCEPTED_FILES = ACCEPT
REMOVE_SUFFIX = "_remove"


def upload_error(code: str) -> str:
    messages = {
        "too_large": _("Het bestand is te groot. Het mag hoogstens 10 MB zijn."),
        "empty": _("Het bestand is leeg."),
        "unsupported_type": _(
            "Je kunt alleen een PDF-bestand of een afbeelding (PNG of JPEG) uploaden. "
            "Dit bestand is dat niet, wat de naam ook zegt."
        ),
        "corrupt": _("Het bestand kon niet worden gelezen. Probeer een ander bestand."),
        "too_many_pixels": _("De afbeelding is te groot. Maak hem kleiner en probeer het opnieuw."),
        "encrypted": _(
            "Het PDF-bestand is beveiligd met een wachtwoord. Upload het zonder wachtwoord."
        ),
        "too_many_pages": _("Het PDF-bestand heeft te veel pagina's (hoogstens 500)."),
        "too_complex": _(
            "Het PDF-bestand is te ingewikkeld om te controleren. Sla het opnieuw op als PDF "
            "en probeer het nog eens."
        ),
    }
    return messages.get(code, messages["corrupt"])


class PageForm(forms.Form):
    """The questions ``keys`` of ``questionnaire``, in ``language``.

    After ``is_valid()``, ``clean_files`` holds the checked bytes of new
    uploads by question; storing them is the caller's job.
    """

    def __init__(
        self,
        questionnaire: Questionnaire,
        keys: tuple[str, ...],
        language: str,
        *args,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.keys = keys
        self.language = language
        self.clean_files: dict[str, CleanAttachment] = {}
        for key in keys:
            question = questionnaire.question(key)
            label = question.text.get(language) or key
            choices = [(o.key, o.label.get(language) or o.key) for o in question.options]
            if question.type == QuestionType.SINGLE:
                self.fields[key] = forms.ChoiceField(
                    label=label, choices=choices, required=False, widget=forms.RadioSelect
                )
            elif question.type == QuestionType.MULTIPLE:
                self.fields[key] = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            elif question.type == QuestionType.FILE:
                self.fields[key] = forms.FileField(label=label, required=False)
                self.fields[key + REMOVE_SUFFIX] = forms.BooleanField(required=False)
            else:
                self.fields[key] = forms.CharField(
                    label=label, required=False, max_length=MAX_TEXT_CHARS, widget=forms.Textarea
                )
            for letter in sorted(question.specify_keys):
                self.fields[text_field(key, letter)] = forms.CharField(
                    required=False, max_length=MAX_TEXT_CHARS
                )

    def clean(self):
        cleaned = super().clean()
        for key in self.keys:
            question = self.questionnaire.question(key)
            chosen = cleaned.get(key)
            letters = [chosen] if isinstance(chosen, str) else list(chosen or [])
            for letter in question.specify_keys:
                name = text_field(key, letter)
                if cleaned.get(name) and letter not in letters:
                    option = question.option(letter)
                    shown = (option.label.get(self.language) or letter) if option else letter
                    self.add_error(
                        name,
                        _("Kies ook ‘%(option)s’, of maak dit veld leeg.") % {"option": shown},
                    )
            if question.type == QuestionType.FILE:
                upload = self.files.get(key) if self.files else None
                if isinstance(upload, UploadedFile):
                    self._check_file(key, upload)
        return cleaned

    def _check_file(self, key: str, upload: UploadedFile) -> None:
        if (upload.size or 0) > MAX_FILE_BYTES:
            # Its bytes were never kept (reports/uploads.py): only its size is known.
            self.add_error(key, upload_error("too_large"))
            return
        upload.seek(0)  # something may have read it already (it was at its end here)
        try:
            clean = sanitise(upload.read(), upload.name or "", upload.content_type, PixelBudget())
        except AttachmentRejected as error:
            self.add_error(key, upload_error(error.code))
            return
        self.clean_files[key] = clean
