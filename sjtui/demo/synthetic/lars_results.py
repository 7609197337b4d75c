"""Lars Henrik Kristensen's results from the October 2026 admission: blood gases, blood tests and
imaging (chest X-ray, CT of the brain) with the radiology reports."""

from __future__ import annotations

from . import results as r
from .common import RecordBuilder, at

CT_CEREBRUM = """CT af cerebrum uden kontrast.
Klinisk: Delirium hos 69-årig med KOL, udeluk blødning.
Beskrivelse: Ingen intrakraniel blødning, ingen infarkter. Let generaliseret central og kortikal atrofi, lidt udtalt for alderen. Moderate periventrikulære hvidsubstansforandringer. Normale ventrikler. Ingen midtlinjeforskydning.
Konklusion: Ingen blødning eller infarkt. Let atrofi og hvidsubstansforandringer.
"""

XR_2026 = """Røntgen af thorax.
Beskrivelse: Hyperinflation og emfysem. Ingen infiltrater. Ingen pleuraeffusion. Normal hjertestørrelse.
Konklusion: Intet akut ud over kendt KOL.
"""


def admission_2026_results(b: RecordBuilder, e26: str) -> None:
    """Blood gases (admission, the delirium night, before discharge), blood tests and imaging."""
    for when, values, remark in [
        (at(2026, 10, 8, 16, 30), (7.28, 9.1, 6.5, 82, 5.8, 32), "Uden ilt, ved indlæggelse"),
        (at(2026, 10, 10, 2, 10), (7.31, 8.8, 7.4, 87, 6.1, 33), "NIV, ilt 2 l/min"),
        (at(2026, 10, 18, 8), (7.38, 7.2, 7.7, 89, 6.5, 33), "Uden ilt"),
    ]:
        r.blood_gas(
            b,
            when,
            "ssa-kba",
            dict(zip(("ph", "pco2", "po2", "so2", "be", "hco3"), values, strict=True)),
            encounter=e26,
            note=remark,
        )
    r.lab_set(
        b,
        at(2026, 10, 8, 16, 40),
        "ssa-kba",
        {"hb": 9.0, "crp": 76, "leuk": 13.8, "na": 132, "k": 3.4, "kreat": 104, "egfr": 64},
        encounter=e26,
    )
    r.lab_set(
        b,
        at(2026, 10, 17, 7, 30),
        "ssa-kba",
        {"hb": 8.8, "crp": 12, "leuk": 10.6, "na": 137, "k": 4.2, "kreat": 91, "egfr": 74},
        encounter=e26,
    )
    r.imaging(
        b,
        at(2026, 10, 8, 17),
        "ssa-radiologi",
        "Røntgen af thorax",
        "Intet akut ud over kendt KOL.",
        XR_2026,
        encounter=e26,
    )
    r.imaging(
        b,
        at(2026, 10, 10, 9),
        "ssa-radiologi",
        "CT af cerebrum",
        "Ingen blødning eller infarkt. Let atrofi.",
        CT_CEREBRUM,
        encounter=e26,
    )
