"""Titles: a text's headline line, an HTML page's og:title, <title> or <h1>, and its outlet."""

from __future__ import annotations

import pytest

from ingest.extraction.normalize import headline, html_metadata, normalize

BODY = "Gunmen attacked a police checkpoint in Kandahar on Monday, killing two officers, officials said."


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        (
            "ISIS ON THE RUN Jihadists flee Mosul in face of massive military operation",
            "ISIS ON THE RUN Jihadists flee Mosul in face of massive military operation",
        ),
        (
            "Two police officers killed in Kandahar checkpoint attack",
            "Two police officers killed in Kandahar checkpoint attack",
        ),
        ("Is the ceasefire holding in Tigray?", "Is the ceasefire holding in Tigray?"),
        # the story's first sentence, not a headline over it
        ("Gunmen attacked a checkpoint in Kandahar on Monday.", ""),
        ("By Jane Doe", ""),
        ("From a Combined Joint Task Force Operation Inherent Resolve News Release", ""),
        ("KABUL, Afghanistan —", ""),
        ("MOGADISHU —", ""),
        ("“We will not leave,” the governor said", ""),
        ("-- Near Raqqa, three strikes destroyed a truck", ""),
        ("Breaking", ""),  # one word
        ("A " + "very " * 25 + "long line without a full stop", ""),
    ],
)
def test_first_line_is_the_title_when_it_reads_as_a_headline(first_line, title):
    assert headline(f"{first_line}\n\n{BODY}") == title
    assert normalize(f"{first_line}\n\n{BODY}").title == title


def test_a_single_paragraph_has_no_headline_and_a_given_title_wins():
    assert normalize(BODY).title == ""
    assert normalize(f"Checkpoint attack in Kandahar\n\n{BODY}", title="Given title").title == "Given title"


@pytest.mark.parametrize(
    ("head", "body", "title", "site_name"),
    [
        (
            '<meta property="og:title" content="Checkpoint attack kills two &amp; wounds five">'
            '<meta property="og:site_name" content="Kabul Daily"><title>Home | Kabul Daily</title>',
            "<h1>Other</h1>",
            "Checkpoint attack kills two & wounds five",
            "Kabul Daily",
        ),
        (
            '<meta property="og:site_name" content="Kabul Daily"><title>Checkpoint attack kills two | Kabul Daily</title>',
            "",
            "Checkpoint attack kills two",
            "Kabul Daily",
        ),
        ("<title>Kabul Daily: Checkpoint attack kills two</title>", "", "Kabul Daily: Checkpoint attack kills two", ""),
        (
            "<title>Gunmen kill two officers in Kandahar - BBC News</title>",
            "",
            "Gunmen kill two officers in Kandahar",
            "",
        ),
        ("", "<h1 class='headline'>Gunmen <em>kill</em> two</h1>", "Gunmen kill two", ""),
        ("", "", "", ""),
    ],
)
def test_html_title_from_og_title_then_title_then_h1(head, body, title, site_name):
    html = f"<html><head>{head}</head><body>{body}<article><p>{BODY}</p></article></body></html>"
    assert html_metadata(html) == {"title": title, "site_name": site_name}
    clean = normalize(html)
    assert (clean.title, clean.site_name) == (title, site_name)
