#ifndef LEERPOOL_SERVICES_CATALOGUE_GRPC_CATALOGUE_GRPC_SERVICE_H_
#define LEERPOOL_SERVICES_CATALOGUE_GRPC_CATALOGUE_GRPC_SERVICE_H_

#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "services/catalogue/core/vocabulary.h"

namespace leerpool::catalogue {

// Maps leerpool.catalogue.v1 messages to the core and back; no rules live here.
class CatalogueGrpcService final : public v1::CatalogueService::Service {
 public:
  explicit CatalogueGrpcService(Catalogue& catalogue) : catalogue_(catalogue) {}

  grpc::Status ListVocabulary(grpc::ServerContext* context, const v1::ListVocabularyRequest* request,
                              v1::ListVocabularyResponse* response) override;

 private:
  Catalogue& catalogue_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_GRPC_CATALOGUE_GRPC_SERVICE_H_
