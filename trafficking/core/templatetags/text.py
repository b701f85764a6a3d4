"""Template side of trafficking.core.text, for any text that came from a
reporter, partner or staff member:

    {% load text %}{{ content.text|visible|linebreaksbr }}

Apply it before filters that produce HTML (linebreaksbr), so it sees the text.
"""

from django import template

from trafficking.core.text import visible as visible_text

register = template.Library()


# Removing characters cannot create markup, so escaped input stays safe.
@register.filter(is_safe=True)
def visible(value):
    """The value without invisible and bidi control characters; non-text as it is."""
    if isinstance(value, str):
        return visible_text(value)
    return value
