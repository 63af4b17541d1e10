from __future__ import annotations

import pytest

from ingest.extraction.normalize import RejectedInput, clean_whitespace, normalize


def test_html_becomes_main_text():
    html = (
        "<html><head><title>Clashes in Aleppo</title></head><body><nav>Home | World</nav>"
        "<article><p>Fighting broke out in Aleppo on Sunday between government forces and rebels, "
        "residents said, and continued into the night.</p><p>At least 14 militants were killed.</p>"
        "</article></body></html>"
    )
    clean = normalize(html)
    assert clean.was_html
    assert "At least 14 militants were killed." in clean.text
    assert "<p>" not in clean.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), ("   \n  ", "empty"), (b"\x00\x01\x02binary", "binary"), ("x" * 2_000_000, "too")],
)
def test_unusable_input_is_rejected_with_a_reason(data, reason):
    with pytest.raises(RejectedInput) as exc:
        normalize(data)
    assert reason in exc.value.reason


def test_bytes_in_cp1252_are_decoded():
    clean = normalize("Troops entered the caf\u00e9 district of Kabul on Monday.".encode("cp1252"))
    assert "caf\u00e9" in clean.text


def test_paragraphs_are_kept_and_spaces_collapsed():
    assert clean_whitespace("One  line.\r\n\r\n\r\nTwo\t line.") == "One line.\n\nTwo line."
