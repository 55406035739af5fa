#!/usr/bin/env python3
"""Writes deploy/demo/demo.json and deploy/demo/accounts.txt: the demo data as API calls.

The demo is loaded through the gateway like any client would (clients/demo, leerpool-demo), so
it exercises the same rules as real use. Run this after changing the demo; commit both outputs.
"""
import datetime
import json
import os
import random
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
PASSWORD = "leerpool-demo"
ADMIN = "${admin.accessToken}"

# key, name, kind, country, region, (street, postal code, locality), (lat, lng), tracks
ORGANISATIONS = [
    ("curio_breda", "Curio Breda", "SCHOOL", "NL", "Noord-Brabant", ("Mgr. Hopmansstraat 2", "4817 JS", "Breda"), (51.5866, 4.7759), ["MBO-BOL", "MBO-BBL"]),
    ("curio_oosterhout", "Curio Oosterhout", "SCHOOL", "NL", "Noord-Brabant", ("Vondellaan 2", "4902 MA", "Oosterhout"), (51.6405, 4.8578), ["MBO-BOL", "MBO-BBL"]),
    ("bouwschool", "Bouwschool Breda", "TRAINING_CENTRE", "NL", "Noord-Brabant", ("Minervum 7401", "4817 ZK", "Breda"), (51.5966, 4.7945), ["MBO-BBL"]),
    ("truckacademy", "TruckAcademy", "COMPANY", "NL", "Noord-Brabant", ("Steenakker 2", "4824 AG", "Breda"), (51.6007, 4.8235), []),
    ("censes", "Censes Education", "MANUFACTURER", "NL", "Noord-Brabant", ("Industrieweg 15", "5283 AB", "Boxtel"), (51.5905, 5.3290), []),
    ("iw_brabant", "IW Brabant-Zeeland", "SECTOR_BODY", "NL", "Noord-Brabant", ("Reitseplein 1", "5037 AA", "Tilburg"), (51.5719, 5.0672), []),
    ("bovag", "BOVAG", "SECTOR_BODY", "NL", "Utrecht", ("Kosterijland 15", "3981 AJ", "Bunnik"), (52.0631, 5.1930), []),
    ("oosterhout", "Gemeente Oosterhout", "GOVERNMENT", "NL", "Noord-Brabant", ("Slotjesveld 1", "4902 HR", "Oosterhout"), (51.6452, 4.8597), []),
    ("avant", "avAnt Provinciaal Onderwijs Antwerpen", "SCHOOL", "BE", "Antwerpen", ("Boomsesteenweg 140", "2610", "Wilrijk"), (51.1789, 4.3870), ["BSO", "TSO", "DUAL"]),
    ("go_mol", "GO! Campus Het Spoor Mol", "SCHOOL", "BE", "Antwerpen", ("Stationsstraat 2", "2400", "Mol"), (51.1907, 5.1145), ["BSO", "TSO", "DUAL"]),
    ("go_niel", "GO! Technisch Atheneum Den Biezerd Niel", "SCHOOL", "BE", "Antwerpen", ("Kapelstraat 45", "2845", "Niel"), (51.1108, 4.3322), ["BSO", "TSO"]),
    ("go_herentals", "GO! Campus De Vesten Herentals", "SCHOOL", "BE", "Antwerpen", ("Vestenengstraat 3", "2200", "Herentals"), (51.1777, 4.8320), ["BSO", "TSO"]),
    ("hivset", "HIVSET Turnhout", "SCHOOL", "BE", "Antwerpen", ("Kasteelplein 7", "2300", "Turnhout"), (51.3226, 4.9440), ["TSO", "HBO5"]),
    ("kamp_c", "Kamp C", "TRAINING_CENTRE", "BE", "Antwerpen", ("Kamp C 1", "2260", "Westerlo"), (51.0956, 4.9165), []),
    ("kwartier_z", "Kwartier Z", "SIMULATION_CENTRE", "BE", "Antwerpen", ("Boomsesteenweg 140", "2610", "Wilrijk"), (51.1795, 4.3885), []),
    ("educam", "Educam", "SECTOR_BODY", "BE", "Brussel", ("Kolonel Bourgstraat 105", "1030", "Brussel"), (50.8466, 4.4063), []),
    ("volta", "Volta", "SECTOR_BODY", "BE", "Brussel", ("Brabantstraat 62", "1210", "Brussel"), (50.8586, 4.3619), []),
    ("provincie_antwerpen", "Provincie Antwerpen", "GOVERNMENT", "BE", "Antwerpen", ("Koningin Elisabethlei 22", "2018", "Antwerpen"), (51.2070, 4.4089), []),
    ("thomas_more", "Thomas More Turnhout", "TRAINING_CENTRE", "BE", "Antwerpen", ("Campus Blairon 800", "2300", "Turnhout"), (51.3196, 4.9331), ["HBO5"]),
]
ORG = {o[0]: o for o in ORGANISATIONS}

# key, organisation, email, display name, roles, locale
PEOPLE = [
    ("curio_admin", "curio_breda", "beheer@curio.demo", "Els Janssen", ["ROLE_ORG_ADMIN"], "nl"),
    ("curio_coordinator", "curio_breda", "planning@curio.demo", "Pieter de Vries", ["ROLE_COORDINATOR"], "nl"),
    ("curio_instructor", "curio_breda", "docent@curio.demo", "Sanne Bakker", ["ROLE_INSTRUCTOR"], "nl"),
    ("curio_analyst", "curio_breda", "analyse@curio.demo", "Ruben Smit", ["ROLE_ANALYST"], "nl"),
    ("avant_admin", "avant", "beheer@avant.demo", "Katrien Peeters", ["ROLE_ORG_ADMIN", "ROLE_COORDINATOR"], "nl"),
    ("avant_instructor", "avant", "leerkracht@avant.demo", "Jonas Maes", ["ROLE_INSTRUCTOR"], "nl"),
    ("go_mol_coordinator", "go_mol", "coordinator@gomol.demo", "Lies Claes", ["ROLE_ORG_ADMIN", "ROLE_COORDINATOR"], "nl"),
    ("censes_admin", "censes", "academy@censes.demo", "Mark Hendriks", ["ROLE_ORG_ADMIN", "ROLE_INSTRUCTOR"], "en"),
    ("truck_admin", "truckacademy", "training@truckacademy.demo", "Joost van Dijk", ["ROLE_ORG_ADMIN", "ROLE_INSTRUCTOR"], "nl"),
    ("kwartier_admin", "kwartier_z", "educatie@kwartierz.demo", "An Wouters", ["ROLE_ORG_ADMIN", "ROLE_INSTRUCTOR"], "nl"),
    ("educam_admin", "educam", "netwerk@educam.demo", "Tom Willems", ["ROLE_ORG_ADMIN", "ROLE_INSTRUCTOR"], "nl"),
    ("volta_admin", "volta", "opleiding@volta.demo", "Sofie Jacobs", ["ROLE_ORG_ADMIN", "ROLE_INSTRUCTOR"], "nl"),
    ("provincie_analyst", "provincie_antwerpen", "onderwijs@provincieantwerpen.demo", "Bart Mertens", ["ROLE_ORG_ADMIN", "ROLE_ANALYST"], "nl"),
    ("iw_analyst", "iw_brabant", "netwerk@iwbrabant.demo", "Linda Verhoeven", ["ROLE_ORG_ADMIN", "ROLE_ANALYST"], "nl"),
]

NETWORKS = [
    ("net_energy", "Lerend Netwerk Energietransitie", "NETWORK_KIND_LEARNING_NETWORK", "provincie_antwerpen",
     "Scholen, bedrijven en sectororganisaties aan beide kanten van de grens rond warmtepompen, zonnepanelen, thuisbatterijen, laadpalen en elektrische voertuigen.",
     ["curio_breda", "curio_oosterhout", "bouwschool", "truckacademy", "censes", "iw_brabant", "avant", "go_mol", "go_niel", "go_herentals", "kamp_c", "educam", "volta"]),
    ("net_care", "Lerend Netwerk Zorg", "NETWORK_KIND_LEARNING_NETWORK", "provincie_antwerpen",
     "Simulatieleeromgevingen voor zorgopleidingen.", ["kwartier_z", "thomas_more", "hivset", "avant"]),
    ("net_logistics", "Leergemeenschap Logistiek Oosterhout", "NETWORK_KIND_POOL", "oosterhout",
     "Gedeelde heftruck-, reachtruck- en VR-leermiddelen in de logistieke straat.", ["curio_oosterhout", "truckacademy"]),
]

QUALIFICATION_TYPES = [
    ("q_hp", "censes", "HP-TTT", "Train-de-trainer warmtepomp", "Heat-pump train-the-trainer", 24, "Verplichte docententraining voor de warmtepomp-opstellingen van Censes."),
    ("q_ev", "educam", "EV-HV", "Veilig werken aan hoogspanningsvoertuigen", "Electric-vehicle high-voltage safety", 36, "Veiligheidsopleiding voor werken aan elektrische en hybride voertuigen."),
    ("q_fgas", "volta", "FGAS", "F-gassen certificaat", "F-gas handling certificate", 60, "Verplicht voor werken met koelmiddelen in warmtepompen en koeltechniek."),
    ("q_truck", "truckacademy", "ETRUCK-TTT", "Train-de-trainer elektrische truck", "Electric truck train-the-trainer", 24, "Docententraining voor de e-truck van TruckAcademy."),
    ("q_kz", "kwartier_z", "KZ-INTAKE", "Intake simulatieomgeving Kwartier Z", "Kwartier Z simulation intake", 12, "Intake en train-de-trainer voor het gebruik van de simulatieomgeving."),
]

HELD = [
    ("q_hp", "curio_instructor", (2026, 3, 2)), ("q_ev", "curio_instructor", (2025, 10, 6)),
    ("q_fgas", "curio_instructor", (2024, 5, 13)), ("q_ev", "avant_instructor", (2026, 1, 12)),
    ("q_hp", "avant_instructor", (2025, 2, 3)), ("q_truck", "truck_admin", (2025, 9, 1)),
    ("q_kz", "avant_instructor", (2026, 9, 7)),
]

# Sites owners keep equipment at: key, owner, name, (lat, lng) offset from the owner, zone.
SITES = [
    ("site_censes", "censes", "Censes Education trainingscentrum"),
    ("site_truck", "truckacademy", "TruckAcademy Breda"),
    ("site_curio", "curio_breda", "Curio Techniek Breda"),
    ("site_curio_oh", "curio_oosterhout", "Logistieke straat Oosterhout"),
    ("site_bouwschool", "bouwschool", "Bouwschool praktijkhal"),
    ("site_kamp_c", "kamp_c", "Kamp C proeftuin"),
    ("site_educam", "educam", "Educam opleidingscentrum"),
    ("site_volta", "volta", "Volta opleidingscentrum"),
    ("site_kwartier_z", "kwartier_z", "Kwartier Z, Gouverneur Kinsbergencentrum"),
    ("site_thomas_more", "thomas_more", "Thomas More simulatiecampus"),
    ("site_go_mol", "go_mol", "GO! Het Spoor werkplaats"),
    ("site_avant", "avant", "avAnt technisch atelier"),
    ("site_iw", "iw_brabant", "IW Brabant-Zeeland innovatiewerkplaats"),
    ("site_provincie", "provincie_antwerpen", "Provinciaal depot mobiele opstellingen"),
]

EVERYONE = {"everyone": True}
SCHOOLS_AND_CENTRES = {"organizationKinds": [1, 2]}
ENERGY_NETWORK = {"networkIds": ["${net_energy.id}"]}
CARE_NETWORK = {"networkIds": ["${net_care.id}"]}
LOGISTICS_NETWORK = {"networkIds": ["${net_logistics.id}"]}

def price(hour=0, half=0, day=0, learner=0, km=0):
    return {"perHourCents": hour, "perHalfDayCents": half, "perDayCents": day,
            "perLearnerCents": learner, "perKmCents": km}

# site, category, nl title, en title, nl description, technologies, sectors, competences,
# units, capacity, audiences, mobile (radius, setup, teardown, speed) or None, terms
LISTINGS = [
    ("site_censes", "MOBILE_SETUP", "Mobiele warmtepompopstelling", "Mobile heat-pump training rig",
     "Lucht-water warmtepomp op een aanhanger met meetpunten voor inbedrijfstelling en storingzoeken.",
     ["heat-pump"], ["energy-technology", "installation"], ["commissioning", "maintenance", "problem-solving"], 2, 8,
     ["PUPILS", "TEACHERS", "UPSKILLING_WORKERS"], (150, 60, 45, 60),
     {"whoMayBook": ENERGY_NETWORK, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_hp.id}"], "minLeadTimeHours": 72, "maxDurationHours": 336, "cancellationDeadlineHours": 72, "cancellationFeeCents": 15000, "price": price(day=17500, km=45), "depositCents": 50000, "acquisitionCostCents": 6500000, "expectedLifetimeYears": 8, "discloseBorrowerNames": True}),
    ("site_censes", "FIXED_INSTALLATION", "Warmtepomp-leerwand", "Heat-pump training wall",
     "Opengewerkte bodem-water en lucht-water warmtepompen naast elkaar, met buffervat en regeling.",
     ["heat-pump"], ["energy-technology"], ["installing", "commissioning"], 3, 6,
     ["PUPILS", "TEACHERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_hp.id}"], "minLeadTimeHours": 48, "price": price(hour=3500, half=12000, learner=500), "acquisitionCostCents": 9800000, "expectedLifetimeYears": 10}),
    ("site_censes", "FIXED_INSTALLATION", "Zonnepanelen- en thuisbatterijopstelling", "Solar PV and home battery rig",
     "PV-installatie met omvormers, thuisbatterij en energiemanagementsysteem, veilig spanningsloos te schakelen.",
     ["solar-pv", "home-battery"], ["energy-technology", "installation"], ["installing", "safety-regulations"], 2, 8,
     ["PUPILS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "minLeadTimeHours": 24, "price": price(hour=2500, half=9000), "acquisitionCostCents": 4200000, "expectedLifetimeYears": 10}),
    ("site_censes", "E_LEARNING", "E-learning warmtepompen ontwerpen", "Heat-pump design e-learning",
     "Online cursus met simulaties voor het dimensioneren van warmtepompinstallaties.",
     ["heat-pump"], ["energy-technology"], ["digital-skills", "problem-solving"], 40, 1,
     ["PUPILS", "TEACHERS", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(learner=1500), "acquisitionCostCents": 1200000, "expectedLifetimeYears": 4}),
    ("site_truck", "FIXED_INSTALLATION", "Elektrische trekker-oplegger", "Electric tractor unit",
     "Volledig elektrische trekker voor hoogspanningstraining en onderhoud aan aandrijflijn en laadsysteem.",
     ["electric-truck"], ["vehicle-technology", "logistics"], ["maintenance", "safety-regulations"], 1, 6,
     ["PUPILS", "TEACHERS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_truck.id}", "${q_ev.id}"], "minLeadTimeHours": 168, "price": price(half=30000, day=55000), "acquisitionCostCents": 32000000, "expectedLifetimeYears": 10, "discloseBorrowerNames": True}),
    ("site_truck", "SIMULATOR", "Vrachtwagensimulator", "Truck driving simulator",
     "Rijsimulator met e-truckmodellen voor energiezuinig rijden en laadplanning.",
     ["electric-truck", "logistics-simulator"], ["logistics", "vehicle-technology"], ["digital-skills"], 2, 2,
     ["PUPILS", "JOB_SEEKERS_AND_SIDE_ENTRANTS", "TEENS_ORIENTATION"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "minLeadTimeHours": 24, "price": price(hour=4500), "acquisitionCostCents": 18000000, "expectedLifetimeYears": 8}),
    ("site_truck", "MOBILE_SETUP", "Mobiele laadinfra-demonstratie", "Mobile charging infrastructure demo",
     "Aanhanger met snellader, AC-laadpalen en meetkoffer om laadprotocollen te demonstreren op school.",
     ["charging-point", "electric-truck"], ["installation", "vehicle-technology"], ["installing", "safety-regulations"], 1, 10,
     ["PUPILS", "TEENS_ORIENTATION"], (120, 45, 30, 55),
     {"whoMayBook": SCHOOLS_AND_CENTRES, "approvalRequired": True, "minLeadTimeHours": 96, "price": price(day=22500, km=60), "acquisitionCostCents": 8500000, "expectedLifetimeYears": 7}),
    ("site_curio", "FIXED_INSTALLATION", "Laadpalen-practicumlokaal", "Charging point lab",
     "Acht AC-laadpalen en een DC-lader met meet- en storingspanelen.",
     ["charging-point"], ["installation"], ["installing", "commissioning", "safety-regulations"], 8, 2,
     ["PUPILS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": ENERGY_NETWORK, "approvalRequired": False, "minLeadTimeHours": 24, "price": price(hour=1500, half=5000), "acquisitionCostCents": 2400000, "expectedLifetimeYears": 10}),
    ("site_curio", "FIXED_INSTALLATION", "Elektrische personenauto met lesmodule", "Electric car with training module",
     "Elektrische auto op de brug met opengewerkt batterijpakket voor hoogspanningsonderwijs.",
     ["electric-car"], ["vehicle-technology"], ["maintenance", "safety-regulations"], 2, 6,
     ["PUPILS", "TEACHERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_ev.id}"], "minLeadTimeHours": 48, "price": price(half=15000, day=25000), "acquisitionCostCents": 6000000, "expectedLifetimeYears": 8}),
    ("site_curio", "VR_AR_SET", "VR-set hoogspanningsveiligheid", "VR high-voltage safety set",
     "Tien VR-brillen met scenario's voor veilig werken aan hoogspanningsvoertuigen.",
     ["vr-ar", "electric-car"], ["vehicle-technology"], ["safety-regulations", "digital-skills"], 10, 1,
     ["PUPILS", "TEENS_ORIENTATION"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(hour=500), "acquisitionCostCents": 900000, "expectedLifetimeYears": 4}),
    ("site_curio_oh", "FIXED_INSTALLATION", "Logistieke straat met heftrucks", "Logistics street with forklifts",
     "Magazijnopstelling met heftrucks en reachtrucks voor erkende examens.",
     ["forklift"], ["logistics"], ["safety-regulations", "collaboration"], 3, 4,
     ["PUPILS", "JOB_SEEKERS_AND_SIDE_ENTRANTS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": LOGISTICS_NETWORK, "approvalRequired": True, "minLeadTimeHours": 48, "quotaHoursPerMonth": 40, "price": price(hour=3000), "acquisitionCostCents": 15000000, "expectedLifetimeYears": 12, "discloseBorrowerNames": True}),
    ("site_curio_oh", "VR_AR_SET", "VR-heftrucksimulator", "VR forklift simulator",
     "VR-simulator voor heftruck- en reachtrucktraining zonder risico.",
     ["vr-ar", "forklift", "logistics-simulator"], ["logistics"], ["safety-regulations", "digital-skills"], 4, 1,
     ["PUPILS", "TEENS_ORIENTATION", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(hour=1200), "acquisitionCostCents": 2800000, "expectedLifetimeYears": 5}),
    ("site_curio_oh", "E_LEARNING", "E-learning heftruckcertificaat", "Forklift certificate e-learning",
     "Theorievoorbereiding op het heftruckcertificaat, in het Nederlands en Engels.",
     ["forklift"], ["logistics"], ["safety-regulations"], 60, 1,
     ["PUPILS", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(learner=900), "acquisitionCostCents": 600000, "expectedLifetimeYears": 3}),
    ("site_bouwschool", "FIXED_INSTALLATION", "Oefendak voor zonnepanelen", "Solar panel practice roof",
     "Schuine en platte oefendaken met valbeveiliging voor het monteren van zonnepanelen.",
     ["solar-pv"], ["construction", "installation"], ["precise-assembly", "safety-regulations"], 2, 6,
     ["PUPILS", "UPSKILLING_WORKERS", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": True, "minLeadTimeHours": 72, "price": price(half=18000, day=30000), "acquisitionCostCents": 7500000, "expectedLifetimeYears": 15}),
    ("site_bouwschool", "MOBILE_SETUP", "Mobiel isolatie- en ventilatiepakket", "Mobile insulation and ventilation kit",
     "Mock-up van een woningschil met ventilatie-unit voor energiezuinig renoveren.",
     ["heat-pump"], ["construction"], ["installing", "collaboration"], 1, 10,
     ["PUPILS", "TEENS_ORIENTATION"], (80, 90, 60, 50),
     {"whoMayBook": SCHOOLS_AND_CENTRES, "approvalRequired": True, "minLeadTimeHours": 120, "price": price(day=15000, km=50), "acquisitionCostCents": 3500000, "expectedLifetimeYears": 8}),
    ("site_kamp_c", "SIMULATION_SPACE", "Demowoning energietransitie", "Energy transition demo house",
     "Bewoonbare demowoning met warmtepomp, zonneboiler, thuisbatterij en slimme meter.",
     ["heat-pump", "solar-pv", "home-battery"], ["energy-technology", "construction"], ["customer-communication", "problem-solving"], 1, 20,
     ["PUPILS", "TEACHERS", "TEENS_ORIENTATION"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": True, "minLeadTimeHours": 168, "price": price(half=20000, day=35000), "acquisitionCostCents": 45000000, "expectedLifetimeYears": 25, "discloseBorrowerNames": True}),
    ("site_kamp_c", "FIXED_INSTALLATION", "Thuisbatterij-testbank", "Home battery test bench",
     "Drie thuisbatterijsystemen met omvormer en monitoring om te vergelijken en te onderhouden.",
     ["home-battery", "solar-pv"], ["energy-technology"], ["commissioning", "maintenance"], 3, 4,
     ["PUPILS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": ENERGY_NETWORK, "approvalRequired": False, "minLeadTimeHours": 48, "price": price(hour=2000), "acquisitionCostCents": 3000000, "expectedLifetimeYears": 10}),
    ("site_kamp_c", "MOBILE_SETUP", "Mobiele zonne-energiekoffer", "Mobile solar energy case",
     "Koffers met kleine PV-panelen, regelaars en batterijen voor oriëntatielessen.",
     ["solar-pv", "home-battery"], ["energy-technology"], ["motivation-to-learn", "problem-solving"], 6, 4,
     ["TEENS_ORIENTATION", "PUPILS"], (100, 20, 20, 70),
     {"whoMayBook": EVERYONE, "approvalRequired": False, "minLeadTimeHours": 48, "price": price(day=5000, km=30), "acquisitionCostCents": 480000, "expectedLifetimeYears": 5}),
    ("site_educam", "FIXED_INSTALLATION", "Hoogspanningswerkplaats elektrische voertuigen", "EV high-voltage workshop",
     "Werkplaats met drie elektrische voertuigen, isolatiegereedschap en vergrendelprocedures.",
     ["electric-car"], ["vehicle-technology"], ["maintenance", "safety-regulations"], 3, 4,
     ["PUPILS", "TEACHERS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_ev.id}"], "intakeRequired": True, "minLeadTimeHours": 120, "price": price(day=40000), "acquisitionCostCents": 21000000, "expectedLifetimeYears": 10, "discloseBorrowerNames": True}),
    ("site_educam", "MOBILE_SETUP", "Mobiele EV-trainingsunit", "Mobile EV training unit",
     "Opengewerkte aandrijflijn en batterijmodule op een trailer, komt naar de school.",
     ["electric-car"], ["vehicle-technology"], ["maintenance", "safety-regulations"], 2, 8,
     ["PUPILS", "TEACHERS"], (180, 60, 45, 65),
     {"whoMayBook": SCHOOLS_AND_CENTRES, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_ev.id}"], "minLeadTimeHours": 168, "maxDurationHours": 504, "price": price(day=20000, km=55), "acquisitionCostCents": 9000000, "expectedLifetimeYears": 8, "discloseBorrowerNames": True}),
    ("site_educam", "E_LEARNING", "E-learning hoogspanningsveiligheid", "High-voltage safety e-learning",
     "Voorbereiding op de BEV-veiligheidsattesten met toetsing.",
     ["electric-car", "electric-truck"], ["vehicle-technology"], ["safety-regulations"], 100, 1,
     ["PUPILS", "UPSKILLING_WORKERS", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(learner=1200), "acquisitionCostCents": 1500000, "expectedLifetimeYears": 4}),
    ("site_educam", "VR_AR_SET", "AR-bril onderhoud aandrijflijn", "AR drivetrain maintenance glasses",
     "AR-brillen die stap voor stap door onderhoudstaken aan elektrische aandrijflijnen leiden.",
     ["vr-ar", "electric-car"], ["vehicle-technology"], ["maintenance", "digital-skills"], 8, 1,
     ["PUPILS", "TEACHERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(hour=800), "acquisitionCostCents": 1600000, "expectedLifetimeYears": 4}),
    ("site_volta", "FIXED_INSTALLATION", "Koeltechniek-practicumopstelling", "Refrigeration training rig",
     "Koelinstallaties met natuurlijke en synthetische koudemiddelen voor F-gassentraining.",
     ["cooling-technology", "heat-pump"], ["installation"], ["installing", "safety-regulations"], 4, 3,
     ["PUPILS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_fgas.id}"], "minLeadTimeHours": 96, "price": price(half=16000, day=28000), "acquisitionCostCents": 8800000, "expectedLifetimeYears": 12}),
    ("site_volta", "FIXED_INSTALLATION", "Laadpaal-installatiebord", "Charging point installation board",
     "Installatieborden om laadpalen aan te sluiten, te keuren en in dienst te stellen.",
     ["charging-point"], ["installation"], ["installing", "commissioning"], 6, 2,
     ["PUPILS", "UPSKILLING_WORKERS", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "minLeadTimeHours": 24, "price": price(hour=1800), "acquisitionCostCents": 1800000, "expectedLifetimeYears": 10}),
    ("site_volta", "E_LEARNING", "E-learning F-gassen", "F-gas e-learning",
     "Theorie en oefenexamens voor het F-gassencertificaat.",
     ["cooling-technology"], ["installation"], ["safety-regulations"], 80, 1,
     ["PUPILS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(learner=1000), "acquisitionCostCents": 800000, "expectedLifetimeYears": 4}),
    ("site_volta", "MOBILE_SETUP", "Mobiele domotica- en energiebeheerkoffer", "Mobile home automation and energy management kit",
     "Koffers met slimme meters, energiebeheer en laadsturing voor installatietechniek.",
     ["charging-point", "home-battery"], ["installation", "energy-technology"], ["digital-skills", "installing"], 5, 3,
     ["PUPILS"], (120, 30, 30, 65),
     {"whoMayBook": EVERYONE, "approvalRequired": False, "minLeadTimeHours": 72, "price": price(day=6000, km=35), "acquisitionCostCents": 750000, "expectedLifetimeYears": 5}),
    ("site_kwartier_z", "SIMULATION_SPACE", "Gesimuleerd appartement", "Simulated flat",
     "Volledig uitgerust appartement voor zorg aan huis, met observatieruimte.",
     ["care-simulation"], ["care"], ["customer-communication", "collaboration"], 1, 12,
     ["PUPILS", "TEACHERS", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": CARE_NETWORK, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_kz.id}"], "intakeRequired": True, "minLeadTimeHours": 168, "price": price(half=12000, day=20000), "acquisitionCostCents": 12000000, "expectedLifetimeYears": 15, "discloseBorrowerNames": True}),
    ("site_kwartier_z", "SIMULATION_SPACE", "Huisartsenpraktijk-simulatie", "GP practice simulation",
     "Gesimuleerde huisartsenpraktijk met consultatie- en behandelruimte.",
     ["care-simulation"], ["care"], ["customer-communication"], 1, 8,
     ["PUPILS", "TEACHERS"], None,
     {"whoMayBook": CARE_NETWORK, "approvalRequired": True, "intakeRequired": True, "minLeadTimeHours": 168, "price": price(half=10000), "acquisitionCostCents": 6000000, "expectedLifetimeYears": 15}),
    ("site_kwartier_z", "SIMULATION_SPACE", "Polyvalente simulatiezaal", "Multipurpose simulation hall",
     "Grote ruimte voor scenario-oefeningen met meerdere teams.",
     ["care-simulation"], ["care"], ["collaboration", "problem-solving"], 1, 24,
     ["PUPILS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": True, "intakeRequired": True, "minLeadTimeHours": 168, "price": price(half=15000, day=26000), "acquisitionCostCents": 9000000, "expectedLifetimeYears": 15}),
    ("site_thomas_more", "SIMULATOR", "Patiëntsimulator", "Patient simulator",
     "Hoogwaardige patiëntsimulator met scenario's voor acute zorg.",
     ["care-simulation"], ["care"], ["problem-solving", "collaboration"], 2, 6,
     ["PUPILS", "TEACHERS"], None,
     {"whoMayBook": CARE_NETWORK, "approvalRequired": True, "minLeadTimeHours": 72, "price": price(half=9000), "acquisitionCostCents": 11000000, "expectedLifetimeYears": 8}),
    ("site_thomas_more", "VR_AR_SET", "VR-set empathie in de zorg", "VR empathy in care set",
     "VR-scenario's die de leefwereld van personen met dementie laten ervaren.",
     ["vr-ar", "care-simulation"], ["care"], ["customer-communication", "motivation-to-learn"], 12, 1,
     ["PUPILS", "TEENS_ORIENTATION", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(hour=400), "acquisitionCostCents": 1100000, "expectedLifetimeYears": 4}),
    ("site_thomas_more", "MOBILE_SETUP", "Mobiele zorgsimulatiekoffer", "Mobile care simulation case",
     "Draagbare simulatiepop en monitor voor oefeningen op school.",
     ["care-simulation"], ["care"], ["collaboration"], 3, 6,
     ["PUPILS", "TEENS_ORIENTATION"], (90, 30, 30, 60),
     {"whoMayBook": EVERYONE, "approvalRequired": True, "minLeadTimeHours": 72, "price": price(day=8000, km=30), "acquisitionCostCents": 2200000, "expectedLifetimeYears": 6}),
    ("site_go_mol", "FIXED_INSTALLATION", "Werkplaats elektrische voertuigen Mol", "Electric vehicle workshop Mol",
     "Schoolwerkplaats met hybride en elektrische wagens en hefbruggen.",
     ["electric-car"], ["vehicle-technology"], ["maintenance"], 2, 6,
     ["PUPILS"], None,
     {"whoMayBook": ENERGY_NETWORK, "approvalRequired": True, "requiredQualificationTypeIds": ["${q_ev.id}"], "minLeadTimeHours": 72, "price": price(half=8000), "acquisitionCostCents": 5500000, "expectedLifetimeYears": 10}),
    ("site_go_mol", "FIXED_INSTALLATION", "Warmtepomp-installatiecabines", "Heat-pump installation booths",
     "Vier cabines om warmtepompen aan te sluiten op afgiftesystemen.",
     ["heat-pump"], ["installation"], ["installing", "precise-assembly"], 4, 3,
     ["PUPILS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": ENERGY_NETWORK, "approvalRequired": False, "minLeadTimeHours": 48, "price": price(hour=1500), "acquisitionCostCents": 2800000, "expectedLifetimeYears": 12}),
    ("site_avant", "FIXED_INSTALLATION", "PV-montagewand", "PV mounting wall",
     "Montagewanden voor zonnepanelen, omvormers en bekabeling op werkhoogte.",
     ["solar-pv"], ["installation"], ["precise-assembly", "installing"], 5, 3,
     ["PUPILS", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "minLeadTimeHours": 48, "price": price(hour=1200), "acquisitionCostCents": 1500000, "expectedLifetimeYears": 10}),
    ("site_avant", "VR_AR_SET", "VR-set zonnepanelen op het dak", "VR rooftop solar set",
     "VR-training voor veilig werken op daken bij het plaatsen van zonnepanelen.",
     ["vr-ar", "solar-pv"], ["installation", "construction"], ["safety-regulations"], 8, 1,
     ["PUPILS", "TEENS_ORIENTATION"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(hour=450), "acquisitionCostCents": 700000, "expectedLifetimeYears": 4}),
    ("site_iw", "VR_AR_SET", "VR-installatietechniek set", "VR installation engineering set",
     "VR-omgeving met installatieopdrachten voor cv, warmtepomp en elektra.",
     ["vr-ar", "heat-pump"], ["installation"], ["installing", "digital-skills"], 15, 1,
     ["PUPILS", "TEENS_ORIENTATION", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(hour=350), "acquisitionCostCents": 1900000, "expectedLifetimeYears": 4}),
    ("site_iw", "SIMULATOR", "Simulator hybride installaties", "Hybrid heating simulator",
     "Software- en hardwaresimulator voor hybride warmtepompen met storingsscenario's.",
     ["heat-pump"], ["installation", "energy-technology"], ["problem-solving"], 3, 2,
     ["PUPILS", "UPSKILLING_WORKERS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "minLeadTimeHours": 24, "price": price(hour=2200), "acquisitionCostCents": 3200000, "expectedLifetimeYears": 6}),
    ("site_iw", "E_LEARNING", "E-learning klantgericht adviseren energietransitie", "Customer advice in the energy transition e-learning",
     "Online module over klantgesprekken bij warmtepompen en zonnepanelen.",
     ["heat-pump", "solar-pv"], ["energy-technology"], ["customer-communication"], 200, 1,
     ["PUPILS", "UPSKILLING_WORKERS", "JOB_SEEKERS_AND_SIDE_ENTRANTS"], None,
     {"whoMayBook": EVERYONE, "approvalRequired": False, "price": price(learner=0), "acquisitionCostCents": 400000, "expectedLifetimeYears": 3}),
    ("site_provincie", "MOBILE_SETUP", "Mobiele warmtepompklas", "Mobile heat-pump classroom",
     "Ingerichte oplegger met vier warmtepompopstellingen en lesplekken, rijdt naar scholen in de provincie.",
     ["heat-pump", "solar-pv"], ["energy-technology", "installation"], ["commissioning", "installing"], 1, 16,
     ["PUPILS", "TEENS_ORIENTATION", "TEACHERS"], (120, 120, 90, 55),
     {"whoMayBook": ENERGY_NETWORK, "approvalRequired": True, "minLeadTimeHours": 336, "maxDurationHours": 504, "cancellationDeadlineHours": 168, "price": price(day=25000, km=70), "acquisitionCostCents": 28000000, "expectedLifetimeYears": 12, "discloseBorrowerNames": True}),
    ("site_provincie", "MOBILE_SETUP", "Mobiele laadpaalunit", "Mobile charging point unit",
     "Aanhanger met laadpalen en een elektrische wagen voor oriëntatie op installatietechniek.",
     ["charging-point", "electric-car"], ["installation", "vehicle-technology"], ["motivation-to-learn"], 1, 12,
     ["TEENS_ORIENTATION", "PUPILS"], (120, 60, 45, 60),
     {"whoMayBook": EVERYONE, "approvalRequired": True, "minLeadTimeHours": 168, "price": price(day=9000, km=40), "acquisitionCostCents": 7000000, "expectedLifetimeYears": 8}),
]

def org_location(key):
    return ORG[key][6]

# ---- A school year of past use (1 September 2025 - 31 August 2026), so statistics mean
# something on a fresh start: recorded through ImportReservationHistory (platform admin), as a
# previous booking system would hand it over. Deterministic (fixed seed).
SCHOOL_YEAR = (datetime.date(2025, 9, 1), datetime.date(2026, 8, 31))
# School holidays with little use (both countries roughly): autumn, Christmas, spring, summer.
HOLIDAYS = [(datetime.date(2025, 10, 27), datetime.date(2025, 11, 2)),
            (datetime.date(2025, 12, 22), datetime.date(2026, 1, 4)),
            (datetime.date(2026, 2, 16), datetime.date(2026, 2, 22)),
            (datetime.date(2026, 4, 6), datetime.date(2026, 4, 19)),
            (datetime.date(2026, 7, 6), datetime.date(2026, 8, 23))]
# Who borrows: schools and centres on both sides of the border.
BORROWERS = ["curio_breda", "curio_oosterhout", "bouwschool", "avant", "go_mol", "go_niel",
             "go_herentals", "hivset", "kamp_c", "thomas_more", "truckacademy"]
AUDIENCE_VALUE = {"PUPILS": 1, "TEACHERS": 2, "UPSKILLING_WORKERS": 3,
                  "JOB_SEEKERS_AND_SIDE_ENTRANTS": 4, "TEENS_ORIENTATION": 5}
HISTORY_BATCH = 400

def history_steps():
    rng = random.Random(20250901)
    reservations = []
    owner_of_site = {key: owner for key, owner, _ in SITES}
    day = SCHOOL_YEAR[0]
    while day <= SCHOOL_YEAR[1]:
        holiday = any(a <= day <= b for a, b in HOLIDAYS)
        if day.weekday() < 5:
            for index, listing in enumerate(LISTINGS):
                (site, category, _, _, _, _, _, _, units, capacity, audiences, mobile, terms) = listing
                if category == "E_LEARNING":
                    continue
                owner = owner_of_site[site]
                country = ORG[owner][3]
                zone = zoneinfo.ZoneInfo("Europe/Amsterdam" if country == "NL" else "Europe/Brussels")
                # Popular kit is used more; loans of mobile setups start on Mondays.
                chance = (0.02 if holiday else 0.12) * (1.5 if index % 3 == 0 else 1)
                if mobile and day.weekday() != 0:
                    continue
                if rng.random() >= (chance * 3 if mobile else chance):
                    continue
                borrower = rng.choice([b for b in BORROWERS if b != owner])
                if mobile:
                    start = datetime.datetime(day.year, day.month, day.day, 8, 30, tzinfo=zone)
                    end = start + datetime.timedelta(days=rng.choice([1, 2, 4]), hours=8)
                    kind = "RESERVATION_KIND_LOAN"
                else:
                    hour = rng.choice([8, 13])
                    start = datetime.datetime(day.year, day.month, day.day, hour, 30, tzinfo=zone)
                    end = start + datetime.timedelta(hours=3)
                    kind = "RESERVATION_KIND_SESSION"
                unit = rng.randint(1, units)
                learners = rng.randint(max(1, capacity // 2), capacity)
                roll = rng.random()
                status = ("RESERVATION_STATUS_COMPLETED" if roll < 0.86 else
                          "RESERVATION_STATUS_CANCELLED" if roll < 0.95 else "RESERVATION_STATUS_NO_SHOW")
                item = {"listingId": "${listing_%d.id}" % index, "organizationId": "${%s.id}" % borrower,
                        "kind": kind, "status": status,
                        "startTime": start.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "endTime": end.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "learners": learners, "units": [unit], "timeZone": zone.key}
                p = terms["price"]
                if status == "RESERVATION_STATUS_COMPLETED":
                    out = start + datetime.timedelta(minutes=rng.randint(0, 10))
                    back = end - datetime.timedelta(minutes=rng.randint(0, 30))
                    item["checkOutTime"] = out.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                    item["checkInTime"] = back.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                    present = {}
                    for _ in range(learners - rng.randint(0, learners // 4)):
                        audience = AUDIENCE_VALUE[rng.choice(audiences)]
                        present[audience] = present.get(audience, 0) + 1
                    item["learnersPresent"] = [{"audience": a, "count": c} for a, c in sorted(present.items())]
                    days = (end - start).days + 1
                    item["priceCents"] = (p["perDayCents"] * days if mobile else
                                          p["perHourCents"] * 3 or p["perHalfDayCents"]) + \
                        p["perLearnerCents"] * learners
                elif status == "RESERVATION_STATUS_CANCELLED" and rng.random() < 0.3:
                    item["cancellationFeeCents"] = terms.get("cancellationFeeCents", 0)
                reservations.append(item)
        day += datetime.timedelta(days=1)
    steps = []
    for begin in range(0, len(reservations), HISTORY_BATCH):
        steps.append({"method": "POST", "path": "/v1/stats:importHistory", "token": ADMIN,
                      "body": {"reservations": reservations[begin:begin + HISTORY_BATCH]}})
    return steps, len(reservations)

def build():
    steps = [{"as": "admin", "method": "POST", "path": "/v1/auth/login",
              "body": {"email": "admin@leerpool.demo", "password": PASSWORD}}]
    accounts = [("admin@leerpool.demo", "platform admin", "Leerpool")]
    for key, name, kind, country, region, (street, pc, loc), (lat, lng), tracks in ORGANISATIONS:
        body = {"name": name, "kind": "ORGANIZATION_KIND_" + kind, "country": country, "region": region,
                "address": {"street": street, "postalCode": pc, "locality": loc, "country": country},
                "location": {"latitude": lat, "longitude": lng}}
        if tracks:
            body["educationTracks"] = tracks
        steps.append({"as": key, "method": "POST", "path": "/v1/organizations", "token": ADMIN, "body": body})
    for key, org, email, name, roles, locale in PEOPLE:
        steps.append({"as": key + "_invitation", "method": "POST", "token": ADMIN,
                      "path": "/v1/organizations/${%s.id}/invitations" % org,
                      "body": {"email": email, "roles": roles}})
        steps.append({"as": key, "method": "POST", "path": "/v1/invitations:accept",
                      "body": {"token": "${%s_invitation.token}" % key, "displayName": name,
                               "password": PASSWORD, "locale": locale}})
        accounts.append((email, ", ".join(r[5:].lower().replace("_", " ") for r in roles), ORG[org][1]))
    for key, name, kind, owner, description, members in NETWORKS:
        steps.append({"as": key, "method": "POST", "path": "/v1/networks", "token": ADMIN,
                      "body": {"name": name, "kind": kind, "ownerOrganizationId": "${%s.id}" % owner,
                               "description": description}})
        for member in members:
            steps.append({"method": "POST", "path": "/v1/networks/${%s.id}/members" % key, "token": ADMIN,
                          "body": {"organizationId": "${%s.id}" % member}})
    for key, issuer, code, nl, en, months, description in QUALIFICATION_TYPES:
        steps.append({"as": key, "method": "POST", "path": "/v1/qualificationTypes", "token": ADMIN,
                      "body": {"issuerOrganizationId": "${%s.id}" % issuer, "code": code, "nameNl": nl,
                               "nameEn": en, "validityMonths": months, "description": description}})
    for qualification, person, (y, m, d) in HELD:
        steps.append({"method": "POST", "token": ADMIN,
                      "path": "/v1/qualificationTypes/${%s.id}/qualifications" % qualification,
                      "body": {"personId": "${%s.person.id}" % person,
                               "issueDate": {"year": y, "month": m, "day": d}}})
    for key, owner, name in SITES:
        _, _, _, country, _, (street, pc, loc), (lat, lng), _ = ORG[owner]
        steps.append({"as": key, "method": "POST", "path": "/v1/sites", "token": ADMIN, "body": {
            "ownerOrganizationId": "${%s.id}" % owner, "name": name,
            "address": {"street": street, "postalCode": pc, "locality": loc, "country": country},
            "location": {"latitude": lat, "longitude": lng},
            "timeZone": "Europe/Amsterdam" if country == "NL" else "Europe/Brussels",
            "openingHours": [{"weekday": day, "open": {"hours": 8}, "close": {"hours": 17}}
                             for day in ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")]}})
    owner_of_site = {key: owner for key, owner, _ in SITES}
    for index, (site, category, title_nl, title_en, description, technologies, sectors, competences,
                units, capacity, audiences, mobile, terms) in enumerate(LISTINGS):
        key = "listing_%d" % index
        listing = {"ownerOrganizationId": "${%s.id}" % owner_of_site[site], "titleNl": title_nl,
                   "titleEn": title_en, "descriptionNl": description, "category": "CATEGORY_" + category,
                   "technologies": technologies, "sectors": sectors, "competences": competences,
                   "unitCount": units, "capacityPerUnit": capacity,
                   "audiences": ["AUDIENCE_" + a for a in audiences], "languages": ["nl"],
                   "siteId": "${%s.id}" % site}
        if mobile:
            radius, setup, teardown, speed = mobile
            listing["mobile"] = {"serviceRadiusKm": radius, "setupMinutes": setup,
                                 "teardownMinutes": teardown, "travelSpeedKmh": speed}
        steps.append({"as": key, "method": "POST", "path": "/v1/listings", "token": ADMIN, "body": listing})
        steps.append({"method": "PUT", "path": "/v1/listings/${%s.id}/terms" % key, "token": ADMIN, "body": terms})
        steps.append({"method": "POST", "path": "/v1/listings/${%s.id}:publish" % key, "token": ADMIN, "body": {}})
    history, _ = history_steps()
    steps.extend(history)
    return steps, accounts

def main():
    steps, accounts = build()
    document = {"description": "Leerpool demo data: partners from the Flemish-Dutch cross-border programme "
                               "(see shared/domain.md), their people, networks, qualifications, sites and "
                               "listings. Each step is an API call through the gateway; ${name.field} refers "
                               "to an earlier response. Generated by generate_demo.py.",
                "steps": steps}
    with open(os.path.join(HERE, "demo.json"), "w", encoding="utf-8") as out:
        json.dump(document, out, indent=1, ensure_ascii=False)
        out.write("\n")
    with open(os.path.join(HERE, "accounts.txt"), "w", encoding="utf-8") as out:
        out.write("password for every account: %s\n" % PASSWORD)
        for email, roles, organisation in accounts:
            out.write("%-40s %-28s %s\n" % (email, roles, organisation))
    print("%d steps, %d listings, %d past reservations" % (len(steps), len(LISTINGS), history_steps()[1]))

if __name__ == "__main__":
    main()
