"""Labs: single values, derived flags, blood gas panels, spirometry, microbiology."""

from __future__ import annotations

from sjtui.record.entries import ReferenceRange

from fhir_builders import build, cc, ref, res

LAB = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}]
MB = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0074", "code": "MB"}]}]
INTERP = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"


def lab(
    rid: str,
    name: str,
    value: float | None = None,
    unit: str = "",
    *,
    when: str,
    low: float | None = None,
    high: float | None = None,
    interp: str = "",
    **extra,
) -> dict:
    fields: dict = {
        "status": "final",
        "category": LAB,
        "code": cc(name, "NPU" + rid, "http://npu-terminology.org"),
        "effectiveDateTime": when,
        "performer": [ref("Organization/ouh-lung", "Lungemedicinsk afdeling J")],
    }
    if value is not None:
        fields["valueQuantity"] = {"value": value, "unit": unit}
    if low is not None or high is not None:
        fields["referenceRange"] = [{"low": {"value": low}, "high": {"value": high}}]
    if interp:
        fields["interpretation"] = [{"coding": [{"system": INTERP, "code": interp}]}]
    fields.update(extra)
    return res("Observation", rid, **fields)


def test_single_value_with_interpretation_and_source():
    record = build(
        lab(
            "k",
            "P-Kalium",
            5.9,
            "mmol/L",
            when="2026-02-01T08:00:00+01:00",
            low=3.5,
            high=4.6,
            interp="H",
            encounter=ref("Encounter/e1"),
        )
    )
    (item,) = record.labs.items
    assert (item.kind, item.name, item.value, item.unit, item.flag) == ("single", "P-Kalium", "5.9", "mmol/L", "H")
    assert item.reference is not None and (item.reference.low, item.reference.high) == (3.5, 4.6)
    assert item.source.organisation == "Odense Universitetshospital"
    assert item.source.department == "Lungemedicinsk afdeling J"
    assert item.code_system == "http://npu-terminology.org" and item.course_key == "Encounter/e1"


def test_flag_derived_from_range_when_no_interpretation_and_n_means_normal():
    record = build(
        lab("a", "P-Natrium", 130.0, "mmol/L", when="2026-02-01", low=137, high=145),
        lab("b", "P-Kreatinin", 150.0, "umol/L", when="2026-02-02", low=60, high=105),
        lab("c", "P-Albumin", 40.0, "g/L", when="2026-02-03", low=36, high=48),
        lab("d", "B-Hb", 7.0, "mmol/L", when="2026-02-04", low=8.3, high=10.5, interp="N"),
    )
    flags = {i.name: i.flag for i in record.labs.items}
    assert flags == {"P-Natrium": "L", "P-Kreatinin": "H", "P-Albumin": "", "B-Hb": ""}
    assert [i.name for i in record.labs.items] == ["B-Hb", "P-Albumin", "P-Kreatinin", "P-Natrium"]


def test_blood_gas_members_fold_into_the_panel():
    members = [
        lab("ph", "pH", 7.319999999999999, "", when="2026-02-10T09:00:00+01:00", low=7.35, high=7.45),
        lab("pco2", "pCO2", 7.9, "kPa", when="2026-02-10T09:00:00+01:00", interp="H"),
    ]
    panel = lab(
        "bg",
        "Arteriel blodgas",
        when="2026-02-10T09:00:00+01:00",
        hasMember=[ref("Observation/ph"), ref("Observation/pco2"), ref("Observation/missing", "sO2")],
    )
    record = build(panel, *members)
    (item,) = record.labs.items
    assert item.kind == "bloodgas" and item.flag == "A"
    assert [(c.name, c.value, c.flag) for c in item.components] == [
        ("pH", "7.32", "L"),
        ("pCO2", "7.9", "H"),
        ("sO2", "", ""),
    ]
    assert record.labs.unreadable == ()


def test_spirometry_components():
    spiro = lab(
        "sp",
        "Spirometri",
        when="2025-11-03",
        code=cc("Spirometri", "81459-0"),
        component=[
            {"code": cc("FEV1"), "valueQuantity": {"value": 0.78, "unit": "L"}},
            {"code": cc("FVC"), "valueQuantity": {"value": 2.41, "unit": "L"}},
            {
                "code": cc("FEV1 % af forventet"),
                "valueQuantity": {"value": 29, "unit": "%"},
                "interpretation": [{"coding": [{"code": "LL"}]}],
            },
        ],
    )
    (item,) = build(spiro).labs.items
    assert item.kind == "spirometry" and item.code == "81459-0" and item.flag == "A"
    assert [(c.name, c.value, c.unit) for c in item.components] == [
        ("FEV1", "0.78", "L"),
        ("FVC", "2.41", "L"),
        ("FEV1 % af forventet", "29", "%"),
    ]


def test_microbiology_report_with_organism_and_susceptibilities():
    sus = [
        res(
            "Observation",
            f"s{i}",
            status="final",
            code=cc(ab),
            interpretation=[{"coding": [{"system": INTERP, "code": sir}]}],
        )
        for i, (ab, sir) in enumerate([("Ampicillin", "R"), ("Mecillinam", "S"), ("Ciprofloxacin", "I")])
    ]
    organism = res(
        "Observation",
        "org",
        status="final",
        code=cc("Bakterie"),
        valueCodeableConcept={"text": "Escherichia coli"},
        hasMember=[ref(f"Observation/s{i}") for i in range(3)],
    )
    report = res(
        "DiagnosticReport",
        "mb",
        status="final",
        category=MB,
        code=cc("Urin, dyrkning"),
        effectiveDateTime="2026-01-20T10:00:00+01:00",
        performer=[ref("Organization/ouh", "OUH")],
        result=[ref("Observation/org")],
        conclusion="Signifikant vækst af E. coli",
    )
    record = build(report, organism, *sus)
    (item,) = record.labs.items
    assert item.kind == "microbiology" and item.organism == "Escherichia coli"
    assert [(s.antibiotic, s.result) for s in item.susceptibilities] == [
        ("Ampicillin", "R"),
        ("Mecillinam", "S"),
        ("Ciprofloxacin", "I"),
    ]
    assert item.conclusion == "Signifikant vækst af E. coli"
    assert item.source.organisation == "Odense Universitetshospital"


def test_private_lab_hidden_and_revealed_and_panel_member_hidden():
    private = lab("x", "P-Ethanol", 12.0, "mmol/L", when="2026-02-01", private=True)
    normal = lab("y", "P-Kalium", 4.0, "mmol/L", when="2026-02-01")
    hidden = build(private, normal)
    assert [i.name for i in hidden.labs.items] == ["P-Kalium"] and hidden.labs.hidden == 1
    shown = build(private, normal, reveal=True)
    assert shown.labs.hidden == 0
    assert {i.name: i.private for i in shown.labs.items} == {"P-Ethanol": True, "P-Kalium": False}
    member = lab("m", "pH", 7.4, when="2026-02-01", private=True)
    panel = lab("p", "Arteriel blodgas", when="2026-02-01", hasMember=[ref("Observation/m")])
    record = build(panel, member)
    assert record.labs.hidden == 1 and len(record.labs.items) == 1
    assert record.labs.items[0].components == ()


def test_other_diagnostic_reports_listed_only_with_a_conclusion():
    obs = lab("k", "P-Kalium", 4.0, "mmol/L", when="2026-02-01")
    plain = res("DiagnosticReport", "r1", status="final", code=cc("Væsketal"), result=[ref("Observation/k")])
    concluded = res(
        "DiagnosticReport",
        "r2",
        status="final",
        code=cc("Knoglemarv"),
        effectiveDateTime="2026-01-01",
        conclusion="Normal marv",
    )
    record = build(obs, plain, concluded)
    assert sorted(i.name for i in record.labs.items) == ["Knoglemarv", "P-Kalium"]


def test_results_of_one_analysis_share_their_range_and_course_but_keep_what_they_show():
    """A 15-year record holds 20,000 results of a few dozen analyses: equal reference ranges and
    course keys are held once, not once per result; ranges shown differently stay apart."""
    results = [
        lab(f"k{n}", "P-Kalium", 4.0 + n / 10, "mmol/L", when=f"2026-02-0{n + 1}T08:00:00+01:00", low=3.5, high=4.6)
        for n in range(4)
    ]
    for result in results:
        result["encounter"] = ref("Encounter/e1")
    zero = lab("z1", "B-Base excess", 0.5, "mmol/L", when="2026-02-08T08:00:00+01:00", low=0.0, high=2.0)
    minus_zero = lab("z2", "B-Base excess", 0.5, "mmol/L", when="2026-02-09T08:00:00+01:00", low=-0.0, high=2.0)
    record = build(*results, zero, minus_zero)
    kalium = [item for item in record.labs.items if item.name == "P-Kalium"]
    assert len(kalium) == 4
    assert all(item.reference is kalium[0].reference for item in kalium)
    assert all(item.course_key is kalium[0].course_key for item in kalium)
    assert kalium[0].reference == ReferenceRange(3.5, 4.6, "") and kalium[0].course_key == "Encounter/e1"
    base_excess = {item.resource_key: item.reference for item in record.labs.items if item.name == "B-Base excess"}
    assert repr(base_excess["Observation/z1"].low) == "0.0"  # a range written apart is kept apart
    assert repr(base_excess["Observation/z2"].low) == "-0.0"
