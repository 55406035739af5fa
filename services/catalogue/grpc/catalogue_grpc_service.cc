#include "services/catalogue/grpc/catalogue_grpc_service.h"

#include "services/common/grpc_status.h"

namespace leerpool::catalogue {

grpc::Status CatalogueGrpcService::ListVocabulary(grpc::ServerContext*,
                                                  const v1::ListVocabularyRequest* request,
                                                  v1::ListVocabularyResponse* response) {
  absl::StatusOr<std::vector<VocabularyTerm>> terms =
      catalogue_.ListVocabulary(static_cast<VocabularyKind>(request->kind()));
  if (!terms.ok()) return ToGrpcStatus(terms.status());
  for (const VocabularyTerm& term : *terms) {
    v1::VocabularyTerm* out = response->add_terms();
    out->set_code(term.code);
    out->set_kind(static_cast<v1::VocabularyKind>(term.kind));
    out->set_label_nl(term.label_nl);
    out->set_label_en(term.label_en);
  }
  return grpc::Status::OK;
}

}  // namespace leerpool::catalogue
