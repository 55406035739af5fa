// leerpool-catalogue: the equipment catalogue process.

#include <memory>

#include "services/catalogue/core/catalogue.h"
#include "services/catalogue/grpc/catalogue_grpc_service.h"
#include "services/catalogue/grpc/registry_partner_directory.h"
#include "services/catalogue/sqlite/sqlite_catalogue_store.h"
#include "services/common/clock.h"
#include "services/common/registry_auth.h"
#include "services/common/service_main.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

// Members are destroyed in reverse order: the gRPC service first, the database last.
struct CatalogueInstance : ServiceInstance {
  SystemClock clock;
  std::unique_ptr<RegistryConnection> registry;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<SqliteCatalogueStore> store;
  std::unique_ptr<RegistryPartnerDirectory> directory;
  std::unique_ptr<Catalogue> catalogue;
  std::unique_ptr<CatalogueGrpcService> service;

  std::vector<grpc::Service*> GrpcServices() override { return {service.get()}; }
};

absl::StatusOr<std::unique_ptr<ServiceInstance>> Build(const ServiceFlags& flags,
                                                       const std::string& registry) {
  auto instance = std::make_unique<CatalogueInstance>();
  LP_ASSIGN_OR_RETURN(storage::Options options, flags.StorageOptions());
  LP_ASSIGN_OR_RETURN(instance->registry, ConnectToRegistry(registry, instance->clock));
  LP_ASSIGN_OR_RETURN(instance->db, OpenCatalogueDatabase(options));
  instance->store = std::make_unique<SqliteCatalogueStore>(*instance->db);
  // The channel that authenticates callers also answers the catalogue's registry questions.
  instance->directory =
      std::make_unique<RegistryPartnerDirectory>(instance->registry->channel, instance->clock);
  instance->catalogue =
      std::make_unique<Catalogue>(*instance->store, *instance->directory, instance->clock);
  instance->service = std::make_unique<CatalogueGrpcService>(*instance->catalogue,
                                                             *instance->registry->authenticator);
  return instance;
}

}  // namespace
}  // namespace leerpool::catalogue

int main(int argc, char** argv) {
  std::string registry;
  return leerpool::RunServiceMain(
      argc, argv,
      {.name = "catalogue",
       .description = "Leerpool equipment catalogue: listings, sharing terms, search",
       .default_listen = "127.0.0.1:50052",
       .build =
           [&registry](const leerpool::ServiceFlags& flags) {
             return leerpool::catalogue::Build(flags, registry);
           },
       .add_flags = [&registry](CLI::App& app) { leerpool::AddRegistryFlag(app, registry); }});
}
