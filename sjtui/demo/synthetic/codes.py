"""Catalogue of the lab tests, vital signs and lung-function codes the fixtures use, and the SKS
diagnoses that several courses share.

NPU codes and Danish short names follow the Danish laboratory convention ("P-Kalium");
where no NPU code fits (blood gases, spirometry, home measurements) LOINC is used, as
dk-core allows. Reference ranges are typical adult ranges, good enough for a demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from .common import LOINC_SYSTEM, NPU_SYSTEM


@dataclass(frozen=True, slots=True)
class Test:
    key: str
    system: str
    code: str
    text: str
    unit: str  # display unit (Danish style)
    ucum: str
    low: float | None
    high: float | None
    decimals: int = 1
    typical: float = 0.0  # centre of the normal population, for the generator
    spread: float = 0.0


def _npu(
    key: str,
    code: str,
    text: str,
    unit: str,
    ucum: str,
    low: float | None,
    high: float | None,
    decimals: int,
    typical: float,
    spread: float,
) -> Test:
    return Test(key, NPU_SYSTEM, code, text, unit, ucum, low, high, decimals, typical, spread)


LABS: dict[str, Test] = {
    t.key: t
    for t in [
        _npu("hb", "NPU02319", "B-Hæmoglobin", "mmol/l", "mmol/L", 8.3, 10.5, 1, 8.9, 0.8),
        _npu("leuk", "NPU02593", "B-Leukocytter", "×10⁹/l", "10*9/L", 3.5, 10.0, 1, 7.5, 2.5),
        _npu("trombo", "NPU03568", "B-Trombocytter", "×10⁹/l", "10*9/L", 145, 390, 0, 260, 70),
        _npu("crp", "NPU19748", "P-C-reaktivt protein", "mg/l", "mg/L", None, 8, 0, 5, 8),
        _npu("na", "NPU03429", "P-Natrium", "mmol/l", "mmol/L", 137, 145, 0, 140, 3),
        _npu("k", "NPU03230", "P-Kalium", "mmol/l", "mmol/L", 3.5, 4.6, 1, 4.1, 0.4),
        _npu("kreat", "NPU18016", "P-Kreatinin", "µmol/l", "umol/L", 60, 105, 0, 85, 20),
        _npu("egfr", "DNK35302", "eGFR/1,73m²", "ml/min", "mL/min/{1.73_m2}", 60, None, 0, 75, 15),
        _npu("carbamid", "NPU01459", "P-Carbamid", "mmol/l", "mmol/L", 3.2, 8.1, 1, 5.8, 1.6),
        _npu("alat", "NPU19651", "P-Alanintransaminase (ALAT)", "U/l", "U/L", 10, 70, 0, 30, 12),
        _npu("basp", "NPU27783", "P-Basisk fosfatase", "U/l", "U/L", 35, 105, 0, 70, 18),
        _npu("bili", "NPU01370", "P-Bilirubin", "µmol/l", "umol/L", 5, 25, 0, 11, 5),
        _npu("alb", "NPU19673", "P-Albumin", "g/l", "g/L", 36, 48, 0, 40, 4),
        _npu("hba1c", "NPU27300", "B-Hæmoglobin A1c (IFCC)", "mmol/mol", "mmol/mol", None, 48, 0, 40, 8),
        _npu("gluk", "NPU02192", "P-Glukose", "mmol/l", "mmol/L", 4.0, 7.8, 1, 6.0, 1.5),
        _npu("probnp", "NPU21571", "P-NT-proBNP", "ng/l", "ng/L", None, 300, 0, 180, 200),
        _npu("tsh", "NPU03577", "P-Thyrotropin (TSH)", "mIU/l", "m[IU]/L", 0.3, 4.0, 2, 1.8, 0.9),
        _npu("ferritin", "NPU19763", "P-Ferritin", "µg/l", "ug/L", 15, 300, 0, 120, 70),
        _npu("kol", "NPU01566", "P-Kolesterol", "mmol/l", "mmol/L", None, 5.0, 1, 4.8, 0.9),
        _npu("ldl", "NPU10171", "P-Kolesterol LDL", "mmol/l", "mmol/L", None, 3.0, 1, 2.7, 0.8),
        _npu("hdl", "NPU01567", "P-Kolesterol HDL", "mmol/l", "mmol/L", 1.0, None, 1, 1.4, 0.3),
        _npu("trigly", "NPU04094", "P-Triglycerid", "mmol/l", "mmol/L", None, 2.0, 1, 1.4, 0.6),
        _npu("mg", "NPU02647", "P-Magnesium", "mmol/l", "mmol/L", 0.70, 1.10, 2, 0.85, 0.1),
        _npu("ca", "NPU01443", "P-Calcium", "mmol/l", "mmol/L", 2.15, 2.51, 2, 2.33, 0.1),
        _npu("eos", "NPU01933", "B-Eosinocytter", "×10⁹/l", "10*9/L", None, 0.5, 2, 0.2, 0.15),
        _npu("neutro", "NPU02902", "B-Neutrocytter", "×10⁹/l", "10*9/L", 1.5, 7.5, 1, 4.5, 1.8),
        _npu("inr", "NPU01685", "P-Koagulationsfaktor II+VII+X (INR)", "INR", "{INR}", 0.8, 1.2, 1, 1.0, 0.1),
        _npu("ualbkreat", "NPU19661", "U-Albumin/Kreatinin-ratio", "mg/g", "mg/g", None, 30, 0, 15, 20),
        _npu("dvit", "NPU10267", "P-25-Hydroxy-vitamin D", "nmol/l", "nmol/L", 50, 160, 0, 70, 25),
        _npu("ck", "NPU19656", "P-Kreatinkinase", "U/l", "U/L", 40, 280, 0, 120, 50),
        _npu("b12", "NPU01700", "P-Cobalamin (B12)", "pmol/l", "pmol/L", 200, 600, 0, 350, 100),
    ]
}

# Women have other reference ranges for a few tests (low, high).
FEMALE_RANGES: dict[str, tuple[float, float]] = {"hb": (7.3, 9.5), "kreat": (45, 90)}

# Arterial blood gas members (LOINC; Danish short names as printed by the blood gas analyser).
GAS_PANEL = ("24336-0", "Arteriel blodgas")
GAS: dict[str, Test] = {
    t.key: t
    for t in [
        Test("ph", LOINC_SYSTEM, "2744-1", "aB-pH", "", "[pH]", 7.35, 7.45, 2),
        Test("pco2", LOINC_SYSTEM, "2019-8", "aB-pCO2", "kPa", "kPa", 4.7, 6.0, 1),
        Test("po2", LOINC_SYSTEM, "2703-7", "aB-pO2", "kPa", "kPa", 10.0, 13.3, 1),
        Test("so2", LOINC_SYSTEM, "2708-6", "aB-sO2", "%", "%", 95, 99, 0),
        Test("be", LOINC_SYSTEM, "1925-7", "aB-Base excess", "mmol/l", "mmol/L", -3.0, 3.0, 1),
        Test("hco3", LOINC_SYSTEM, "1960-4", "aB-Hydrogencarbonat", "mmol/l", "mmol/L", 22, 26, 0),
    ]
}

# Home measurements / vital signs.
SPO2 = Test("spo2", LOINC_SYSTEM, "59408-5", "Iltmætning (SpO2)", "%", "%", 88, 100, 0)
PULSE = Test("pulse", LOINC_SYSTEM, "8867-4", "Puls", "slag/min", "/min", 50, 110, 0)
WEIGHT = Test("weight", LOINC_SYSTEM, "29463-7", "Vægt", "kg", "kg", None, None, 1)
BP_PANEL = ("85354-9", "Blodtryk")
BP_SYS = Test("sys", LOINC_SYSTEM, "8480-6", "Systolisk blodtryk", "mmHg", "mm[Hg]", 100, 160, 0)
BP_DIA = Test("dia", LOINC_SYSTEM, "8462-4", "Diastolisk blodtryk", "mmHg", "mm[Hg]", 50, 95, 0)

SPIRO_CODE = ("81459-0", "Spirometri")
DLCO_CODE = ("19911-7", "Diffusionskapacitet (DLCO)")

# SKS diagnoses used by more than one course: (code, Danish text).
COPD_EXACERBATION = ("DJ441", "Kronisk obstruktiv lungesygdom med akut eksacerbation")
EMPHYSEMA = ("DJ439", "Emfysem UNS")
