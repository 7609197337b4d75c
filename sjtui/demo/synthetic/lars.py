"""Lars Henrik Kristensen: severe COPD, a recent admission with delirium, advised not to drive,
beginning cognitive decline, an outpatient admission booked to try home NIV (the webinar's
second case). One nurse note quotes text with square brackets (a hostile string for Rich)."""

from __future__ import annotations

from . import clinical as c
from . import registrations
from . import results as r
from .common import Json, RecordBuilder, at, make_bundle, rel

PID = "lars"
NAME = "Lars Henrik Kristensen"
DR = "Overlæge Mads Kjeldgaard, Lungemedicinsk sengeafsnit"
DR2 = "Reservelæge Ida Brandt, Lungemedicinsk sengeafsnit"
RN = "Sygeplejerske Tina Overgaard, Lungemedicinsk sengeafsnit"
RN_NIGHT = "Sygeplejerske Jonas Holst (nattevagt), Lungemedicinsk sengeafsnit"
GP = "Praktiserende læge Hanne Mølgaard"

EPI_2019 = """Epikrise.
Indlagt med KOL-eksacerbation. Kendt svær KOL siden 2014, ryger fortsat 10 cigaretter dagligt.
CRP 48, ingen infiltrat på røntgen. Behandlet med prednisolon 37,5 mg i 5 dage og inhalationer.
Rygestop anbefalet; henvist til rygestopkursus i Vejen Kommune.
Diagnose: DJ441 KOL med akut eksacerbation.
"""

AMB_2024 = """Ambulant kontrol.
Åndenød ved mindste aktivitet, MRC 4. Røgfri siden 2022.
Spirometri: FEV1 0,82 l (28 %), FEV1/FVC 34 %. Eosinofile 0,35.
Vurdering: Meget svær KOL med hyppige eksacerbationer.
Plan: Spiolto skiftes til Trimbow 2 pust x 2 dagligt. Azithromycin-profylakse overvejes ved næste eksacerbation.
"""

EPI_2025 = """Epikrise.
Indlagt med KOL-eksacerbation og hyperkapni: pH 7,31, pCO2 7,9 kPa. Akut NIV i 1 døgn med god effekt.
Udskrevet efter 6 dage. Azithromycin 250 mg 3 gange ugentligt opstartet som forebyggelse.
Diagnose: DJ441; DJ960 Akut respirationsinsufficiens.
"""

GP_2025 = """Konsultation med datter.
Datteren fortæller, at Lars glemmer aftaler og har svært ved at huske, hvad der blev sagt på sygehuset. Han klarer sig selv i hjemmet med lidt hjælp.
Orienteret om at vi følger det; vurderes igen efter vinteren. Informeret om at kontakte os ved forværring.
"""

SYG_2026_A = """Sygeplejenotat, nat.
Patienten urolig og desorienteret fra kl. 01. Ved ikke hvor han er, tror han er på arbejde. Ser dyr på væggen og personer i rummet ("syner"). Har trukket i iltslangen og forsøgt at forlade afsnittet i bar overkrop.
Pt. har skrevet på tavlen ved sengen: [GÅ HJEM] [/politi] [ring til Mette]
Vagtlæge tilkaldt. CAM-ICU positiv. Arteriepunktur: pCO2 8,8 kPa. Øget NIV-tid.
Quetiapin 12,5 mg givet kl. 03 efter ordination. Faldt til ro kl. 04. Fast vagt resten af natten.
"""

SYG_2026_B = """Sygeplejenotat.
Mere klar i dag, orienteret i tid og sted. Husker dele af natten og er ked af, at han "opførte sig forkert" over for personalet. Beroliget: det var et delir pga. sygdommen og kuldioxid i blodet.
Spiser lidt. Mobiliseres med rollator og ilt 1 l/min.
"""

EPI_2026 = """Epikrise.
Indlagt 08-10-2026 med svær KOL-eksacerbation og hyperkapnisk respirationsinsufficiens (pH 7,28, pCO2 9,1 kPa, pO2 6,5 kPa). Behandlet med NIV, ilt, prednisolon, doxycyklin og inhalationer.
Forløbet kompliceret af delirium natten til 10-10 og 11-10 med hallucinationer og uro. CT af cerebrum uden blødning eller infarkt, let generaliseret atrofi. Delirium behandlet med reorientering, fast vagt og kortvarigt quetiapin. Delirium svundet ved udskrivelse.
Ved udskrivelse: pH 7,38, pCO2 7,2 kPa uden ilt. Vedvarende hyperkapni.
Kognition: MoCA 22/30 ved udskrivelse; vanskeligt ved hukommelse og eksekutive funktioner. Mistanke om begyndende kognitiv svækkelse (ud over delirium). Egen læge bedes vurdere udredning i hukommelsesklinik om 2-3 måneder.
Bilkørsel: Patienten frarådes at føre motorkøretøj pga. kronisk hyperkapni, nylig delirium og nedsat kognition. Patienten er informeret mundtligt; han havde svært ved at huske informationen, hvorfor datter også er informeret.
Plan: Ambulant indlæggelse i lungemedicinsk dagafsnit mhp. afprøvning af hjemme-NIV (non-invasiv ventilation). Tid sendes i e-Boks; datter er informeret. Kommunal hjemmesygepleje er orienteret om behov for støtte til at overholde aftaler, herunder bestilling af transport.
Diagnoser: DJ441 KOL med akut eksacerbation; DJ961 Kronisk respirationsinsufficiens; DF050 Delirium uden demens.
"""

AMB_2026 = """Ambulant kontrol efter indlæggelse.
Mødt med hjemmesygeplejerske. Fortsat åndenød ved mindste aktivitet. Kan ikke redegøre for indlæggelsen eller for aftalen om NIV.
Arteriepunktur uden ilt: pH 7,37, pCO2 7,4 kPa, pO2 7,6 kPa.
Gentaget over for patienten og hjemmesygeplejersken: Lars frarådes fortsat at føre bil.
Plan: Ambulant indlæggelse 03-12-2026 til opstart af hjemme-NIV som planlagt. Transport bestilles af kommunen.
"""

GP_2026 = """Telefonkonsultation med hjemmesygeplejerske (samtykke foreligger).
Lars plages af erindringer fra indlæggelsen, hvor han så syner. Hjemmesygeplejersken har gennemgået indlæggelsen med ham, hvilket har lettet ham.
Blodprøver mhp. kognitiv svækkelse (B12, TSH, calcium) taget i dag. Henvisning til hukommelsesudredning efter NIV-opstart.
"""

CT_CEREBRUM = """CT af cerebrum uden kontrast.
Klinisk: Delirium hos 69-årig med KOL, udeluk blødning.
Beskrivelse: Ingen intrakraniel blødning, ingen infarkter. Let generaliseret central og kortikal atrofi, lidt udtalt for alderen. Moderate periventrikulære hvidsubstansforandringer. Normale ventrikler. Ingen midtlinjeforskydning.
Konklusion: Ingen blødning eller infarkt. Let atrofi og hvidsubstansforandringer.
"""

XR_2026 = """Røntgen af thorax.
Beskrivelse: Hyperinflation og emfysem. Ingen infiltrater. Ingen pleuraeffusion. Normal hjertestørrelse.
Konklusion: Intet akut ud over kendt KOL.
"""


def build() -> Json:
    b = RecordBuilder(PID, NAME)
    c.patient(
        b,
        cpr="0408572349",
        given=["Lars", "Henrik"],
        family="Kristensen",
        gender="male",
        birth="1957-08-04",
        line="Storegade 22",
        postal="6650",
        city="Brørup",
        phone="+4510300101",
        gp="gp-broerup",
        marital=("W", "Enkemand"),
    )
    c.related_person(
        b,
        given="Mette",
        family="Kristensen",
        role="DAU",
        role_text="Datter",
        phone="+4510300102",
        updated=at(2019, 11, 4),
    )
    eoc = c.episode(b, "Lungeforløb: svær KOL", "ssa-lunge", at(2019, 11, 3))
    exa = ("DJ441", "Kronisk obstruktiv lungesygdom med akut eksacerbation")

    e19 = c.encounter(
        b,
        "IMP",
        at(2019, 11, 3, 18),
        at(2019, 11, 8, 11),
        "ssa-lunge",
        "KOL-eksacerbation",
        diagnosis=exa,
        episode_id=eoc,
    )
    c.note(
        b,
        "epikrise",
        at(2019, 11, 8, 11),
        "ssa-lunge",
        DR2,
        "Epikrise",
        "KOL-eksacerbation, rygestop anbefalet",
        EPI_2019,
        encounter_id=e19,
    )
    r.lab_set(
        b,
        at(2019, 11, 3, 19),
        "ssa-kba",
        {"hb": 9.6, "crp": 48, "leuk": 11.8, "na": 139, "k": 4.1, "kreat": 88, "egfr": 80},
        encounter=e19,
    )
    e20 = c.encounter(b, "AMB", at(2020, 6, 15, 9), at(2020, 6, 15, 10), "ssa-lunge", "Kontrol KOL", episode_id=eoc)
    r.spirometry(b, at(2020, 6, 15, 9, 20), "ssa-lunge", 0.98, 2.62, 33, encounter=e20)
    e21 = c.encounter(
        b,
        "IMP",
        at(2021, 2, 11, 20),
        at(2021, 2, 16, 10),
        "ssa-lunge",
        "KOL-eksacerbation",
        diagnosis=exa,
        episode_id=eoc,
    )
    r.lab_set(
        b,
        at(2021, 2, 11, 21),
        "ssa-kba",
        {"hb": 9.8, "crp": 61, "leuk": 12.6, "na": 137, "k": 3.9, "kreat": 90, "egfr": 78},
        encounter=e21,
    )
    e23 = c.encounter(
        b,
        "IMP",
        at(2023, 1, 9, 15),
        at(2023, 1, 14, 11),
        "ssa-lunge",
        "KOL-eksacerbation med pneumoni",
        diagnosis=("DJ440", "KOL med akut nedre luftvejsinfektion"),
        episode_id=eoc,
    )
    r.lab_set(
        b,
        at(2023, 1, 9, 16),
        "ssa-kba",
        {"hb": 9.2, "crp": 118, "leuk": 14.9, "na": 135, "k": 3.7, "kreat": 95, "egfr": 72},
        encounter=e23,
    )
    e24 = c.encounter(b, "AMB", at(2024, 3, 4, 10), at(2024, 3, 4, 11), "ssa-lunge", "Kontrol KOL", episode_id=eoc)
    r.spirometry(b, at(2024, 3, 4, 10, 15), "ssa-lunge", 0.82, 2.41, 28, encounter=e24)
    r.lab(b, "eos", at(2024, 3, 4, 9, 50), 0.35, "ssa-kba", encounter=e24)
    c.note(
        b,
        "ambulant",
        at(2024, 3, 4, 11, 10),
        "ssa-lunge",
        DR,
        "Ambulant notat",
        "Skift til Trimbow",
        AMB_2024,
        encounter_id=e24,
    )
    e25 = c.encounter(
        b,
        "IMP",
        at(2025, 2, 17, 14),
        at(2025, 2, 23, 11),
        "ssa-lunge",
        "KOL-eksacerbation med hyperkapni",
        diagnosis=exa,
        episode_id=eoc,
    )
    r.blood_gas(
        b,
        at(2025, 2, 17, 14, 20),
        "ssa-kba",
        {"ph": 7.31, "pco2": 7.9, "po2": 6.9, "so2": 85, "be": 4.2, "hco3": 31},
        encounter=e25,
        note="Uden ilt, ved indlæggelse",
    )
    c.note(
        b,
        "epikrise",
        at(2025, 2, 23, 11),
        "ssa-lunge",
        DR2,
        "Epikrise",
        "Hyperkapnisk eksacerbation, akut NIV",
        EPI_2025,
        encounter_id=e25,
    )
    c.note(
        b, "laege", at(2025, 11, 20, 9, 30), "gp-broerup", GP, "Konsultation", "Datter bekymret for hukommelse", GP_2025
    )

    # The admission the webinar describes (October 2026).
    e26 = c.encounter(
        b,
        "IMP",
        at(2026, 10, 8, 16),
        at(2026, 10, 19, 12),
        "ssa-lunge",
        "Svær KOL-eksacerbation, hyperkapni, delirium",
        diagnosis=exa,
        episode_id=eoc,
    )
    c.condition(
        b,
        "DF050",
        "Delirium ikke fremkaldt af alkohol eller andre psykoaktive stoffer, uden demens",
        at(2026, 10, 10, 1),
        encounter=e26,
        active=False,
    )
    c.condition(b, "DJ961", "Kronisk respirationsinsufficiens", at(2026, 10, 8, 16), encounter=e26)
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
    c.note(
        b,
        "sygepleje",
        at(2026, 10, 10, 5, 50),
        "ssa-lunge",
        RN_NIGHT,
        "Sygeplejenotat",
        "Delirøs om natten, hallucinationer, fast vagt",
        SYG_2026_A,
        encounter_id=e26,
    )
    c.note(
        b,
        "sygepleje",
        at(2026, 10, 12, 14),
        "ssa-lunge",
        RN,
        "Sygeplejenotat",
        "Klar, ked af sin adfærd under delirium",
        SYG_2026_B,
        encounter_id=e26,
    )
    c.note(
        b,
        "epikrise",
        at(2026, 10, 19, 12),
        "ssa-lunge",
        DR,
        "Epikrise",
        "Delirium under indlæggelse; frarådes bilkørsel; hjemme-NIV planlagt",
        EPI_2026,
        encounter_id=e26,
    )
    e26b = c.encounter(
        b, "AMB", at(2026, 11, 3, 10), at(2026, 11, 3, 11), "ssa-lunge", "Kontrol efter indlæggelse", episode_id=eoc
    )
    r.blood_gas(
        b,
        at(2026, 11, 3, 10, 15),
        "ssa-kba",
        {"ph": 7.37, "pco2": 7.4, "po2": 7.6, "so2": 88, "be": 5.9, "hco3": 32},
        encounter=e26b,
        note="Uden ilt, i hvile",
    )
    c.note(
        b,
        "ambulant",
        at(2026, 11, 3, 11, 5),
        "ssa-lunge",
        DR,
        "Ambulant notat",
        "Frarådes fortsat bilkørsel; NIV-opstart 03-12-2026",
        AMB_2026,
        encounter_id=e26b,
    )
    r.lab_set(
        b, at(2026, 11, 13, 8, 20), "ssa-kba", {"b12": 182, "tsh": 2.1, "ca": 2.38, "na": 138, "kreat": 89, "egfr": 76}
    )
    c.note(
        b,
        "telefon",
        at(2026, 11, 13, 11),
        "gp-broerup",
        GP,
        "Telefonnotat",
        "Hukommelse: blodprøver taget, udredning planlægges",
        GP_2026,
    )

    kol = "Meget svær KOL"
    c.medication(
        b,
        "R03AL06",
        "Spiolto Respimat 2,5/2,5 mikrog/dosis",
        "stopped",
        at(2019, 11, 8),
        "2 pust 1 gang dagligt",
        kol,
        "ssa-lunge",
        end=at(2024, 3, 4),
        status_reason="Skiftet til Trimbow",
    )
    c.medication(
        b,
        "R03AL09",
        "Trimbow inhalationsspray 87/5/9 mikrog/dosis",
        "active",
        at(2024, 3, 4),
        "2 pust 2 gange dagligt, skyl munden efter brug",
        kol,
        "ssa-lunge",
    )
    c.medication(
        b,
        "R03AC02",
        "Ventoline Evohaler 0,1 mg/dosis",
        "active",
        at(2019, 11, 8),
        "1-2 pust ved behov",
        "Åndenød",
        "ssa-lunge",
    )
    c.medication(
        b,
        "J01FA10",
        'Azithromycin "Teva" 250 mg',
        "active",
        at(2025, 2, 23),
        "1 tablet mandag, onsdag og fredag",
        "Forebyggelse af KOL-eksacerbationer",
        "ssa-lunge",
    )
    for start in (at(2019, 11, 3), at(2021, 2, 11), at(2023, 1, 9), at(2025, 2, 17), at(2026, 10, 8)):
        c.medication(
            b,
            "H02AB06",
            'Prednisolon "DAK" tabletter 25 mg',
            "stopped",
            start,
            "37,5 mg dagligt i 5 dage",
            "KOL-eksacerbation",
            "ssa-lunge",
            end=start.replace(day=start.day + 4),
            status_reason="Kur afsluttet",
        )
    c.medication(
        b,
        "N05AH04",
        'Quetiapin "Accord" 25 mg',
        "stopped",
        at(2026, 10, 10),
        "12,5 mg ved behov ved uro om natten, højst 2 gange i døgnet",
        "Delirium",
        "ssa-lunge",
        end=at(2026, 10, 14),
        status_reason="Seponeret, delirium svundet",
    )
    c.medication(
        b,
        "C08CA01",
        'Amlodipin "Krka" 5 mg',
        "active",
        at(2020, 4, 1),
        "1 tablet dagligt",
        "Forhøjet blodtryk",
        "gp-broerup",
    )
    for year in range(2019, 2027):
        c.immunization(
            b,
            "J07BB02",
            "Influvac Tetra (influenzavaccine)",
            at(year, 10, 15, 11),
            "gp-broerup",
            1,
            f"IV{year}L",
            "Influenza",
        )
    c.immunization(
        b,
        "J07AL01",
        "Pneumovax (pneumokokvaccine, 23-valent)",
        at(2020, 1, 10),
        "gp-broerup",
        1,
        "PN23-0120",
        "Pneumokoksygdom",
    )
    for dose, when in enumerate(
        (at(2021, 3, 2), at(2021, 3, 23), at(2021, 10, 20), at(2023, 10, 18), at(2025, 10, 15)), start=1
    ):
        c.immunization(
            b,
            "J07BN01",
            "Comirnaty (COVID-19 mRNA-vaccine)",
            when,
            "sle-vacc",
            dose,
            f"CMT{when.year}L{dose}",
            "COVID-19",
        )
    c.appointment(
        b, at(2026, 11, 3, 10), 60, "Kontrol efter indlæggelse", "ssa-lunge-amb", created=at(2026, 10, 19, 12)
    )
    c.appointment(
        b,
        rel(13, 8, 30),
        420,
        "Ambulant indlæggelse: afprøvning af hjemme-NIV (non-invasiv ventilation)",
        "ssa-lunge-amb",
        created=at(2026, 10, 19, 12),
        instruction="Mød kl. 8.30. Du skal være der hele dagen. Husk at bestille "
        "patientbefordring senest 2 hverdage før.",
    )
    c.appointment(b, rel(47, 9), 30, "Opfølgning på hjemme-NIV", "ssa-lunge-amb", created=at(2026, 11, 3, 11))
    c.audit_read(b, at(2026, 10, 8, 16, 20), "Læge Anders Rye", "ssa-akut", "Akut indlæggelse")
    c.audit_read(
        b,
        at(2026, 11, 13, 10, 35),
        "Sygeplejerske Karen Ibsen",
        "vejen-hjemmesyg",
        "Samtykke: gennemgang af indlæggelse og aftaler",
    )
    registrations.for_lars(b)
    return make_bundle(PID, b.resources, rel(-1, 23))
