"""seed_synthetic builds a consistent skewed dataset for the benchmarks."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from events.models import Article, Event, Evidence
from events.typology import is_valid

pytestmark = pytest.mark.django_db


def test_seed_synthetic_creates_valid_skewed_events_with_evidence():
    call_command("seed_synthetic", "--events", "600", "--actors", "40", "--locations", "60", "--batch", "250")

    assert Event.objects.count() == 600
    assert Article.objects.count() == 300
    assert all(is_valid(t, s) for t, s in Event.objects.values_list("event_type", "sub_event_type"))
    assert Evidence.objects.values("event").distinct().count() == 600
    by_type = Counter(Event.objects.values_list("event_type", flat=True))
    assert by_type.most_common(1)[0][0] in ("battles", "explosions_remote_violence")
    assert Event.objects.filter(fatalities__isnull=True).exists()


def test_seed_synthetic_refuses_nonsense():
    with pytest.raises(CommandError):
        call_command("seed_synthetic", "--events", "0")
