#include "services/catalogue/core/model.h"

#include <array>

#include "absl/strings/ascii.h"

namespace leerpool::catalogue {
namespace {

struct CategoryNames {
  Category category;
  std::string_view short_name;
  std::string_view enum_name;
  std::string_view label_nl;
  std::string_view label_en;
};

constexpr std::array<CategoryNames, 6> kCategories = {{
    {Category::kFixedInstallation, "fixed_installation", "CATEGORY_FIXED_INSTALLATION",
     "Vaste installatie", "Fixed installation"},
    {Category::kMobileSetup, "mobile_setup", "CATEGORY_MOBILE_SETUP", "Mobiele opstelling",
     "Mobile setup"},
    {Category::kVrArSet, "vr_ar_set", "CATEGORY_VR_AR_SET", "VR/AR-set", "VR/AR set"},
    {Category::kSimulator, "simulator", "CATEGORY_SIMULATOR", "Simulator", "Simulator"},
    {Category::kSimulationSpace, "simulation_space", "CATEGORY_SIMULATION_SPACE", "Simulatieruimte",
     "Simulation space"},
    {Category::kELearning, "e_learning", "CATEGORY_E_LEARNING", "E-learning", "E-learning"},
}};

struct AudienceNames {
  Audience audience;
  std::string_view short_name;
  std::string_view enum_name;
};

constexpr std::array<AudienceNames, 5> kAudiences = {{
    {Audience::kPupils, "pupils", "AUDIENCE_PUPILS"},
    {Audience::kTeachers, "teachers", "AUDIENCE_TEACHERS"},
    {Audience::kUpskillingWorkers, "upskilling_workers", "AUDIENCE_UPSKILLING_WORKERS"},
    {Audience::kJobSeekersAndSideEntrants, "job_seekers_and_side_entrants",
     "AUDIENCE_JOB_SEEKERS_AND_SIDE_ENTRANTS"},
    {Audience::kTeensOrientation, "teens_orientation", "AUDIENCE_TEENS_ORIENTATION"},
}};

const CategoryNames* FindCategory(Category category) {
  for (const CategoryNames& names : kCategories) {
    if (names.category == category) return &names;
  }
  return nullptr;
}

const AudienceNames* FindAudience(Audience audience) {
  for (const AudienceNames& names : kAudiences) {
    if (names.audience == audience) return &names;
  }
  return nullptr;
}

}  // namespace

std::string_view CategoryShortName(Category category) {
  const CategoryNames* names = FindCategory(category);
  return names ? names->short_name : "unspecified";
}

std::string_view CategoryEnumName(Category category) {
  const CategoryNames* names = FindCategory(category);
  return names ? names->enum_name : "CATEGORY_UNSPECIFIED";
}

std::string_view CategoryLabelNl(Category category) {
  const CategoryNames* names = FindCategory(category);
  return names ? names->label_nl : "";
}

std::string_view CategoryLabelEn(Category category) {
  const CategoryNames* names = FindCategory(category);
  return names ? names->label_en : "";
}

std::string_view AudienceShortName(Audience audience) {
  const AudienceNames* names = FindAudience(audience);
  return names ? names->short_name : "unspecified";
}

std::string_view AudienceEnumName(Audience audience) {
  const AudienceNames* names = FindAudience(audience);
  return names ? names->enum_name : "AUDIENCE_UNSPECIFIED";
}

std::optional<Category> ParseCategory(std::string_view text) {
  std::string lower = absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
  if (lower == "e-learning" || lower == "elearning") return Category::kELearning;
  for (const CategoryNames& names : kCategories) {
    if (lower == names.short_name ||
        lower == absl::AsciiStrToLower(
                     absl::string_view(names.enum_name.data(), names.enum_name.size()))) {
      return names.category;
    }
  }
  return std::nullopt;
}

std::optional<Audience> ParseAudience(std::string_view text) {
  std::string lower = absl::AsciiStrToLower(absl::string_view(text.data(), text.size()));
  for (const AudienceNames& names : kAudiences) {
    if (lower == names.short_name ||
        lower == absl::AsciiStrToLower(
                     absl::string_view(names.enum_name.data(), names.enum_name.size()))) {
      return names.audience;
    }
  }
  return std::nullopt;
}

}  // namespace leerpool::catalogue
