#ifndef LEERPOOL_TESTS_SERVICES_CATALOGUE_FAKE_REGISTRY_H_
#define LEERPOOL_TESTS_SERVICES_CATALOGUE_FAKE_REGISTRY_H_

// A small stand-in for the partner registry on a real gRPC server (port 0): the lookups the
// catalogue makes, answered from maps the test fills, with call counts and the credentials
// each call carried.

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "leerpool/registry/v1/registry.grpc.pb.h"
#include "services/common/server.h"

namespace leerpool::catalogue::testing {

class FakeRegistry final : public registry::v1::RegistryService::Service {
 public:
  FakeRegistry();
  ~FakeRegistry() override;

  // Starts serving on a free port; `address()` is then the target to dial.
  void Start();
  void Stop();
  std::string address() const { return server_->address(); }

  void AddOrganization(const std::string& id, const std::string& name, int kind,
                       const std::string& country, double latitude, double longitude);
  void AddNetwork(const std::string& id, const std::vector<std::string>& members);
  void AddQualificationType(const std::string& id);
  void Grant(const std::string& person_id, const std::string& qualification_type_id);
  void Rename(const std::string& id, const std::string& name);

  int calls(const std::string& method);
  // The Authorization header of the last CheckQualifications call ("" when none).
  std::string last_check_authorization();

  grpc::Status GetOrganization(grpc::ServerContext* context,
                               const registry::v1::GetOrganizationRequest* request,
                               registry::v1::Organization* response) override;
  grpc::Status ListNetworks(grpc::ServerContext* context,
                            const registry::v1::ListNetworksRequest* request,
                            registry::v1::ListNetworksResponse* response) override;
  grpc::Status GetNetwork(grpc::ServerContext* context,
                          const registry::v1::GetNetworkRequest* request,
                          registry::v1::Network* response) override;
  grpc::Status GetQualificationType(grpc::ServerContext* context,
                                    const registry::v1::GetQualificationTypeRequest* request,
                                    registry::v1::QualificationType* response) override;
  grpc::Status CheckQualifications(grpc::ServerContext* context,
                                   const registry::v1::CheckQualificationsRequest* request,
                                   registry::v1::CheckQualificationsResponse* response) override;

 private:
  void Count(const std::string& method);

  std::mutex mutex_;
  std::map<std::string, registry::v1::Organization> organizations_;
  std::map<std::string, std::vector<std::string>> network_members_;
  std::set<std::string> qualification_types_;
  std::map<std::string, std::set<std::string>> held_;
  std::map<std::string, int> calls_;
  std::string last_check_authorization_;
  std::unique_ptr<GrpcServer> server_;
};

}  // namespace leerpool::catalogue::testing

#endif  // LEERPOOL_TESTS_SERVICES_CATALOGUE_FAKE_REGISTRY_H_
