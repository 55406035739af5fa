// leerpool-catalogue: the equipment catalogue process.

#include <memory>
#include <mutex>

#include "services/catalogue/core/vocabulary.h"
#include "services/catalogue/grpc/catalogue_grpc_service.h"
#include "services/catalogue/sqlite/sqlite_vocabulary_repository.h"
#include "services/common/service_main.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

// Members are destroyed in reverse order: the gRPC service first, the database last.
struct CatalogueInstance : ServiceInstance {
  std::unique_ptr<storage::Database> db;
  std::mutex db_mutex;
  std::unique_ptr<SqliteVocabularyRepository> vocabulary;
  std::unique_ptr<Catalogue> catalogue;
  std::unique_ptr<CatalogueGrpcService> service;

  std::vector<grpc::Service*> GrpcServices() override { return {service.get()}; }
};

absl::StatusOr<std::unique_ptr<ServiceInstance>> Build(const ServiceFlags& flags) {
  auto instance = std::make_unique<CatalogueInstance>();
  LP_ASSIGN_OR_RETURN(storage::Options options, flags.StorageOptions());
  LP_ASSIGN_OR_RETURN(instance->db, OpenCatalogueDatabase(options));
  instance->vocabulary =
      std::make_unique<SqliteVocabularyRepository>(*instance->db, instance->db_mutex);
  instance->catalogue = std::make_unique<Catalogue>(*instance->vocabulary);
  instance->service = std::make_unique<CatalogueGrpcService>(*instance->catalogue);
  return instance;
}

}  // namespace
}  // namespace leerpool::catalogue

int main(int argc, char** argv) {
  return leerpool::RunServiceMain(
      argc, argv,
      {.name = "catalogue",
       .description = "Leerpool equipment catalogue: listings, sharing terms, search",
       .default_listen = "127.0.0.1:50052",
       .build = leerpool::catalogue::Build});
}
