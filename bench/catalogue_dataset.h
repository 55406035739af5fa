#ifndef LEERPOOL_BENCH_CATALOGUE_DATASET_H_
#define LEERPOOL_BENCH_CATALOGUE_DATASET_H_

// A generated, realistic catalogue for benchmarks: owner organisations of every kind in the
// Dutch-Flemish border region, their sites, and published listings with sharing terms, in
// Dutch and English, tagged from the seeded vocabulary. The same options always give the same
// data (ids included, except the few listings created through the core API).

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/core/catalogue_store.h"
#include "services/catalogue/core/partner_directory.h"
#include "services/common/clock.h"

namespace leerpool::bench {

struct CatalogueDatasetOptions {
  int listings = 2000;
  int owners = 200;
  uint64_t seed = 20260301;
  // The first listings are created, given terms and published through the Catalogue's own API
  // (validated like any client's, one transaction each), so a generator that drifts from the
  // core's rules fails loudly; the rest go through the store in batches, one transaction each.
  int core_listings = 12;
  int batch_size = 1000;
};

struct LoadStats {
  int owners = 0;
  int sites = 0;
  int listings = 0;
  int mobile_listings = 0;
  double seconds = 0;
};

// The registry as the catalogue sees it, answered from the generated owners (no gRPC): the
// owners exist, no networks do, and two qualification types exist that nobody holds.
class GeneratedDirectory : public catalogue::PartnerDirectory {
 public:
  explicit GeneratedDirectory(const std::vector<catalogue::OrganizationSummary>& owners);

  absl::StatusOr<catalogue::OrganizationSummary> GetOrganization(const std::string& id) override;
  absl::StatusOr<std::vector<std::string>> NetworksOf(const std::string& organization_id) override;
  absl::Status CheckNetworkExists(const std::string& network_id) override;
  absl::Status CheckQualificationTypeExists(const std::string& qualification_type_id) override;
  absl::StatusOr<std::map<std::string, bool>> CheckQualifications(
      const auth::Caller& caller, const std::string& person_id,
      const std::vector<std::string>& type_ids, absl::CivilDay first, absl::CivilDay last) override;

 private:
  std::map<std::string, catalogue::OrganizationSummary> owners_;
  std::set<std::string> qualification_types_;
};

// `count` owner organisations: mixed kinds, NL and BE, each in a town of the region.
std::vector<catalogue::OrganizationSummary> GenerateOwners(int count, uint64_t seed);

// Creates every owner's sites (through the core API), then `options.listings` published
// listings as described above. `directory` must know `owners`.
absl::StatusOr<LoadStats> LoadCatalogue(const CatalogueDatasetOptions& options,
                                        const std::vector<catalogue::OrganizationSummary>& owners,
                                        catalogue::Catalogue& catalogue,
                                        catalogue::CatalogueStore& store, Clock& clock);

}  // namespace leerpool::bench

#endif  // LEERPOOL_BENCH_CATALOGUE_DATASET_H_
