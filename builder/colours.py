"""Colour maths for accessible branding: WCAG 2.2 relative luminance and contrast ratio.

Implemented from the definitions in WCAG 2.2 (Understanding SC 1.4.3,
"relative luminance" and "contrast ratio") rather than pulled from a library:
the formulas are short, fixed by the standard, and need nothing installed.
"""
from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
TEXT_CONTRAST = 4.5  # SC 1.4.3 Contrast (Minimum), normal-size text
UI_CONTRAST = 3.0  # SC 1.4.11 Non-text Contrast (and SC 1.4.3 large text)


def is_hex_colour(text: str) -> bool:
    return bool(HEX_COLOUR.match(text))


def normalise(colour: str) -> str:
    """``#ABC`` or ``#aabbcc`` -> ``#aabbcc``, so the same colour is always written the same way."""
    digits = colour[1:].lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return f"#{digits}"


def relative_luminance(colour: str) -> float:
    digits = normalise(colour)[1:]
    channels = [int(digits[index:index + 2], 16) / 255 for index in (0, 2, 4)]
    red, green, blue = (_linear(value) for value in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (same colour) to 21 (black on white); the order of the colours does not matter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio: float) -> str:
    """Rounded *down*, as WCAG says: 4.499:1 fails 4.5:1 and must never be shown as 4.50:1."""
    return f"{int(ratio * 100) / 100:.2f}:1"


def _linear(value: float) -> float:
    # The sRGB transfer function, with the 0.04045 threshold of the sRGB standard.
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
