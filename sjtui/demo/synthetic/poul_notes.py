"""Note and report texts for Poul and who wrote them (fictitious; written the way Danish lung
departments write)."""

OUH_DR = "Overlæge Henrik Bøgvad, Lungemedicinsk afdeling J"
OUH_DR2 = "Afdelingslæge Maria Kjærsgaard, Lungemedicinsk afdeling J"
OUH_RN = "Sygeplejerske Louise Tranberg, Lungemedicinsk afdeling J"
SLE_DR = "Overlæge Niels Ravnholt, Lungesektionen"
SLE_DR2 = "Reservelæge Sara Lindkvist, Lungesektionen"
SLE_RN = "Lungesygeplejerske Anne Fogh, Lungesektionen"
GP = "Praktiserende læge Jens Vestergaard"

GP_2019 = """Konsultation.
S: 64-årig mand, tidligere storryger (ca. 45 pakkeår, røgfri siden 2016). Tiltagende åndenød gennem et år, nu ved trappegang én etage og ved arbejde som pedel. Hoste med sparsomt hvidt ekspektorat. Ingen feber.
O: Let dyspnøisk ved af- og påklædning. St.p.: svage vejrtrækningslyde bilateralt, forlænget ekspirium, ingen knatrelyde. SpO2 93 % i hvile.
Spirometri i klinikken: FEV1 1,02 l, FVC 2,95 l, FEV1/FVC 35 %, FEV1 34 % af forventet. Ingen reversibilitet efter Ventoline.
A: Svær KOL, formentlig emfysemdomineret.
P: Henvises til lungeambulatoriet, Sygehus Lillebælt Vejle, mhp. udredning og CT af thorax. Fortsætter Bufomix indtil vurdering. Pneumokokvaccination anbefales; aftalt.
"""

VEJLE_AMB_2019 = """Ambulant første besøg, lungeambulatoriet.
Henvist fra egen læge pga. svær obstruktiv lungefunktionsnedsættelse.
Anamnese: Tidligere storryger, røgfri siden 2016. MRC 3. Ingen indlæggelser. Arbejder 25 timer/uge som pedel på skole.
Objektivt: BT 138/84, puls 88, SpO2 92 % uden ilt. Tøndeformet thorax, svage respirationslyde.
Lungefunktion: FEV1 1,00 l (34 %), FVC 2,98 l, FEV1/FVC 34 %. DLCO 3,2 mmol/min/kPa (39 % af forventet). Arteriepunktur uden ilt: pO2 8,9 kPa, pCO2 5,6 kPa.
Vurdering: Svær KOL (GOLD 3, gruppe B) med betydelig emfysemkomponent og nedsat diffusionskapacitet.
Plan: Bufomix seponeres, Spiolto Respimat 2 pust x 1 dagligt opstartes. Ventoline ved behov. CT af thorax. Henvises til KOL-rehabilitering i Vejen Kommune. Ny tid efter CT.
"""

VEJLE_AMB_2019B = """Ambulant kontrol, svar på CT.
CT viser udtalt heterogent emfysem med overvægt i højre overlap, hvor der er store bullae. Ingen tumorsuspekte forandringer.
Patienten har god effekt af Spiolto, men stadig MRC 3.
Vurdering: Pga. heterogent emfysem og intakt fissur på CT kan patienten være kandidat til endoskopisk lungevolumenreduktion med ventiler.
Plan: Henvises til Lungemedicinsk afdeling J, OUH, mhp. vurdering for ventilbehandling. Fortsat kontrol her.
"""

OUH_AMB_2019 = """Ambulant vurdering mhp. endoskopisk lungevolumenreduktion (ventilbehandling).
Henvist fra Vejle. 65-årig mand med svær KOL/emfysem, røgfri siden 2016.
CT med kvantitativ analyse: destruktion 68 % i højre overlap, komplet fissur mellem højre over- og mellemlap. Perfusionsscintigrafi: nedsat perfusion af højre overlap.
6 minutters gangtest: 310 m, laveste SpO2 87 %.
Konklusion: Egnet til ventilbehandling af højre overlap. Chartis-måling udføres under indgrebet for at udelukke kollateral ventilation.
Patienten er informeret om forventet effekt og risiko for pneumothorax (ca. 20 %). Ønsker behandling.
Plan: Indkaldes til indlæggelse januar 2020.
"""

OUH_EPI_2020 = """Epikrise.
Indlagt elektivt til bronkoskopisk lungevolumenreduktion.
Under generel anæstesi udført Chartis-måling uden kollateral ventilation i højre overlap. Anlagt 4 endobronkiale ventiler (Zephyr) i højre overlap (KGDB11). Ukompliceret forløb.
Røntgen af thorax efter indgrebet: begyndende atelektase af højre overlap, ingen pneumothorax.
Observeret 3 døgn pga. risiko for pneumothorax; ingen komplikationer.
Ved udskrivelse: SpO2 94 % uden ilt, mobiliseret.
Medicin: uændret. Prednisolon 37,5 mg x 1 i 5 dage efter indgrebet (afsluttet ved udskrivelse).
Opfølgning: ambulant kontrol i Lungemedicinsk ambulatorium J om 3 måneder med spirometri. Ved pludselig åndenød eller brystsmerter: kontakt 1813 / 112 mhp. pneumothorax.
Diagnose: DJ439 Emfysem UNS.
"""

OUH_SYG_2020 = """Sygeplejenotat, dag 1 efter indgreb.
Velbefindende. Let hoste med lidt blodtinget ekspektorat, forventeligt efter bronkoskopi. SpO2 93-95 % uden ilt. Respirationsfrekvens 18.
Mobiliseret til stol og toilet. Spiser og drikker.
Hustru Birthe på besøg; informeret om observation for pneumothorax.
"""

OUH_AMB_2020 = """Ambulant kontrol 3 måneder efter ventilbehandling.
Patienten oplever tydelig bedring: kan gå 1 km i eget tempo og gå på trapper.
Spirometri: FEV1 1,28 l (43 %), FVC 3,10 l. 6 minutters gangtest 380 m.
Røntgen fra indlæggelsen viste atelektase af højre overlap, nu bevaret klinisk effekt.
Plan: Årlig kontrol her med CT. Fortsat Spiolto og Ventoline. Kontrol i Vejle fortsætter.
"""

VEJLE_EPI_2021 = """Epikrise.
Indlagt akut med KOL-eksacerbation: 3 døgns tiltagende åndenød, øget mængde grønt ekspektorat.
Ved indlæggelse: respirationsfrekvens 26, SpO2 86 % uden ilt. CRP 68 mg/l, leukocytter 12,4. Arteriepunktur med let hyperkapni (pCO2 6,4 kPa), pH normal.
Røntgen af thorax uden infiltrat; ventiler i højre overlap i uændret position.
Behandlet med ilt (mål-SpO2 88-92 %), inhalationer, prednisolon 37,5 mg i 5 dage og amoxicillin/clavulansyre i 7 dage.
COVID-19 PCR negativ.
Udskrevet i habituel tilstand, SpO2 92 % uden ilt.
Opfølgning: egen læge om 1 uge. Kontrol i lungeambulatoriet som planlagt.
Diagnose: DJ441 Kronisk obstruktiv lungesygdom med akut eksacerbation.
"""

OUH_AMB_2022 = """Årskontrol efter ventilbehandling.
CT: ventilerne i uændret position, fortsat atelektase af højre overlap. Ingen pneumoni.
Spirometri: FEV1 1,15 l (39 %). Let fald siden 2020, men fortsat gevinst i forhold til før behandling.
Patienten er tilfreds; fortsat arbejde på nedsat tid.
Plan: Ny årskontrol om 1-2 år, tidligere ved tegn på tab af effekt.
"""

VEJLE_EPI_2023 = """Epikrise.
Indlagt med KOL-eksacerbation og pneumoni i højre underlap.
Feber 38,9, CRP 142 mg/l, leukocytter 15,1. Røntgen: infiltrat i højre underlap.
Ekspektorat: Haemophilus influenzae, resistent for ampicillin, følsom for amoxicillin/clavulansyre.
Behandlet med ilt, prednisolon 37,5 mg i 5 dage, i.v. cefuroxim, skiftet til peroral amoxicillin/clavulansyre efter dyrkningssvar.
Udskrevet efter 5 døgn, SpO2 91 % uden ilt.
Opfølgning: Kontrolrøntgen om 6 uger via egen læge. Kontrol i lungeambulatoriet.
Diagnose: DJ440 KOL med akut nedre luftvejsinfektion.
"""

VEJLE_SYG_2023 = """Sygeplejenotat.
Urolig nat pga. hoste og åndenød. Ilt 1 l/min på næsekateter, SpO2 89-91 %. Har brug for hjælp til personlig hygiejne.
Inhalationsteknik gennemgået: bruger Respimat korrekt, men glemmer at holde vejret efter inhalation. Instrueret igen.
Ønsker at komme hjem; hustru kan hjælpe.
"""

OUH_AMB_2024 = """Ambulant kontrol.
Gennem det seneste halve år tiltagende åndenød, MRC 4. Har måttet stoppe helt med arbejde.
CT: tab af atelektase i højre overlap og granulationsvæv omkring en af ventilerne i apikale segment.
Spirometri: FEV1 0,92 l (32 %). DLCO 2,9 (35 %).
Vurdering: aftagende effekt af ventilbehandlingen, muligvis pga. granulationsvæv.
Plan: Bronkoskopi med revision/udskiftning af ventil. Indkaldes til kortvarig indlæggelse.
"""

OUH_EPI_2024 = """Epikrise.
Indlagt til bronkoskopi med ventilrevision. Granulationsvæv omkring ventil i RB1 fjernet, ventilen udskiftet. Øvrige ventiler i korrekt position.
Ukompliceret forløb, udskrevet dagen efter.
Opfølgning: Kontrol i ambulatoriet med spirometri om 3 måneder.
"""

VEJLE_EPI_2024 = """Epikrise.
Indlagt med KOL-eksacerbation efter virusinfektion (RS-virus påvist).
Arteriepunktur: pH 7,36, pCO2 6,8 kPa, pO2 7,0 kPa uden ilt. CRP 35.
Behandlet med ilt, inhalationer og prednisolon 37,5 mg i 5 dage. Ingen antibiotika.
Mobiliseret med fysioterapeut; desaturerer til 84 % ved gang på gangen.
Udskrevet til eget hjem. Hjemmesygeplejen er orienteret.
Plan: Vurdering for iltbehandling ved anstrengelse i lungeambulatoriet.
"""

VEJLE_AMB_2025 = """Ambulant vurdering for iltbehandling.
Gangtest: falder i SpO2 fra 91 % til 83 % efter 2 minutter. Med 2 l/min ilt holdes SpO2 over 88 %.
Arteriepunktur i hvile: pO2 7,9 kPa, pCO2 6,1 kPa.
Vurdering: Opfylder kriterierne for ilt ved anstrengelse (ambulant iltbehandling).
Plan: Ilt 2 l/min ved anstrengelse via næsekateter, bærbart iltapparat. Patienten og hustru er informeret grundigt om brandfare ved rygning og åben ild; CAVE oprettet. Spirometri: FEV1 0,88 l (31 %).
"""

OUH_AMB_2025 = """Ambulant kontrol, ventilbehandling.
CT: ingen atelektase i højre overlap; progression af emfysem i begge underlapper. Ventilerne har ikke længere effekt.
DLCO 2,7 (33 %).
Drøftet med patienten: Der er ikke mulighed for yderligere ventilbehandling. Patienten er ikke kandidat til lungevolumenreducerende kirurgi eller lungetransplantation pga. alder og lungefunktion.
Plan: Ventilerne lades sidde. Fortsat opfølgning i Vejle. Hvis hyperkapni tiltager, bør natlig overvågning og evt. hjemme-NIV overvejes. Årlig kontrol her.
"""

VEJLE_EPI_2026 = """Epikrise.
Indlagt med svær KOL-eksacerbation og hyperkapnisk respirationsinsufficiens.
Ved indlæggelse: pH 7,29, pCO2 8,2 kPa, pO2 6,8 kPa. CRP 94, leukocytter 13,2, natrium 133, kalium 3,3.
Røntgen af thorax: hyperinflation, ingen infiltrat, ingen pneumothorax.
Behandlet med NIV i 2 døgn, ilt, prednisolon 37,5 mg i 5 dage, doxycyklin i 7 dage, kaliumtilskud.
Ved udskrivelse: pH 7,40, pCO2 6,5 kPa med ilt 1 l/min. SpO2 90 %.
Medicin ved udskrivelse: Prednisolon 5 mg vedligehold genoptaget. Ilt ved anstrengelse fortsætter.
Opfølgning: Kontrol i lungeambulatoriet om 2-3 uger med spirometri og arteriepunktur. Hjemmemonitorering (pulsoximeter og vægt) opstartes.
Diagnose: DJ441 Kronisk obstruktiv lungesygdom med akut eksacerbation; DJ961 Kronisk respirationsinsufficiens.
"""

VEJLE_SYG_2026 = """Sygeplejenotat, NIV.
Har haft NIV hele natten, IPAP 18 / EPAP 5, ilt 2 l/min. Tolererer masken, men klager over tørhed i munden.
Arteriepunktur kl. 06: pH 7,35, pCO2 7,1. Mere vågen og klar.
Hustru og søn informeret telefonisk om forløbet.
"""

VEJLE_AMB_2026 = """Ambulant kontrol efter indlæggelse.
Stadig meget påvirket: åndenød ved påklædning, MRC 5. Kan ikke passe sit deltidsarbejde eller gå tur med hunden.
Spirometri: FEV1 0,81 l (29 %). Arteriepunktur uden ilt: pCO2 6,6 kPa, pO2 7,8 kPa.
Prednisolon 5 mg pauseres, da der ikke er sikker effekt og risiko for bivirkninger; vurderes igen.
Plan: Hjemmemonitorering med pulsoximeter og vægt via KIH. Ved SpO2 under 88 % i hvile eller vægtfald over 2 kg kontaktes lungeambulatoriet. Ny kontrol med svar på natlig monitorering.
"""

GP_2026 = """Konsultation.
Poul har det dårligere efter udskrivelsen i september. Kan ikke længere passe sit deltidsarbejde. Mangler ilt ved aktivitet, bruger bærbart ilt.
Vægt 68,4 kg (faldende). Ønsker hjælp i hjemmet og at undgå lange ventetider og transport til ambulante besøg.
Plan: Kontakter kommunens KOL-sygeplejerske med patientens samtykke. Influenzavaccination givet i dag.
"""

VEJLE_TLF_2026 = """Telefonkonsultation med kommunens KOL-sygeplejerske (efter aftale med patienten).
KOL-sygeplejersken har besøgt Poul i hjemmet og beskriver tiltagende åndenød, vægttab og SpO2 85-88 % i hvile om morgenen.
Drøftet med overlæge:
1) Ændring i medicinsk behandling: Morfin depottablet 5 mg x 2 dagligt mod åndenød opstartes; obstipationsprofylakse. Prednisolon forbliver pauseret.
2) Natlig monitorering i hjemmet (oximetri og transkutan CO2) etableres af det udekørende lungeteam mhp. vurdering for hjemme-NIV.
3) Kommunen følger op lokalt; patienten skal ikke møde i ambulatoriet før svar foreligger.
Patienten er informeret via KOL-sygeplejersken og er enig i planen.
"""

CT_2019 = """CT af thorax uden kontrast.
Klinisk: Svær KOL, vurdering af emfysemfordeling.
Beskrivelse: Udtalt centrilobulært og paraseptalt emfysem, mest udtalt i højre overlap, hvor der ses flere bullae op til 4 cm. Venstre lunge med moderat emfysem. Fissurerne på højre side fremstår komplette. Ingen noduli eller infiltrater. Ingen pleuraeffusion. Normal hjertestørrelse. Ingen forstørrede lymfeknuder.
Konklusion: Heterogent emfysem med overvægt i højre overlap. Ingen tumorsuspekte forandringer.
"""

CT_OUH_2019 = """CT af thorax med kvantitativ emfysemanalyse.
Beskrivelse: Emfysemdestruktion (voxel < -950 HU) 68 % i højre overlap, 41 % i højre underlap, 35-40 % i venstre lunge. Fissuranalyse: komplet fissur mellem højre overlap og mellemlap (> 95 %).
Konklusion: Højre overlap egnet som mållap for endobronkial ventilbehandling.
"""

XR_2020 = """Røntgen af thorax, stående.
Beskrivelse: 4 endobronkiale ventiler i højre overlap. Begyndende atelektase af højre overlap med let opadtrukket lille fissur. Ingen pneumothorax. Venstre lunge hyperinflateret.
Konklusion: Ventiler in situ. Ingen pneumothorax.
"""

CT_2022 = """CT af thorax, kontrol efter ventilbehandling.
Beskrivelse: Fortsat atelektase af højre overlap med ventiler i uændret position. Udtalt emfysem i øvrige lungeafsnit, uændret. Ingen infiltrater eller noduli.
Konklusion: Bevaret effekt af ventilbehandling.
"""

XR_2023 = """Røntgen af thorax, to planer.
Beskrivelse: Nytilkommen fortætning i højre underlap, forenelig med pneumoni. Ventiler i højre overlap. Hyperinflation. Ingen pleuraeffusion.
Konklusion: Pneumoni i højre underlap.
"""

CT_2024 = """CT af thorax.
Beskrivelse: Højre overlap er reekspanderet; der er kun let volumenreduktion. Bløddelsfortykkelse omkring ventilen i apikale segment (RB1), forenelig med granulationsvæv. Progression af emfysem i underlapperne. Ingen noduli.
Konklusion: Tab af atelektase i højre overlap, mistanke om granulationsvæv ved ventil.
"""

XR_2024 = """Røntgen af thorax.
Beskrivelse: Hyperinflation og emfysem. Ventiler i højre overlap. Ingen infiltrater. Ingen pneumothorax.
Konklusion: Intet akut.
"""

CT_2025 = """CT af thorax.
Beskrivelse: Ingen atelektase af højre overlap trods ventiler i korrekt position. Tiltagende emfysem i begge underlapper. Lette bronkiektasier i venstre underlap. Ingen tumorsuspekte forandringer.
Konklusion: Ingen effekt af ventilbehandling. Progression af emfysem.
"""

XR_2026 = """Røntgen af thorax, liggende (akut).
Beskrivelse: Udtalt hyperinflation og emfysem. Ventiler i højre overlap. Ingen infiltrater, ingen pneumothorax, ingen pleuraeffusion. Normal hjertestørrelse.
Konklusion: Ingen pneumoni eller pneumothorax.
"""
