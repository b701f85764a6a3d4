"""The display filter for invisible and bidi control characters."""

from django.template import Context, Template

from trafficking.core.text import visible, visible_tree

# The ranges of issue 9, written out here rather than imported, so the test
# checks the module instead of repeating it.
INVISIBLE = "".join(
    chr(c)
    for first, last in [
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x2069),
        (0xFEFF, 0xFEFF),
        (0xE0000, 0xE007F),
    ]
    for c in range(first, last + 1)
)


def test_every_invisible_character_is_removed():
    assert visible("Jan\u202eevil") == "Janevil"
    assert visible("+31 6\u200d9876\u200b 1234") == "+31 69876 1234"
    assert visible("a" + INVISIBLE + "b") == "ab"


def test_visible_text_is_left_alone():
    text = "Tomatenweg 17, 8011 AB Zwolle\n\tпривіт مرحبا ünïcödé € 😀"
    assert visible(text) == text


def test_an_export_is_cleaned_all_the_way_down():
    tree = {"text": "a\u202eb", "items": [{"value": "0\u200d6"}], "n": 3, "none": None}
    assert visible_tree(tree) == {"text": "ab", "items": [{"value": "06"}], "n": 3, "none": None}


def test_the_template_filter_keeps_escaping():
    template = Template("{% load text %}{{ value|visible|linebreaksbr }}|{{ number|visible }}")
    html = template.render(Context({"value": "<b>\u202eJan</b>\nx", "number": 7}))
    assert html == "&lt;b&gt;Jan&lt;/b&gt;<br>x|7"


def test_phone_links_escapes_the_message_and_links_112():
    from trafficking.core.text import phone_links

    html = phone_links("<b>Gevaar?</b> Bel 112.")
    assert html == '&lt;b&gt;Gevaar?&lt;/b&gt; Bel <a href="tel:112">112</a>.'
