// leerpool-registry: the partner registry process.

#include <memory>
#include <mutex>

#include "services/common/clock.h"
#include "services/common/service_main.h"
#include "services/common/status_macros.h"
#include "services/registry/core/registry.h"
#include "services/registry/grpc/registry_grpc_service.h"
#include "services/registry/sqlite/sqlite_organization_repository.h"

namespace leerpool::registry {
namespace {

// Members are destroyed in reverse order: the gRPC service first, the database last.
struct RegistryInstance : ServiceInstance {
  std::unique_ptr<storage::Database> db;
  std::mutex db_mutex;
  SystemClock clock;
  std::unique_ptr<SqliteOrganizationRepository> organizations;
  std::unique_ptr<Registry> registry;
  std::unique_ptr<RegistryGrpcService> service;

  std::vector<grpc::Service*> GrpcServices() override { return {service.get()}; }
};

absl::StatusOr<std::unique_ptr<ServiceInstance>> Build(const ServiceFlags& flags) {
  auto instance = std::make_unique<RegistryInstance>();
  LP_ASSIGN_OR_RETURN(storage::Options options, flags.StorageOptions());
  LP_ASSIGN_OR_RETURN(instance->db, OpenRegistryDatabase(options));
  instance->organizations =
      std::make_unique<SqliteOrganizationRepository>(*instance->db, instance->db_mutex);
  instance->registry = std::make_unique<Registry>(*instance->organizations, instance->clock);
  instance->service = std::make_unique<RegistryGrpcService>(*instance->registry);
  return instance;
}

}  // namespace
}  // namespace leerpool::registry

int main(int argc, char** argv) {
  return leerpool::RunServiceMain(
      argc, argv,
      {.name = "registry",
       .description = "Leerpool partner registry: organisations, people, roles, qualifications",
       .default_listen = "127.0.0.1:50051",
       .build = leerpool::registry::Build});
}
