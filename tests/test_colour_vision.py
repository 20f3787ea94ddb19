"""Every categorical colour scale of the book can be told apart by readers with the common
colour-vision deficiencies and on a greyscale print.

Each pair of colours drawn together (the colours of one scale in probation_stats.report.charts) is
compared after simulating deuteranopia and protanopia (Machado, Oliveira & Fernandes 2009, severity
1.0, as implemented by colorspacious) and after reducing it to lightness alone (greyscale). The
distance is CAM02-UCS ΔE, in which about 1 is a just-noticeable difference; categories need far
more than that to be named apart at a glance in a legend, so the threshold is 10.
"""

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert

from probation_stats.report import charts

MIN_DELTA_E = 10.0
VISIONS = ["normal", "deuteranopia", "protanopia", "greyscale"]


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255


def seen(hex_colour: str, vision: str) -> np.ndarray:
    """The colour in CAM02-UCS coordinates, as a reader with ``vision`` sees it."""
    rgb = _rgb(hex_colour)
    if vision in ("deuteranopia", "protanopia"):
        cvd = {"name": "sRGB1+CVD", "cvd_type": vision.replace("opia", "omaly"), "severity": 100}
        rgb = np.clip(cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
    ucs = cspace_convert(rgb, "sRGB1", "CAM02-UCS")
    if vision == "greyscale":
        ucs = np.array([ucs[0], 0.0, 0.0])  # lightness J' only: the grey a printer would use
    return ucs


def delta_e(a: str, b: str, vision: str) -> float:
    return float(np.linalg.norm(seen(a, vision) - seen(b, vision)))


def test_known_answers():
    # Identical colours are 0 apart; black and white are the whole lightness range (J' 0 to 100).
    assert delta_e("#123456", "#123456", "protanopia") == pytest.approx(0)
    assert delta_e("#000000", "#ffffff", "greyscale") == pytest.approx(100, abs=0.5)
    # Red and green of equal lightness: apart in normal vision, nearly merged for a deuteranope.
    assert delta_e("#cc3333", "#339933", "normal") > 30
    assert delta_e("#cc3333", "#339933", "deuteranopia") < delta_e("#cc3333", "#339933", "normal") / 2
    # The old verdict pair the scale was changed for: bluish green vs grey under deuteranopia.
    assert delta_e(charts.OKABE_ITO["bluish_green"], "#999999", "deuteranopia") < MIN_DELTA_E


def test_every_scale_of_the_book_is_checked():
    assert {"rating", "provider type", "verdict", "series", "change", "group"} <= set(charts.CATEGORICAL_PALETTES)
    assert charts.CATEGORICAL_PALETTES["verdict"] == list(charts.VERDICT_COLOURS.values())
    assert list(charts.VERDICT_COLOURS) == ["supported", "partly supported", "partly contradicted", "contradicted",
                                            "not checkable"]


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("scale", sorted(charts.CATEGORICAL_PALETTES))
def test_every_pair_of_a_scale_stays_apart(scale, vision):
    colours = charts.CATEGORICAL_PALETTES[scale]
    assert len(set(colours)) == len(colours)
    close = {f"{a}-{b}": round(delta_e(a, b, vision), 1) for a, b in itertools.combinations(colours, 2)
             if delta_e(a, b, vision) < MIN_DELTA_E}
    assert close == {}
