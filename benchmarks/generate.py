"""Generate course folders of any size for the benchmarks.

Pages are plain English-like text drawn (with a fixed seed) from the words of
the real example course, at their real frequencies, so the text compresses
like real course text rather than like repeated filler. Questions cycle
through every question type, written as authors write them (```question
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


def generate_course(folder: Path, pages: int, questions: int = 0, *, course_id: str = "generated", seed: int = 1) -> Path:
    """Write a course with ``pages`` pages and ``questions`` questions spread evenly over them."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words, weights = _vocabulary()
    (folder / "course.yml").write_text(
        f"id: {course_id}\ntitle: Generated course, {pages} pages\nversion: 1.0.0\n", encoding="utf-8")
    per_page = _spread(questions, pages)
    number = 0
    for index in range(pages):
        parts = [f"---\ntitle: {_sentence(rng, words, weights, 5).rstrip('.')}\n---\n", _body(rng, words, weights)]
        for _ in range(per_page[index]):
            number += 1
            parts.append(_question(number, rng, words, weights))
        (folder / f"{index + 1:04d}-page-{index + 1}.md").write_text("\n".join(parts), encoding="utf-8")
    return folder


def _spread(total: int, pages: int) -> list[int]:
    base, extra = divmod(total, pages)
    return [base + (1 if index < extra else 0) for index in range(pages)]


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


def _question(number: int, rng: random.Random, words, weights) -> str:
    def text(length: int = 7) -> str:
        return _sentence(rng, words, weights, length).replace('"', "'")

    kind = ("single", "multiple", "true-false", "fill-in", "matching", "ordering")[number % 6]
    lines = [f"id: gen-q{number}", f"type: {kind}", f'prompt: "{text(12)}"']
    if kind in ("single", "multiple"):
        lines.append("options:")
        for option in range(4):
            lines.append(f'  - text: "{text()}"')
            if option == 0 or (kind == "multiple" and option == 1):
                lines.append("    correct: true")
    elif kind == "true-false":
        lines.append(f"answer: {'true' if number % 2 else 'false'}")
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
