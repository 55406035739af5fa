#include "bench/catalogue_dataset.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <random>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "services/common/status_macros.h"

namespace leerpool::bench {
namespace {

using catalogue::Audience;
using catalogue::Category;
using catalogue::LatLng;
using catalogue::Listing;
using catalogue::ListingStatus;
using catalogue::OrganizationSummary;
using catalogue::SharingTerms;
using catalogue::Site;

// Towns of the border region (lat 50.8..52.0, lng 3.5..6.0) that owners are based in.
struct Town {
  const char* name;
  const char* country;
  double latitude;
  double longitude;
};
constexpr Town kTowns[] = {
    {"Antwerpen", "BE", 51.2194, 4.4025},
    {"Gent", "BE", 51.0543, 3.7174},
    {"Mechelen", "BE", 51.0259, 4.4776},
    {"Lier", "BE", 51.1315, 4.5700},
    {"Turnhout", "BE", 51.3227, 4.9447},
    {"Geel", "BE", 51.1617, 4.9906},
    {"Mol", "BE", 51.1911, 5.1166},
    {"Lommel", "BE", 51.2300, 5.3130},
    {"Hasselt", "BE", 50.9307, 5.3325},
    {"Genk", "BE", 50.9650, 5.5008},
    {"Sint-Niklaas", "BE", 51.1650, 4.1437},
    {"Aalst", "BE", 50.9360, 4.0355},
    {"Leuven", "BE", 50.8798, 4.7005},
    {"Eeklo", "BE", 51.1858, 3.5639},
    {"Breda", "NL", 51.5719, 4.7683},
    {"Tilburg", "NL", 51.5555, 5.0913},
    {"Eindhoven", "NL", 51.4416, 5.4697},
    {"Helmond", "NL", 51.4793, 5.6570},
    {"'s-Hertogenbosch", "NL", 51.6978, 5.3037},
    {"Oss", "NL", 51.7650, 5.5180},
    {"Roosendaal", "NL", 51.5308, 4.4653},
    {"Bergen op Zoom", "NL", 51.4947, 4.2870},
    {"Middelburg", "NL", 51.4988, 3.6136},
    {"Vlissingen", "NL", 51.4426, 3.5736},
    {"Goes", "NL", 51.5040, 3.8889},
    {"Terneuzen", "NL", 51.3358, 3.8276},
    {"Dordrecht", "NL", 51.8133, 4.6901},
    {"Rotterdam", "NL", 51.9244, 4.4777},
    {"Gorinchem", "NL", 51.8306, 4.9740},
    {"Weert", "NL", 51.2517, 5.7067},
    {"Roermond", "NL", 51.1942, 5.9870},
    {"Sittard", "NL", 50.9983, 5.8689},
    {"Maastricht", "NL", 50.8514, 5.6910},
    {"Heerlen", "NL", 50.8882, 5.9795},
};
constexpr int kTownCount = sizeof(kTowns) / sizeof(kTowns[0]);

// Name patterns by organisation kind (1 school .. 7 simulation centre); %s is the town.
const std::vector<std::vector<const char*>>& OwnerNamePatterns() {
  static const auto* patterns = new std::vector<std::vector<const char*>>{
      {},
      {"ROC %s", "Technisch Atheneum %s", "GO! Campus %s", "Vakcollege %s", "Curio %s",
       "Sint-Jozefinstituut %s", "Da Vinci College %s", "Summa Techniek %s"},
      {"Opleidingscentrum %s", "VDAB Competentiecentrum %s", "Techniekhuis %s",
       "Kenteq Praktijkcentrum %s", "Installatie Academie %s"},
      {"Installatiebedrijf Van Dijk %s", "Janssens Installaties %s", "Logistiek %s BV",
       "Transport De Vries %s", "Peeters Elektro %s", "Warmtebouw %s"},
      {"Censes %s", "SolarTech %s", "Voltera %s", "Warmtewerk Fabriek %s", "Truckmakers %s"},
      {"OTIB Regio %s", "Volta %s", "Techniek Nederland %s", "Constructiv %s", "Sectorfonds %s"},
      {"Gemeente %s", "Stad %s", "Provinciehuis %s"},
      {"Simulatiecentrum %s", "Kwartier Z %s", "SimLab %s", "Skills Arena %s"},
  };
  return *patterns;
}

// Owners by kind: mostly schools and training centres, then companies and manufacturers.
constexpr std::array<int, 8> kKindWeights = {0, 40, 15, 15, 10, 8, 5, 7};

const char* const kStreets[] = {
    "Industrieweg", "Stationsstraat",    "Schoolstraat",    "Ambachtsweg",   "Energieweg",
    "Havenweg",     "Nijverheidsstraat", "Technologiepark", "Innovatielaan", "Kanaaldijk"};

// One listing's subject: its words in both languages, its tags, and the categories it comes in.
struct Theme {
  int weight;
  std::vector<std::pair<const char*, const char*>> titles;     // {nl, en}
  std::vector<std::pair<const char*, const char*>> sentences;  // {nl, en}
  std::vector<const char*> technologies;  // the first always, the others sometimes
  std::vector<const char*> sectors;
  std::vector<const char*> competences;
  std::array<int, 7> category_weights;  // by Category value
  const char* qualification;            // required by some owners; may be null
};

const std::vector<Theme>& Themes() {
  static const auto* themes = new std::vector<Theme>{
      {14,
       {{"Warmtepomp leeropstelling", "Heat pump training rig"},
        {"Lucht-water warmtepomp op lesframe", "Air-to-water heat pump on a training frame"},
        {"Hybride warmtepomp demonstratiemodel", "Hybrid heat pump demonstration model"},
        {"Bodemwarmtepomp met bronsimulatie", "Ground source heat pump with source simulation"},
        {"Warmtepompen practicumwand", "Heat pump practical wall"}},
       {{"De warmtepomp is volledig bekabeld en heeft kijkglazen in het koudemiddelcircuit.",
         "The heat pump is fully wired and has sight glasses in the refrigerant circuit."},
        {"Leerlingen oefenen het in bedrijf stellen, inregelen en onderhouden van een warmtepomp.",
         "Learners practise commissioning, balancing and servicing a heat pump."},
        {"Geschikt voor lessen over F-gassen en koudemiddelen.",
         "Suitable for lessons on F-gases and refrigerants."}},
       {"heat-pump", "cooling-technology"},
       {"installation", "energy-technology", "construction"},
       {"installing", "commissioning", "maintenance", "safety-regulations", "problem-solving"},
       {0, 55, 25, 0, 10, 0, 10},
       "qt_fgas"},
      {12,
       {{"Zonnepanelen dakopstelling", "Solar panel roof rig"},
        {"PV-installatie met omvormer en monitoring",
         "PV installation with inverter and monitoring"},
        {"Zonnepanelen montagewand", "Solar panel mounting wall"},
        {"Schuin dak met zonnepanelen voor valbeveiliging",
         "Pitched roof with solar panels for fall protection training"}},
       {{"Leerlingen monteren zonnepanelen, leggen de DC-bekabeling aan en sluiten de omvormer "
         "aan.",
         "Learners mount solar panels, lay the DC cabling and connect the inverter."},
        {"Inclusief meetapparatuur voor isolatieweerstand en stringspanning.",
         "Includes instruments for insulation resistance and string voltage."},
        {"Werken op hoogte wordt veilig geoefend met valbeveiliging.",
         "Working at height is practised safely with fall protection."}},
       {"solar-pv", "home-battery"},
       {"energy-technology", "installation", "construction"},
       {"installing", "precise-assembly", "safety-regulations", "commissioning"},
       {0, 55, 25, 5, 0, 0, 15},
       nullptr},
      {10,
       {{"Laadpaal trainingsopstelling", "Charging point training rig"},
        {"Laadplein met drie laadpalen", "Charging plaza with three charge points"},
        {"Mobiele laadpaal demonstrator", "Mobile charging point demonstrator"},
        {"Laadpaal met slimme energiesturing", "Smart charging point with load balancing"}},
       {{"Laadpalen installeren, configureren en storingen zoeken volgens de NEN 1010.",
         "Install and configure charging points and troubleshoot them to the wiring rules."},
        {"Met back-office koppeling via OCPP en een elektrische auto als testvoertuig.",
         "With an OCPP back office link and an electric car as test vehicle."}},
       {"charging-point", "electric-car", "solar-pv"},
       {"energy-technology", "vehicle-technology", "installation"},
       {"installing", "commissioning", "digital-skills", "safety-regulations"},
       {0, 50, 30, 0, 5, 0, 15},
       nullptr},
      {7,
       {{"Thuisbatterij met energiemanagementsysteem",
         "Home battery with energy management system"},
        {"Thuisbatterij leeropstelling", "Home battery training rig"},
        {"Buurtbatterij demonstratiekast", "Neighbourhood battery demonstration cabinet"}},
       {{"Laat zien hoe een thuisbatterij zonnestroom opslaat en het net ontlast.",
         "Shows how a home battery stores solar power and relieves the grid."},
        {"Met veilige laagspanningsmodules voor practicum in de klas.",
         "With safe low-voltage modules for classroom practicals."}},
       {"home-battery", "solar-pv"},
       {"energy-technology", "installation"},
       {"installing", "commissioning", "digital-skills", "problem-solving"},
       {0, 55, 25, 0, 0, 0, 20},
       nullptr},
      {8,
       {{"Elektrische personenwagen voor hoogvoltage-training",
         "Electric car for high-voltage training"},
        {"HV-werkplek met elektrische auto", "High-voltage workstation with electric car"},
        {"Opengewerkte aandrijflijn elektrische auto", "Cut-away electric car drivetrain"}},
       {{"Veilig spanningsloos maken van een elektrisch voertuig volgens NEN 9140.",
         "Safely de-energising an electric vehicle to the applicable standard."},
        {"Inclusief geïsoleerd gereedschap en persoonlijke beschermingsmiddelen.",
         "Includes insulated tools and personal protective equipment."}},
       {"electric-car", "charging-point"},
       {"vehicle-technology"},
       {"maintenance", "safety-regulations", "problem-solving"},
       {0, 60, 10, 0, 20, 0, 10},
       "qt_hv"},
      {4,
       {{"Elektrische vrachtwagen lesmodel", "Electric truck training model"},
        {"Elektrische trekker met oplegger", "Electric tractor unit with trailer"}},
       {{"Voor chauffeurs en monteurs die overstappen op elektrische vrachtwagens.",
         "For drivers and mechanics moving to electric trucks."},
        {"Laadstrategie, actieradius en onderhoud komen aan bod.",
         "Covers charging strategy, range and maintenance."}},
       {"electric-truck", "charging-point"},
       {"vehicle-technology", "logistics"},
       {"maintenance", "safety-regulations"},
       {0, 50, 10, 0, 30, 0, 10},
       "qt_hv"},
      {10,
       {{"Heftruck simulator", "Forklift simulator"},
        {"Reachtruck met oefenstelling", "Reach truck with practice racking"},
        {"Heftruck VR-training", "Forklift VR training"},
        {"Elektrische heftruck voor rijvaardigheid", "Electric forklift for driving skills"}},
       {{"Cursisten oefenen laden, lossen en stapelen zonder risico op schade.",
         "Trainees practise loading, unloading and stacking without risk of damage."},
        {"Voorbereiding op het certificaat heftruckchauffeur.",
         "Preparation for the forklift operator certificate."}},
       {"forklift", "logistics-simulator", "vr-ar"},
       {"logistics"},
       {"safety-regulations", "precise-assembly", "collaboration"},
       {0, 30, 5, 20, 40, 0, 5},
       nullptr},
      {10,
       {{"VR-brillen klasset", "VR headset class set"},
        {"VR-lab installatietechniek", "VR lab for installation techniques"},
        {"AR-bril voor onderhoud op afstand", "AR glasses for remote maintenance"},
        {"VR-simulatie werken op hoogte", "VR simulation of working at height"}},
       {{"Een complete set VR-brillen met lesmodules voor een hele klas.",
         "A complete set of VR headsets with lesson modules for a whole class."},
        {"Simulatie van gevaarlijke situaties die in het echt niet te oefenen zijn.",
         "Simulation of dangerous situations that cannot be practised for real."},
        {"Inclusief laadkoffer, hygiënekappen en beheersoftware.",
         "Includes charging case, hygiene covers and management software."}},
       {"vr-ar", "heat-pump", "solar-pv", "forklift", "care-simulation"},
       {"installation", "logistics", "care", "construction", "energy-technology"},
       {"digital-skills", "safety-regulations", "motivation-to-learn"},
       {0, 0, 15, 70, 0, 0, 15},
       nullptr},
      {9,
       {{"Zorgsimulatie kamer", "Care simulation room"},
        {"Simulatiepop voor verpleegkunde", "Nursing simulation manikin"},
        {"Skillslab zorg met domotica", "Care skills lab with home automation"},
        {"Thuiszorg simulatiewoning", "Home care simulation flat"}},
       {{"Realistische simulatie van zorgsituaties met nabespreking op video.",
         "Realistic simulation of care situations with video debriefing."},
        {"Geschikt voor verpleegkunde, verzorging en zij-instromers in de zorg.",
         "Suitable for nursing, care assistants and side entrants in care."}},
       {"care-simulation", "vr-ar"},
       {"care"},
       {"customer-communication", "collaboration", "problem-solving"},
       {0, 0, 0, 10, 35, 45, 10},
       nullptr},
      {6,
       {{"Koeltechniek leeropstelling", "Refrigeration training rig"},
        {"Koelcel met storingssimulatie", "Cold room with fault simulation"},
        {"Airco-installatie op lesframe", "Air conditioning unit on a training frame"}},
       {{"Voor het F-gassencertificaat: vullen, aftappen en lektesten van koudemiddelcircuits.",
         "For the F-gas certificate: charging, recovering and leak-testing refrigerant circuits."},
        {"Combineert koeltechniek met een warmtepomp in één circuit.",
         "Combines refrigeration with a heat pump in one circuit."}},
       {"cooling-technology", "heat-pump"},
       {"installation", "energy-technology"},
       {"installing", "maintenance", "safety-regulations"},
       {0, 60, 15, 0, 15, 0, 10},
       "qt_fgas"},
      {5,
       {{"Logistieke simulator magazijn", "Warehouse logistics simulator"},
        {"Simulatie orderpicking en voorraadbeheer", "Order picking and stock control simulation"}},
       {{"Een magazijnbeheersysteem met scanners en gesimuleerde orderstromen.",
         "A warehouse management system with scanners and simulated order flows."}},
       {"logistics-simulator", "forklift"},
       {"logistics"},
       {"digital-skills", "collaboration", "problem-solving"},
       {0, 0, 0, 0, 40, 35, 25},
       nullptr},
  };
  return *themes;
}

// Sentences any listing may carry; {cap} is the capacity per unit.
const std::vector<std::pair<const char*, const char*>>& GenericSentences() {
  static const auto* sentences = new std::vector<std::pair<const char*, const char*>>{
      {"Geschikt voor groepen tot {cap} leerlingen per opstelling.",
       "Suitable for groups of up to {cap} learners per unit."},
      {"Inclusief lesmateriaal, handleiding en toetsopdrachten.",
       "Includes teaching material, a manual and assessment tasks."},
      {"Een instructeur van de eigenaar kan op aanvraag meekomen.",
       "An instructor from the owner can join on request."},
      {"Reserveren kan per dagdeel of per dag.", "Book per half day or per day."},
      {"Veiligheidsinstructie verplicht voor het eerste gebruik.",
       "A safety briefing is required before first use."},
      {"Bereikbaar met het openbaar vervoer en ruime parkeergelegenheid.",
       "Reachable by public transport, with ample parking."},
      {"Gebruikt in BBL- en BOL-trajecten en bij omscholing van zij-instromers.",
       "Used in work-based and school-based tracks and for retraining side entrants."},
      {"Te combineren met zonnepanelen en een thuisbatterij voor lessen over energiebeheer.",
       "Can be combined with solar panels and a home battery for lessons on energy management."},
      {"Met meetpunten voor druk, temperatuur, spanning en stroom.",
       "With measuring points for pressure, temperature, voltage and current."},
      {"Ondersteunt simulatie van storingen om foutzoeken te oefenen.",
       "Supports fault simulation for troubleshooting practice."},
      {"Ook beschikbaar voor oriëntatiedagen van het voortgezet onderwijs.",
       "Also available for orientation days of secondary schools."},
      {"Wordt jaarlijks gekeurd en onderhouden.", "Inspected and serviced every year."},
  };
  return *sentences;
}

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  int Int(int low, int high) { return std::uniform_int_distribution<int>(low, high)(engine_); }
  double Real(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(engine_);
  }
  bool Chance(double p) { return Real(0, 1) < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[static_cast<size_t>(Int(0, static_cast<int>(values.size()) - 1))];
  }
  // An index drawn with the given (non-negative) weights.
  template <typename Weights>
  int Weighted(const Weights& weights) {
    int total = 0;
    for (int weight : weights) total += weight;
    int draw = Int(0, total - 1);
    for (size_t i = 0; i < std::size(weights); ++i) {
      if (draw < weights[i]) return static_cast<int>(i);
      draw -= weights[i];
    }
    return static_cast<int>(std::size(weights)) - 1;
  }
  // Distinct picks from `values`, the first always included when `keep_first`.
  std::vector<std::string> Some(const std::vector<const char*>& values, bool keep_first, double p) {
    std::vector<std::string> picked;
    for (size_t i = 0; i < values.size(); ++i) {
      if ((i == 0 && keep_first) || Chance(p)) picked.emplace_back(values[i]);
    }
    return picked;
  }

 private:
  std::mt19937_64 engine_;
};

double Clamp(double value, double low, double high) { return std::min(high, std::max(low, value)); }

const Town& TownOf(const OrganizationSummary& owner) {
  // Owners sit within a kilometre of their town, so the nearest town is theirs.
  const Town* best = &kTowns[0];
  double best_distance = 1e9;
  for (const Town& town : kTowns) {
    const double d = std::hypot(town.latitude - owner.location->latitude,
                                town.longitude - owner.location->longitude);
    if (d < best_distance) {
      best_distance = d;
      best = &town;
    }
  }
  return *best;
}

std::vector<Site> SitesOf(const OrganizationSummary& owner, Random& random) {
  const Town& town = TownOf(owner);
  const bool nl = std::string(town.country) == "NL";
  std::vector<Site> sites(static_cast<size_t>(random.Weighted(std::array<int, 4>{0, 60, 30, 10})));
  for (size_t i = 0; i < sites.size(); ++i) {
    Site& site = sites[i];
    site.owner_organization_id = owner.id;
    const std::string street = kStreets[random.Int(0, static_cast<int>(std::size(kStreets)) - 1)];
    site.name = i == 0 ? absl::StrCat("Campus ", town.name) : absl::StrCat("Locatie ", street);
    site.address.street = absl::StrCat(street, " ", random.Int(1, 180));
    site.address.postal_code =
        nl ? absl::StrFormat("%04d %c%c", random.Int(4000, 6499), 'A' + random.Int(0, 25),
                             'A' + random.Int(0, 25))
           : absl::StrCat(random.Int(2000, 3999));
    site.address.locality = town.name;
    site.address.country = town.country;
    // Within a few kilometres of the town, inside the region.
    site.location = LatLng{Clamp(town.latitude + random.Real(-0.04, 0.04), 50.8, 52.0),
                           Clamp(town.longitude + random.Real(-0.06, 0.06), 3.5, 6.0)};
    site.time_zone = nl ? "Europe/Amsterdam" : "Europe/Brussels";
    for (int weekday = 1; weekday <= 5; ++weekday) {
      site.opening_hours.push_back({weekday, {8, 0}, {random.Chance(0.5) ? 17 : 16, 30}});
    }
    if (random.Chance(0.2)) site.opening_hours.push_back({6, {9, 0}, {13, 0}});
  }
  return sites;
}

struct GeneratedListing {
  Listing listing;
  SharingTerms terms;
};

GeneratedListing MakeListing(const OrganizationSummary& owner, const Site& site, Random& random,
                             Category forced_category) {
  const std::vector<Theme>& themes = Themes();
  std::vector<int> weights;
  for (const Theme& theme : themes) weights.push_back(theme.weight);
  const Theme& theme = themes[static_cast<size_t>(random.Weighted(weights))];
  Category category = forced_category;
  if (category == Category::kUnspecified) {
    category = static_cast<Category>(random.Weighted(theme.category_weights));
  }

  Listing listing;
  listing.owner_organization_id = owner.id;
  listing.site_id = site.id;
  listing.category = category;
  const auto& [title_nl, title_en] = random.Pick(theme.titles);
  listing.title_nl = title_nl;
  listing.title_en = title_en;
  if (category == Category::kELearning) {
    listing.title_nl = absl::StrCat("E-learning: ", listing.title_nl);
    listing.title_en = absl::StrCat("E-learning: ", listing.title_en);
  } else if (category == Category::kMobileSetup) {
    listing.title_nl = absl::StrCat("Mobiele ", listing.title_nl);
    listing.title_en = absl::StrCat("Mobile ", listing.title_en);
  }
  if (random.Chance(0.4)) {
    const std::string model =
        absl::StrFormat(" type %c%d", 'A' + random.Int(0, 25), random.Int(100, 999));
    absl::StrAppend(&listing.title_nl, model);
    absl::StrAppend(&listing.title_en, model);
  }
  if (random.Chance(0.3)) absl::StrAppend(&listing.title_nl, " (", site.address.locality, ")");
  // Some owners write in one language only.
  if (random.Chance(0.1)) listing.title_en.clear();

  switch (category) {
    case Category::kVrArSet:
    case Category::kSimulator:
      listing.unit_count = random.Int(1, 16);
      listing.capacity_per_unit = random.Int(1, 3);
      break;
    case Category::kSimulationSpace:
      listing.unit_count = 1;
      listing.capacity_per_unit = random.Int(6, 24);
      break;
    case Category::kELearning:
      listing.unit_count = 1;
      listing.capacity_per_unit = random.Int(20, 500);
      break;
    default:
      listing.unit_count = random.Int(1, 6);
      listing.capacity_per_unit = random.Int(2, 16);
      break;
  }

  const std::string capacity = absl::StrCat(listing.capacity_per_unit);
  std::vector<std::pair<std::string, std::string>> sentences;
  for (const auto& [nl, en] : theme.sentences) {
    if (sentences.empty() || random.Chance(0.6)) sentences.emplace_back(nl, en);
  }
  for (const auto& [nl, en] : GenericSentences()) {
    if (random.Chance(0.3)) sentences.emplace_back(nl, en);
  }
  for (auto& [nl, en] : sentences) {
    absl::StrAppend(&listing.description_nl, listing.description_nl.empty() ? "" : " ",
                    absl::StrReplaceAll(nl, {{"{cap}", capacity}}));
    absl::StrAppend(&listing.description_en, listing.description_en.empty() ? "" : " ",
                    absl::StrReplaceAll(en, {{"{cap}", capacity}}));
  }
  if (listing.title_en.empty()) listing.description_en.clear();

  listing.technologies = random.Some(theme.technologies, /*keep_first=*/true, 0.35);
  listing.sectors = random.Some(theme.sectors, /*keep_first=*/true, 0.4);
  listing.competences = random.Some(theme.competences, /*keep_first=*/false, 0.45);
  for (int audience = 1; audience <= catalogue::kMaxAudience; ++audience) {
    if (audience == 1 || random.Chance(0.35)) {
      listing.audiences.push_back(static_cast<Audience>(audience));
    }
  }
  listing.languages = {"nl"};
  if (!listing.title_en.empty()) listing.languages.push_back("en");
  if (owner.country == "BE" && random.Chance(0.3)) listing.languages.push_back("fr");
  for (int i = random.Int(0, 2); i > 0; --i) {
    listing.media.push_back({absl::StrFormat("https://media.leerpool.example/%s/%d.jpg", owner.id,
                                             random.Int(1, 99999)),
                             "photo", ""});
  }
  if (category == Category::kMobileSetup) {
    listing.mobile = catalogue::MobileSetup{
        .service_radius_km = static_cast<double>(random.Int(5, 30) * 5),
        .setup_minutes = random.Int(2, 6) * 15,
        .teardown_minutes = random.Int(1, 4) * 15,
        .travel_speed_kmh = static_cast<double>(random.Int(55, 80)),
    };
  }

  GeneratedListing generated{std::move(listing), {}};
  SharingTerms& t = generated.terms;
  const Listing& l = generated.listing;
  if (random.Chance(0.75)) {
    t.who_may_book.everyone = true;
  } else {
    t.who_may_book.organization_kinds =
        random.Chance(0.5) ? std::vector<int>{1, 2} : std::vector<int>{1, 2, 3};
  }
  t.approval_required = random.Chance(0.6);
  if (theme.qualification != nullptr && random.Chance(0.4)) {
    t.required_qualification_type_ids = {theme.qualification};
  }
  t.intake_required = random.Chance(0.2);
  t.min_lead_time_hours = random.Int(1, 14) * 24;
  t.max_duration_hours = random.Int(1, 10) * 8;
  t.cancellation_deadline_hours = random.Int(1, 7) * 24;
  t.cancellation_fee_cents = random.Chance(0.5) ? random.Int(1, 20) * 500 : 0;
  t.quota_hours_per_month = random.Chance(0.3) ? random.Int(1, 10) * 8 : 0;
  // About one in ten lends for free (schools and sector bodies sharing within the region).
  if (!random.Chance(0.1)) {
    if (l.category == Category::kELearning) {
      t.price.per_learner_cents = random.Int(2, 50) * 100;
    } else {
      const int64_t hour = random.Int(5, 30) * 500;
      t.price.per_hour_cents = hour;
      if (random.Chance(0.7)) t.price.per_half_day_cents = hour * 7 / 2;
      if (random.Chance(0.6)) t.price.per_day_cents = hour * 6;
      if (random.Chance(0.2)) t.price.per_learner_cents = random.Int(1, 10) * 100;
    }
    if (l.category == Category::kMobileSetup) t.price.per_km_cents = random.Int(25, 60);
  }
  t.deposit_cents = random.Chance(0.3) ? random.Int(1, 10) * 5000 : 0;
  t.acquisition_cost_cents = static_cast<int64_t>(random.Int(5, 1500)) * 10000;
  t.expected_lifetime_years = random.Int(5, 12);
  t.disclose_borrower_names = random.Chance(0.5);
  return generated;
}

}  // namespace

GeneratedDirectory::GeneratedDirectory(const std::vector<OrganizationSummary>& owners)
    : qualification_types_{"qt_fgas", "qt_hv"} {
  for (const OrganizationSummary& owner : owners) owners_[owner.id] = owner;
}

absl::StatusOr<OrganizationSummary> GeneratedDirectory::GetOrganization(const std::string& id) {
  auto it = owners_.find(id);
  if (it == owners_.end()) return absl::NotFoundError(absl::StrCat("organization ", id));
  return it->second;
}

absl::StatusOr<std::vector<std::string>> GeneratedDirectory::NetworksOf(
    const std::string& organization_id) {
  LP_RETURN_IF_ERROR(GetOrganization(organization_id).status());
  return std::vector<std::string>();
}

absl::Status GeneratedDirectory::CheckNetworkExists(const std::string& network_id) {
  return absl::NotFoundError(absl::StrCat("network ", network_id));
}

absl::Status GeneratedDirectory::CheckQualificationTypeExists(
    const std::string& qualification_type_id) {
  if (qualification_types_.contains(qualification_type_id)) return absl::OkStatus();
  return absl::NotFoundError(absl::StrCat("qualification type ", qualification_type_id));
}

absl::StatusOr<std::map<std::string, bool>> GeneratedDirectory::CheckQualifications(
    const auth::Caller&, const std::string&, const std::vector<std::string>& type_ids,
    absl::CivilDay, absl::CivilDay) {
  std::map<std::string, bool> held;
  for (const std::string& id : type_ids) held[id] = false;
  return held;
}

std::vector<OrganizationSummary> GenerateOwners(int count, uint64_t seed) {
  Random random(seed);
  std::vector<OrganizationSummary> owners;
  for (int i = 0; i < count; ++i) {
    const Town& town = kTowns[random.Int(0, kTownCount - 1)];
    OrganizationSummary owner;
    owner.id = absl::StrFormat("org_bench%04d", i);
    owner.kind = random.Weighted(kKindWeights);
    owner.name = absl::StrReplaceAll(
        random.Pick(OwnerNamePatterns()[static_cast<size_t>(owner.kind)]), {{"%s", town.name}});
    owner.country = town.country;
    owner.location =
        LatLng{town.latitude + random.Real(-0.01, 0.01), town.longitude + random.Real(-0.01, 0.01)};
    owners.push_back(std::move(owner));
  }
  return owners;
}

absl::StatusOr<LoadStats> LoadCatalogue(const CatalogueDatasetOptions& options,
                                        const std::vector<OrganizationSummary>& owners,
                                        catalogue::Catalogue& catalogue,
                                        catalogue::CatalogueStore& store, Clock& clock) {
  const auto start = std::chrono::steady_clock::now();
  Random random(options.seed ^ 0x9e3779b97f4a7c15ULL);
  auth::Caller admin;
  admin.person_id = "per_bench_loader";
  admin.platform_admin = true;
  LoadStats stats;
  stats.owners = static_cast<int>(owners.size());

  // Sites through the core: they are few, and this validates them (zones, hours) and copies
  // the owners into the catalogue the way a real client's first request does.
  std::vector<std::vector<Site>> sites_by_owner;
  for (const OrganizationSummary& owner : owners) {
    std::vector<Site> sites;
    for (Site& site : SitesOf(owner, random)) {
      LP_ASSIGN_OR_RETURN(Site created, catalogue.CreateSite(admin, std::move(site)));
      sites.push_back(std::move(created));
    }
    stats.sites += static_cast<int>(sites.size());
    sites_by_owner.push_back(std::move(sites));
  }

  // Big owners list much, most list little: owner i gets weight ~ 1 / (1 + i / 20).
  std::vector<double> cumulative;
  double total = 0;
  for (size_t i = 0; i < owners.size(); ++i) {
    total += 1.0 / (1.0 + static_cast<double>(i) / 20.0);
    cumulative.push_back(total);
  }
  auto pick_owner = [&]() {
    const double draw = random.Real(0, total);
    return static_cast<size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), draw) -
                               cumulative.begin());
  };

  const absl::Time now = clock.Now();
  std::vector<GeneratedListing> batch;
  auto flush = [&]() -> absl::Status {
    LP_RETURN_IF_ERROR(store.Transact([&](catalogue::CatalogueTransaction& tx) -> absl::Status {
      for (const GeneratedListing& generated : batch) {
        LP_RETURN_IF_ERROR(tx.InsertListing(generated.listing));
        LP_RETURN_IF_ERROR(tx.InsertSharingTerms(generated.terms));
      }
      return absl::OkStatus();
    }));
    batch.clear();
    return absl::OkStatus();
  };
  for (int i = 0; i < options.listings; ++i) {
    const size_t owner_index = std::min(pick_owner(), owners.size() - 1);
    const OrganizationSummary& owner = owners[owner_index];
    const Site& site = random.Pick(sites_by_owner[owner_index]);
    // The core-created listings cover every category, mobile setups included.
    const Category forced = i < options.core_listings
                                ? static_cast<Category>(i % catalogue::kMaxCategory + 1)
                                : Category::kUnspecified;
    GeneratedListing generated = MakeListing(owner, site, random, forced);
    if (generated.listing.mobile) ++stats.mobile_listings;
    if (i < options.core_listings) {
      LP_ASSIGN_OR_RETURN(const Listing created,
                          catalogue.CreateListing(admin, std::move(generated.listing)));
      LP_RETURN_IF_ERROR(
          catalogue.UpdateSharingTerms(admin, created.id, std::move(generated.terms)).status());
      LP_RETURN_IF_ERROR(catalogue.PublishListing(admin, created.id).status());
      continue;
    }
    Listing& listing = generated.listing;
    listing.id = absl::StrFormat("lst_bench%07d", i);
    listing.status = ListingStatus::kPublished;
    listing.terms_version = 1;
    // Listed over the last two years.
    listing.create_time = now - absl::Minutes(random.Int(60, 2 * 365 * 24 * 60));
    listing.update_time = listing.create_time;
    SharingTerms& terms = generated.terms;
    terms.listing_id = listing.id;
    terms.version = 1;
    terms.create_time = listing.create_time;
    terms.created_by_person_id = admin.person_id;
    batch.push_back(std::move(generated));
    if (static_cast<int>(batch.size()) >= options.batch_size) LP_RETURN_IF_ERROR(flush());
  }
  if (!batch.empty()) LP_RETURN_IF_ERROR(flush());
  stats.listings = options.listings;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

}  // namespace leerpool::bench
