"""The one English detector: the pipeline's language field and the ingest gate read it."""

from __future__ import annotations

import pytest

from ingest.extraction.language import MIN_WORDS_TO_JUDGE, guess_language, looks_english

# The same news sentence pair in five languages.
SENTENCES = [
    (
        "The army said on Monday that it had taken the town from the rebels after heavy fighting. "
        "At least twelve people were killed in the attack, according to local officials.",
        "en",
    ),
    (
        "Die Armee sagte am Montag, dass sie die Stadt nach schweren Kämpfen mit den Rebellen "
        "eingenommen habe. Bei dem Angriff wurden mindestens zwölf Menschen getötet.",
        "und",
    ),
    (
        "L'armée a annoncé lundi avoir repris la ville aux rebelles après de violents combats. "
        "Au moins douze personnes ont été tuées dans l'attaque, selon les autorités locales.",
        "und",
    ),
    (
        "El ejército dijo el lunes que había tomado la ciudad a los rebeldes tras intensos combates. "
        "Al menos doce personas murieron en el ataque, según las autoridades.",
        "und",
    ),
    (
        "L'esercito ha detto lunedì di aver preso la città dai ribelli dopo pesanti combattimenti. "
        "Almeno dodici persone sono state uccise nell'attacco, hanno detto le autorità.",
        "und",
    ),
]


@pytest.mark.parametrize(("text", "lang"), SENTENCES)
def test_the_language_field_tells_english_from_other_languages(text, lang):
    assert guess_language(text) == lang


@pytest.mark.parametrize(("text", "lang"), SENTENCES)
def test_the_gate_agrees_with_the_language_field_on_text_long_enough_to_judge(text, lang):
    words = (text.lower() + " ") * 3  # over the length the gate needs to judge
    assert looks_english(words.split()) is (lang == "en")


def test_the_gate_lets_through_what_is_too_short_to_judge():
    words = "Die Armee sagte am Montag".lower().split()
    assert len(words) < MIN_WORDS_TO_JUDGE
    assert looks_english(words)
    assert guess_language("Die Armee sagte am Montag") == "und"
