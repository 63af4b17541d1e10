"""factory_boy factories for the events models."""

from __future__ import annotations

import datetime as dt

import factory

from events import models


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    title = factory.Sequence(lambda n: f"Report {n}")
    url = factory.Sequence(lambda n: f"https://news.example.org/story/{n}")
    publisher = "Example News"
    published_on = dt.date(2016, 10, 17)
    language = "en"
    text = "Militants attacked a checkpoint in Mosul on Sunday, killing three soldiers."
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    status = models.Article.Status.DONE


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Actor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Armed Group {n}")
    kind = models.Actor.Kind.REBEL_GROUP

    @factory.post_generation
    def aliases(self, create, extracted, **kwargs):
        if not create:
            return
        for alias in [self.name, *(extracted or [])]:
            models.ActorAlias.objects.get_or_create(actor=self, alias=alias)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Location

    name = factory.Sequence(lambda n: f"Town {n}")
    country_code = "IQ"
    admin1 = "Nineveh"
    feature = models.Location.Feature.CITY
    latitude = 36.335
    longitude = 43.119
    geonames_id = factory.Sequence(lambda n: 10_000_000 + n)
    population = 1000


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    event_type = "battles"
    sub_event_type = "armed_clash"
    date = dt.date(2016, 10, 17)
    actor1 = factory.SubFactory(ActorFactory)
    actor2 = factory.SubFactory(ActorFactory)
    location = factory.SubFactory(LocationFactory)
    fatalities = 3
    summary = "Clash between two groups."
    confidence = 0.8


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Evidence

    event = factory.SubFactory(EventFactory)
    article = factory.SubFactory(ArticleFactory)
    sentence = factory.LazyAttribute(lambda o: o.article.text)
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.article.text))


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quote

    article = factory.SubFactory(ArticleFactory)
    text = "We will prevail."
    speaker = factory.SubFactory(ActorFactory, kind=models.Actor.Kind.PERSON)
    speaker_name = factory.LazyAttribute(lambda o: o.speaker.name)
    cue = "said"
    start = factory.Sequence(lambda n: n * 10)
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))
