"""A neutral monogram logo (an SVG of the initials) for councils without a logo file.

We never fetch or copy real council logos: a plain monogram in the profile's
own, contrast-checked colours is enough to tell the builds apart.
"""
from __future__ import annotations

from builder.render import environment

# Words every council name has; the initials come from the words that tell them apart.
GENERIC_WORDS = {"council", "borough", "metropolitan", "city", "county", "district", "unitary", "of", "the", "and"}
MAX_INITIALS = 2


def initials(name: str) -> str:
    """"Cheshire East Council" -> "CE"; one telling word gives two letters ("Bolton Council" -> "Bo"),
    so Bolton, Bury and Blackpool do not all become "B"."""
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    telling = [word for word in words if word.lower() not in GENERIC_WORDS] or words
    if len(telling) == 1:
        return telling[0][:MAX_INITIALS].capitalize()
    return "".join(word[0].upper() for word in telling[:MAX_INITIALS]) or "?"


def monogram_svg(name: str, background: str, foreground: str) -> bytes:
    svg = environment().get_template("monogram.svg.j2").render(
        name=name, initials=initials(name), background=background, foreground=foreground)
    return svg.encode("utf-8")
