"""Signals of the reporting point, so other apps (linking) can react to new
information without the reporting point knowing about them."""

from django.dispatch import Signal

# Sent after the transaction that stored a report, or new information from
# its reporter, has committed. Argument: report_id.
report_content_changed = Signal()
