"""The one colour-blind-safe palette (Okabe & Ito, 2008) of every chart, in the browser and in the
documents: each category keeps its colour, and the number stands beside it in a table."""

from __future__ import annotations

# Okabe-Ito: distinguishable with every common colour-vision deficiency, and in greyscale print
# by the order of lightness.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

OUTCOME_COLOURS = {
    "closed": OKABE_ITO["vermillion"],
    "regular_care": OKABE_ITO["bluish_green"],
    "other_region": OKABE_ITO["orange"],
    "monitoring": OKABE_ITO["sky_blue"],
    "stap_team": OKABE_ITO["blue"],
}

# Series of the hours chart and tables: direct and indirect time, casemanager and peer worker.
SERIES_COLOURS = [
    OKABE_ITO["blue"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["orange"],
]
