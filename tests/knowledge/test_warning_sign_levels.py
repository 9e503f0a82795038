"""Every text that names a warning sign gives it the level triage gives it (ENGINE.md rule 1).

Lessons (with their `{warning_signs:LEVEL}` placeholders expanded) and the web templates are split
into sentences; a sentence that names a red flag and says how soon to get care must say the level
red_flags.yaml gives that flag — alone, or in a combination whose other flags the sentence also names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import backwell.web
from backwell.engine.knowledge import load, model, warning_signs

# Words that only name the warning sign itself (not an organ or body part in passing).
PHRASES: dict[str, str] = {
    "saddle_numbness": r"back passage|genitals or inner buttocks|around your bottom|between the legs|saddle",
    "bladder_dysfunction": r"passing urine|leaking urine|controlling your bladder|bladder (?:problems|changes|control)",
    "bowel_incontinence": r"bowel control|bladder or bowel (?:problems|changes)|controlling your bladder or bowel",
    "sexual_dysfunction": r"sexual function",
    "bilateral_leg_symptoms": r"both legs",
    "progressive_weakness": r"getting weaker|worsening weakness|foot (?:that )?catches|foot drop",
    "fever": r"\bfever",
    "immunosuppressed": r"immune system is weakened|weakened immune system",
    "iv_drug_use": r"inject(?:ing)? drugs",
    "recent_infection": r"recent(?:ly had a)? bacterial infection|recent infection",
    "cancer_history": r"\bcancer",
    "weight_loss": r"weight loss",
    "night_pain": r"pain at night|night pain",
    "major_trauma": r"bad fall|fall or accident|road accident",
    "minor_trauma_osteoporosis": r"thin bones|osteoporosis",
    "structural_deformity": r"shape of your spine",
    "inflammatory_pattern": r"morning stiffness",
    "thoracic_pain": r"upper or middle back|upper or mid-back",
}
# How a sentence says how soon to get care.
LEVEL_WORDS: dict[str, str] = {
    "emergency": r"emergency|\b999\b|\bA&E\b|ambulance",
    "urgent": r"\btoday\b|same day|within (?:a few )?days|\bsoon\b",
    "routine": r"\broutine\b|book a",
}
TEMPLATES = sorted(Path(backwell.web.__file__).parent.glob("**/templates/**/*.html"))
ARTICLES = sorted((Path(backwell.web.__file__).parent / "content" / "curated" / "articles").glob("*.md"))


def _sentences(text: str) -> list[str]:
    # Template tags and list items end sentences too; a colon joins a warning to its instruction.
    text = re.sub(r"</?(?:li|p|h\d|ul|div)[^>]*>|\{%[^%]*%\}", ". ", text)
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip()]


def article_sentences(markdown: str) -> list[str]:
    """An article's sentences, each led by its section heading: "## See a doctor today" above a list
    gives every item in it that level, so a sign listed under the wrong heading is caught."""
    body = markdown.split("\n---\n", 1)[-1].replace("**", "")
    heading = ""
    found = []
    # Paragraphs and list items are blocks; a list item's wrapped lines stay with it.
    for block in re.split(r"\n\s*\n|\n(?=[-*] )", body):
        block = " ".join(block.split())
        if block.startswith("#"):
            heading = block.lstrip("#").strip()
            continue
        found += [f"{heading}: {sentence}" for sentence in _sentences(block.lstrip("-* "))]
    return found


def _allowed_levels(kb: model.KnowledgeBase, flag: str, named: set[str]) -> set[str]:
    """The flag's own level, and the level of every combination it is part of in this sentence."""
    levels = {kb.red_flags[flag].level}
    for other in kb.red_flags.values():
        for combo in other.combinations:
            involved = flag in combo.flags or flag in combo.any_of
            complete = set(combo.flags) <= named and (not combo.any_of or bool(set(combo.any_of) & named))
            if involved and complete:
                levels.add(combo.level)
    return levels


def wrong_levels(text: str, kb: model.KnowledgeBase) -> list[str]:
    """Each sentence of `text` that puts a named warning sign at a level triage does not give it."""
    found = []
    for sentence in _sentences(text):
        named = {flag for flag, pattern in PHRASES.items() if re.search(pattern, sentence, re.I)}
        stated = {level for level, pattern in LEVEL_WORDS.items() if re.search(pattern, sentence, re.I)}
        if not named or not stated:
            continue
        for flag in sorted(named):
            if not stated & _allowed_levels(kb, flag, named):
                found.append(f"{flag} is {kb.red_flags[flag].level} in triage, but: {sentence.strip()!r}")
    return found


def _lesson_texts() -> list[tuple[str, str]]:
    kb = load()
    return [
        (lesson.slug, text)
        for lesson in kb.lessons.values()
        for text in (lesson.summary, *warning_signs.expand_lesson(lesson, kb).body)
    ]


@pytest.mark.parametrize(("slug", "text"), _lesson_texts())
def test_lessons_give_each_warning_sign_its_triage_level(slug: str, text: str) -> None:
    assert wrong_levels(text, load()) == [], slug


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_pages_give_each_warning_sign_its_triage_level(template: Path) -> None:
    assert wrong_levels(template.read_text(encoding="utf-8"), load()) == []


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.stem)
def test_curated_articles_give_each_warning_sign_its_triage_level(article: Path) -> None:
    kb = load()
    sentences = article_sentences(article.read_text(encoding="utf-8"))
    assert [problem for sentence in sentences for problem in wrong_levels(sentence, kb)] == []


def test_a_sign_listed_under_the_wrong_heading_is_caught() -> None:
    kb = load()
    article = "---\ntitle: x\n---\n## Go to an emergency department now\n\n- A leg that is getting weaker.\n"
    assert any(wrong_levels(s, kb) for s in article_sentences(article))
    article = "---\ntitle: x\n---\n## See a doctor today\n\n- A weakened immune system.\n"
    assert any(wrong_levels(s, kb) for s in article_sentences(article))
    article = "---\ntitle: x\n---\n## See a doctor soon\n\n- Unexplained weight loss.\n"
    assert any(wrong_levels(s, kb) for s in article_sentences(article))
    article = "---\ntitle: x\n---\n## See a doctor today\n\n- A past history of cancer.\n"
    assert not any(wrong_levels(s, kb) for s in article_sentences(article))


def test_a_sign_put_at_the_wrong_level_is_caught() -> None:
    kb = load()
    assert wrong_levels("Book a routine review if you have pain in both legs.", kb)
    assert wrong_levels("See a doctor today if you have had cancer.", kb) == []
    assert wrong_levels("If you have had cancer, mention it at your next routine check.", kb)
    # A combination may raise a sign: weight loss alone is routine, with night pain it is urgent.
    assert wrong_levels("Weight loss with pain at night should be checked within days.", kb) == []
    assert wrong_levels("Unexplained weight loss should be checked today.", kb)


def test_the_when_to_see_a_doctor_lesson_names_every_sign_once_at_its_level() -> None:
    kb = load()
    body = " ".join(warning_signs.expand_lesson(kb.lessons["lesson_when_to_see_a_doctor"], kb).body)
    assert "{warning_signs" not in body
    for flag in kb.red_flags:
        assert body.count(warning_signs.SIGNS[flag]) == 1, flag
    emergency, urgent, routine = (
        warning_signs.flags_at(level, kb) for level in ("emergency", "urgent", "routine")
    )
    assert {"bilateral_leg_symptoms", "saddle_numbness"} <= set(emergency)
    assert "cancer_history" in urgent and "cancer_history" not in routine


def test_changing_a_level_in_red_flags_changes_the_lesson() -> None:
    kb = load()
    text = "Go to an emergency department now if you have {warning_signs:emergency}."
    assert warning_signs.SIGNS["bilateral_leg_symptoms"] in warning_signs.expand(text, kb)
    demoted = dict(kb.red_flags)
    flag = demoted["bilateral_leg_symptoms"]
    demoted["bilateral_leg_symptoms"] = model.RedFlag(
        flag.id, flag.question, "urgent", flag.advice, flag.sources, flag.combinations
    )
    other = model.KnowledgeBase(
        **{**{f: getattr(kb, f) for f in kb.__dataclass_fields__}, "red_flags": demoted}
    )
    assert warning_signs.SIGNS["bilateral_leg_symptoms"] not in warning_signs.expand(text, other)
    assert warning_signs.problems("{warning_signs:soonish}")
