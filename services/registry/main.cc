// leerpool-registry: the partner registry process.

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/common/auth/authenticator.h"
#include "services/common/auth/secrets.h"
#include "services/common/clock.h"
#include "services/common/log.h"
#include "services/common/service_main.h"
#include "services/common/status_macros.h"
#include "services/registry/core/registry.h"
#include "services/registry/core/registry_auth_source.h"
#include "services/registry/grpc/registry_grpc_service.h"
#include "services/registry/postgres/pg_registry_store.h"
#include "services/registry/sqlite/sqlite_registry_store.h"
#include "storage/postgres.h"

namespace leerpool::registry {
namespace {

// The password comes from the environment only, never a flag, so it does not show in `ps`.
constexpr char kBootstrapPasswordVariable[] = "LEERPOOL_BOOTSTRAP_ADMIN_PASSWORD";

struct RegistryFlags {
  std::string password_cost = "interactive";
  int access_token_ttl_seconds = 900;
  std::string bootstrap_admin_email;
};

void AddRegistryFlags(CLI::App& app, RegistryFlags& flags) {
  app.add_option("--password-cost", flags.password_cost,
                 "Argon2id cost for new password hashes: minimum (tests only), interactive, "
                 "moderate")
      ->envname("LEERPOOL_REGISTRY_PASSWORD_COST")
      ->check(CLI::IsMember({"minimum", "interactive", "moderate"}))
      ->capture_default_str();
  app.add_option("--access-token-ttl-seconds", flags.access_token_ttl_seconds,
                 "Lifetime of access tokens")
      ->envname("LEERPOOL_REGISTRY_ACCESS_TOKEN_TTL_SECONDS")
      ->check(CLI::Range(1, 24 * 3600))
      ->capture_default_str();
  app.add_option("--bootstrap-admin-email", flags.bootstrap_admin_email,
                 absl::StrCat("Create this platform admin at start-up unless the account exists; "
                              "the password is read from $",
                              kBootstrapPasswordVariable))
      ->envname("LEERPOOL_REGISTRY_BOOTSTRAP_ADMIN_EMAIL");
}

auth::PasswordCost ParsePasswordCost(const std::string& name) {
  static const std::map<std::string, auth::PasswordCost> costs = {
      {"minimum", auth::PasswordCost::kMinimum},
      {"interactive", auth::PasswordCost::kInteractive},
      {"moderate", auth::PasswordCost::kModerate}};
  return costs.at(name);  // CLI11 has already checked the name.
}

// Members are destroyed in reverse order: the gRPC service first, then the authenticator (and
// its poller thread, which reads through the registry), the registry, the store, the database
// (SQLite) or the connection pool (PostgreSQL).
struct RegistryInstance : ServiceInstance {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::pg::Pool> pool;
  SystemClock clock;
  std::unique_ptr<RegistryStore> store;
  std::unique_ptr<Registry> registry;
  std::unique_ptr<RegistryAuthSource> auth_source;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<RegistryGrpcService> service;

  std::vector<grpc::Service*> GrpcServices() override { return {service.get()}; }
};

absl::StatusOr<std::unique_ptr<ServiceInstance>> Build(const ServiceFlags& flags,
                                                       const RegistryFlags& registry_flags) {
  LP_RETURN_IF_ERROR(auth::InitializeCrypto());
  auto instance = std::make_unique<RegistryInstance>();
  if (storage::pg::IsPostgresUrl(flags.db_path)) {
    // Enough connections for the gRPC threads' units of work to run side by side.
    storage::pg::Options options{.url = flags.db_path, .connections = 8};
    LP_ASSIGN_OR_RETURN(instance->pool, OpenRegistryPostgres(options));
    instance->store = std::make_unique<PgRegistryStore>(*instance->pool);
  } else {
    LP_ASSIGN_OR_RETURN(storage::Options options, flags.StorageOptions());
    LP_ASSIGN_OR_RETURN(instance->db, OpenRegistryDatabase(options));
    instance->store = std::make_unique<SqliteRegistryStore>(*instance->db);
  }
  RegistryOptions registry_options;
  registry_options.password_cost = ParsePasswordCost(registry_flags.password_cost);
  registry_options.access_token_ttl = absl::Seconds(registry_flags.access_token_ttl_seconds);
  LP_ASSIGN_OR_RETURN(instance->registry,
                      Registry::Create(*instance->store, instance->clock, registry_options));

  if (!registry_flags.bootstrap_admin_email.empty()) {
    const char* password = std::getenv(kBootstrapPasswordVariable);
    absl::Status bootstrapped = instance->registry->BootstrapPlatformAdmin(
        registry_flags.bootstrap_admin_email, password == nullptr ? "" : password);
    if (!bootstrapped.ok()) {
      return absl::Status(
          bootstrapped.code(),
          absl::StrCat(
              "bootstrap admin: ", bootstrapped.message(),
              password == nullptr ? absl::StrCat(" (set ", kBootstrapPasswordVariable, ")") : ""));
    }
  }

  instance->auth_source = std::make_unique<RegistryAuthSource>(*instance->registry);
  // The keys are local, so there is nothing to wait for at start-up.
  auth::AuthenticatorOptions auth_options;
  auth_options.startup_timeout = absl::Seconds(5);
  LP_ASSIGN_OR_RETURN(
      instance->authenticator,
      auth::Authenticator::Create(*instance->auth_source, instance->clock, auth_options));
  instance->service =
      std::make_unique<RegistryGrpcService>(*instance->registry, *instance->authenticator);
  return instance;
}

}  // namespace
}  // namespace leerpool::registry

int main(int argc, char** argv) {
  leerpool::registry::RegistryFlags registry_flags;
  return leerpool::RunServiceMain(
      argc, argv,
      {.name = "registry",
       .description = "Leerpool partner registry: organisations, networks, people, roles, "
                      "qualifications and sign-in",
       .default_listen = "127.0.0.1:50051",
       .build =
           [&registry_flags](const leerpool::ServiceFlags& flags) {
             return leerpool::registry::Build(flags, registry_flags);
           },
       .add_flags =
           [&registry_flags](CLI::App& app) {
             leerpool::registry::AddRegistryFlags(app, registry_flags);
           }});
}
