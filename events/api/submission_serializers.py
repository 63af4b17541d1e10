"""The input/output pair of article submission (``POST /api/v1/articles/``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import URLValidator
from rest_framework import serializers

from events.documents import has_visible_text, size_refusal
from events.models import Article


class StrictCharField(serializers.CharField):
    """A string, and only a string: DRF's CharField would turn 12345 or true into text."""

    default_error_messages = {"invalid": "Not a valid string: send text in quotes."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictURLField(serializers.URLField):
    """An http or https URL, the only schemes the fetcher follows (ingest/fetch.py), sent as a string."""

    default_error_messages = {"not_a_string": "Not a valid string: send the URL in quotes."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, URLValidator)]
        self.validators.append(URLValidator(schemes=["http", "https"], message=self.error_messages["invalid"]))

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


class OptionalDateField(serializers.DateField):
    """A date, or null; an empty string is null too, in JSON as in a form (where DRF already does it)."""

    def to_internal_value(self, value: Any) -> Any:
        return None if value == "" else super().to_internal_value(value)


class ArticleSubmitSerializer(serializers.Serializer):
    """What a client may submit: the text, the HTML or just the URL of an article."""

    text = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Plain text of the article, at most INGEST_MAX_BYTES bytes (UTF-8).",
    )
    html = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text="The article's HTML page, at most INGEST_MAX_BYTES bytes (UTF-8).",
    )
    url = StrictURLField(required=False, allow_blank=True, max_length=2000)
    title = StrictCharField(required=False, allow_blank=True, max_length=500, default="")
    published = OptionalDateField(required=False, allow_null=True, default=None)
    publisher = StrictCharField(required=False, allow_blank=True, max_length=200, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        text, html, url = attrs.get("text"), attrs.get("html"), attrs.get("url")
        if not (text or html or url):
            raise serializers.ValidationError("Submit one of text, html or url.")
        if text and html:
            raise serializers.ValidationError("Submit either text or html, not both.")
        limit = int(settings.INGEST_MAX_BYTES)
        for name in ("text", "html"):
            value = attrs.get(name)
            if not value:
                continue
            refusal = size_refusal(value, limit)
            if refusal:
                raise serializers.ValidationError({name: refusal})
            if not has_visible_text(value):
                raise serializers.ValidationError(
                    {name: "The document is empty: it holds only whitespace, control or zero-width characters."}
                )
        return attrs


class ArticleSubmittedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="Absolute URL of the article's API resource; poll it for the status.")
    status = serializers.ChoiceField(choices=Article.Status.choices)
