"""Generate course folders of any size for the benchmarks.

Pages are plain English-like text drawn (with a fixed seed) from the words of
the real example course, at their real frequencies, so the text compresses
like real course text rather than like repeated filler. Questions are
knowledge checks every few pages plus a final assessment bank of every type, written as authors write them (```question
YAML blocks, see courses/social-value/*.md).

    python -m benchmarks.generate OUT_DIR --pages 500 --questions 1000
"""
from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_COURSE = ROOT / "courses" / "social-value"
WORDS_PER_PAGE = 400  # about one screen and a half: a typical course page
FALLBACK_WORDS = ("the council buys services and social value helps local people get jobs skills and training "
                  "in every contract we ask suppliers to do more good for the area").split()


KNOWLEDGE_CHECK_EVERY = 10  # pages; the rest of the questions form the final assessment's bank
DRAW = 20  # questions drawn from the bank per attempt
FILL_INS_IN_BANK = 2  # a fill-in answer may take 512 characters of suspend_data (builder/suspend_data.py)


def generate_course(folder: Path, pages: int, questions: int = 0, *, course_id: str = "generated", seed: int = 1,
                    check_every: int = KNOWLEDGE_CHECK_EVERY) -> Path:
    """Write a course of ``pages`` pages and ``questions`` questions, shaped like a real course.

    A knowledge check every few pages, and the other questions in the bank of a
    final assessment page (the last page) that draws some of them per attempt —
    so the learner's saved progress fits SCORM 1.2's 4096 characters, as the
    build insists.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words, weights = _vocabulary()
    (folder / "course.yml").write_text(
        f"id: {course_id}\ntitle: Generated course, {pages} pages\nversion: 1.0.0\n", encoding="utf-8")
    content_pages = pages - 1 if questions else pages
    checks = min(questions, content_pages // check_every)
    for index in range(content_pages):
        parts = [f"---\ntitle: {_sentence(rng, words, weights, 5).rstrip('.')}\n---\n", _body(rng, words, weights)]
        if index % check_every == check_every - 1 and index // check_every < checks:
            parts.append(_question(f"check-{index + 1}", CHECK_TYPES[index % len(CHECK_TYPES)], rng, words, weights))
        (folder / f"{index + 1:04d}-page-{index + 1}.md").write_text("\n".join(parts), encoding="utf-8")
    if questions:
        (folder / f"{pages:04d}-final-assessment.md").write_text(
            _assessment(questions - checks, rng, words, weights), encoding="utf-8")
    return folder


CHECK_TYPES = ("single", "true-false", "multiple")
BANK_TYPES = ("single", "multiple", "true-false", "matching", "ordering")


def _assessment(bank: int, rng: random.Random, words, weights) -> str:
    draw = min(DRAW, bank)
    parts = [f"---\ntitle: Final assessment\nassessment:\n  pass_mark: 80\n  draw: {draw}\n"
             f"  attempts: 3\n  shuffle: true\n---\n", _paragraph(rng, words, weights, 40) + "\n"]
    for number in range(1, bank + 1):
        kind = "fill-in" if number <= FILL_INS_IN_BANK else BANK_TYPES[number % len(BANK_TYPES)]
        parts.append(_question(f"q{number}", kind, rng, words, weights))
    return "\n".join(parts)


def _vocabulary() -> tuple[list[str], list[int]]:
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted(EXAMPLE_COURSE.glob("*.md")))
    counts = Counter(word.lower() for word in re.findall(r"[A-Za-z][a-z']+", text))
    if len(counts) < 100:
        counts = Counter(FALLBACK_WORDS)
    words = sorted(counts)
    return words, [counts[word] for word in words]


def _sentence(rng: random.Random, words, weights, length: int) -> str:
    chosen = rng.choices(words, weights, k=length)
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, words, weights, count: int) -> str:
    sentences, left = [], count
    while left > 0:
        length = min(left, rng.randint(8, 18))
        sentences.append(_sentence(rng, words, weights, length))
        left -= length
    return " ".join(sentences)


def _body(rng: random.Random, words, weights) -> str:
    """Headings, paragraphs and a list: the Markdown an author writes most."""
    third = WORDS_PER_PAGE // 3
    return "\n\n".join([
        f"## {_sentence(rng, words, weights, 4).rstrip('.')}",
        _paragraph(rng, words, weights, third),
        "\n".join(f"- {_sentence(rng, words, weights, 6)}" for _ in range(3)),
        f"## {_sentence(rng, words, weights, 3).rstrip('.')}",
        _paragraph(rng, words, weights, third),
        _paragraph(rng, words, weights, third - 18),
    ]) + "\n"


def _question(name: str, kind: str, rng: random.Random, words, weights) -> str:
    def text(length: int = 7) -> str:
        return _sentence(rng, words, weights, length).replace('"', "'")

    lines = [f"id: gen-{name}", f"type: {kind}", f'prompt: "{text(12)}"']
    if kind in ("single", "multiple"):
        lines.append("options:")
        for option in range(4):
            lines.append(f'  - text: "{text()}"')
            if option == 0 or (kind == "multiple" and option == 1):
                lines.append("    correct: true")
    elif kind == "true-false":
        lines.append(f"answer: {'true' if rng.random() < 0.5 else 'false'}")
    elif kind == "fill-in":
        lines.append(f'answers: ["{rng.choice(words)}", "{rng.choice(words)}s"]')
    elif kind == "matching":
        lines.append("pairs:")
        for pair in range(3):
            lines += [f'  - left: "{pair + 1}. {text(3)}"', f'    right: "{pair + 1}. {text(4)}"']
    else:
        lines.append("items:")
        lines += [f'  - "{item + 1}. {text(5)}"' for item in range(4)]
    lines += ["feedback:", f'  correct: "{text(5)}"', f'  incorrect: "{text(6)}"']
    return "```question\n" + "\n".join(lines) + "\n```\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--questions", type=int, default=1000)
    args = parser.parse_args()
    print(generate_course(args.folder, args.pages, args.questions))


if __name__ == "__main__":
    main()
