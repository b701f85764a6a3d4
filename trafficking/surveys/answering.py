"""Saving a respondent's pages and submitting the survey (the writes of the respondent pages).

Every page is saved in the invitation's ``SurveyResponse`` (made on the first
save), so the same link opens where the respondent left off. Saving a page
replaces that page's answers only. A draft may hold answers the route no
longer reaches (a routing answer changed back and forth keeps what was typed
behind it); submitting drops them first (``flow.prune``) and then checks the
whole response with ``responses.check_response``, so a submitted response
always passes the same checks as an imported one.

Uploaded files (q35) are stored as they come, already cleaned, under a
random name in ``SURVEY_FILE_DIR`` (default ``VAR_DIR/survey_files``),
written whole or not at all (``reports.storage.write_atomically``); the
answer holds that name (``<40 hex>.pdf``). A replaced, removed or pruned file
is deleted after the commit; a file written for a save that fails is
deleted at once. The files describe organisations' campaigns, not people,
and are not public: only the review screens read them.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from trafficking.reports.attachments import CleanAttachment
from trafficking.reports.storage import write_atomically

from . import flow
from .definition import Questionnaire, QuestionType
from .models import Invitation, ResponseSource, ResponseState, SurveyResponse
from .responses import Checked, check_response

_STORED_NAME = re.compile(r"^[0-9a-f]{40}\.(?:pdf|jpg|png)$")


class AlreadySubmitted(Exception):
    """The response was submitted (perhaps in another tab): nothing more is saved."""


# ---- files ---------------------------------------------------------------------------


def survey_file_dir() -> Path:
    root = Path(getattr(settings, "SURVEY_FILE_DIR", Path(settings.VAR_DIR) / "survey_files"))
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def is_stored_name(name: object) -> bool:
    return isinstance(name, str) and bool(_STORED_NAME.match(name))


def store_file(clean: CleanAttachment) -> str:
    name = secrets.token_hex(20) + clean.extension
    write_atomically(survey_file_dir(), name, clean.content)
    return name


def file_path(name: str) -> Path:
    """Where a stored survey file is; FileNotFoundError for a name never given out."""
    if not is_stored_name(name):
        raise FileNotFoundError(name)
    path = survey_file_dir() / name
    if not path.is_file():
        raise FileNotFoundError(name)
    return path


def remove_file(name: str) -> None:
    if is_stored_name(name):
        with contextlib.suppress(OSError):
            (survey_file_dir() / name).unlink(missing_ok=True)


def referenced_files() -> set[str]:
    """Stored names that some saved response still holds (in any answer)."""
    names: set[str] = set()
    rows = SurveyResponse.objects.values_list("answers", "campaigns").iterator(chunk_size=500)
    for answers, campaigns in rows:
        for block in [answers or {}, *(campaigns or [])]:
            names.update(v for v in block.values() if is_stored_name(v))
    return names


def remove_orphan_files(*, older_than: float) -> int:
    """Delete stored survey files no response holds (an invitation deleted, a crash
    between file and transaction), leaving files younger than ``older_than`` s."""
    root = survey_file_dir()
    keep = referenced_files()
    cutoff = time.time() - older_than
    removed = 0
    for path in root.iterdir():
        if is_stored_name(path.name) and path.name not in keep:
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
    return removed


@contextlib.contextmanager
def _files_removed_on_failure() -> Iterator[list[str]]:
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            remove_file(name)
        raise


def _remove_after_commit(names: list[str]) -> None:
    if names:

        def remove() -> None:
            for name in names:
                remove_file(name)

        transaction.on_commit(remove)


# ---- saving a page --------------------------------------------------------------------


def _locked_response(invitation: Invitation) -> SurveyResponse | None:
    return SurveyResponse.objects.select_for_update().filter(invitation=invitation).first()


def save_page(
    invitation: Invitation,
    questionnaire: Questionnaire,
    page: flow.Page,
    values: Mapping[str, object],
    *,
    new_files: Mapping[str, CleanAttachment] | None = None,
    remove_files: set[str] | frozenset[str] = frozenset(),
    resume_at: str = "",
) -> SurveyResponse:
    """Replace ``page``'s answers by ``values`` (import format), storing new files.

    A file question absent from ``values`` keeps its stored file unless it is
    in ``remove_files`` or replaced by one in ``new_files``.
    """
    new_files = new_files or {}
    with _files_removed_on_failure() as written, transaction.atomic():
        response = _locked_response(invitation)
        if response is None:
            response = SurveyResponse(
                invitation=invitation,
                source=ResponseSource.INVITATION,
                respondent=invitation.organisation.slug,
                version=invitation.version,
                state=ResponseState.DRAFT,
            )
        elif response.state == ResponseState.SUBMITTED:
            raise AlreadySubmitted
        scope = flow.scope_of(response.answers, response.campaigns, page)
        values = dict(values)
        obsolete: list[str] = []
        for key in page.questions:
            if questionnaire.question(key).type != QuestionType.FILE:
                continue
            old = scope.get(key)
            if key in new_files:
                name = store_file(new_files[key])
                written.append(name)
                values[key] = name
                if is_stored_name(old):
                    obsolete.append(str(old))
            elif key in remove_files:
                values.pop(key, None)
                if is_stored_name(old):
                    obsolete.append(str(old))
            elif is_stored_name(old):
                values[key] = old
        answers, campaigns = flow.apply_page(response.answers, response.campaigns, page, values)
        response.answers = answers
        response.campaigns = campaigns
        if resume_at:
            response.resume_at = resume_at
        response.save()
        _remove_after_commit(obsolete)
    return response


def set_resume_at(invitation: Invitation, resume_at: str) -> None:
    SurveyResponse.objects.filter(invitation=invitation, state=ResponseState.DRAFT).update(
        resume_at=resume_at
    )


# ---- submitting -------------------------------------------------------------------------


def submit(invitation: Invitation, questionnaire: Questionnaire) -> Checked:
    """Check and submit the response; nothing changes when it has problems.

    On success the response is ``submitted`` and its proposed changes are made
    in the same transaction (``proposals.propose_changes``).
    """
    from .proposals import propose_changes

    with transaction.atomic():
        response = _locked_response(invitation)
        if response is not None and response.state == ResponseState.SUBMITTED:
            raise AlreadySubmitted
        answers = response.answers if response else {}
        campaigns = response.campaigns if response else []
        pruned = flow.prune(questionnaire, answers, campaigns)
        if response is None:  # nothing saved yet: check the empty response for its message
            return check_response(
                questionnaire,
                {"respondent": invitation.organisation.slug, "answers": {}, "campaigns": []},
            )
        response.answers = pruned.answers
        response.campaigns = pruned.campaigns
        checked = check_response(questionnaire, response.as_line())
        if not checked.ok:
            return checked
        response.state = ResponseState.SUBMITTED
        response.submitted_at = timezone.now()
        response.resume_at = ""
        response.save()
        propose_changes(response)
        _remove_after_commit(pruned.dropped_files)
    return checked
