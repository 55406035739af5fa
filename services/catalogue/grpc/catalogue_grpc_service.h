#ifndef LEERPOOL_SERVICES_CATALOGUE_GRPC_CATALOGUE_GRPC_SERVICE_H_
#define LEERPOOL_SERVICES_CATALOGUE_GRPC_CATALOGUE_GRPC_SERVICE_H_

#include <functional>

#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "services/catalogue/core/catalogue.h"
#include "services/common/auth/authenticator.h"

namespace leerpool::catalogue {

// Maps leerpool.catalogue.v1 messages to the core and back; no rules live here. Every call is
// authenticated (a bad token is refused even on public RPCs) and runs inside an
// IncomingCallScope, so registry calls made for it carry the caller's credentials.
class CatalogueGrpcService final : public v1::CatalogueService::Service {
 public:
  CatalogueGrpcService(Catalogue& catalogue, auth::Authenticator& authenticator)
      : catalogue_(catalogue), authenticator_(authenticator) {}

  grpc::Status ListVocabulary(grpc::ServerContext* context,
                              const v1::ListVocabularyRequest* request,
                              v1::ListVocabularyResponse* response) override;
  grpc::Status CreateVocabularyTerm(grpc::ServerContext* context,
                                    const v1::CreateVocabularyTermRequest* request,
                                    v1::VocabularyTerm* response) override;

  grpc::Status CreateSite(grpc::ServerContext* context, const v1::CreateSiteRequest* request,
                          v1::Site* response) override;
  grpc::Status GetSite(grpc::ServerContext* context, const v1::GetSiteRequest* request,
                       v1::Site* response) override;
  grpc::Status ListSites(grpc::ServerContext* context, const v1::ListSitesRequest* request,
                         v1::ListSitesResponse* response) override;
  grpc::Status UpdateSite(grpc::ServerContext* context, const v1::UpdateSiteRequest* request,
                          v1::Site* response) override;
  grpc::Status AddClosure(grpc::ServerContext* context, const v1::AddClosureRequest* request,
                          v1::Closure* response) override;
  grpc::Status ListClosures(grpc::ServerContext* context, const v1::ListClosuresRequest* request,
                            v1::ListClosuresResponse* response) override;
  grpc::Status RemoveClosure(grpc::ServerContext* context, const v1::RemoveClosureRequest* request,
                             google::protobuf::Empty* response) override;

  grpc::Status CreateListing(grpc::ServerContext* context, const v1::CreateListingRequest* request,
                             v1::Listing* response) override;
  grpc::Status BatchGetListings(grpc::ServerContext* context,
                                const v1::BatchGetListingsRequest* request,
                                v1::BatchGetListingsResponse* response) override;
  grpc::Status GetListing(grpc::ServerContext* context, const v1::GetListingRequest* request,
                          v1::Listing* response) override;
  grpc::Status ListListings(grpc::ServerContext* context, const v1::ListListingsRequest* request,
                            v1::ListListingsResponse* response) override;
  grpc::Status UpdateListing(grpc::ServerContext* context, const v1::UpdateListingRequest* request,
                             v1::Listing* response) override;
  grpc::Status PublishListing(grpc::ServerContext* context,
                              const v1::PublishListingRequest* request,
                              v1::Listing* response) override;
  grpc::Status RetireListing(grpc::ServerContext* context, const v1::RetireListingRequest* request,
                             v1::Listing* response) override;
  grpc::Status ImportListings(grpc::ServerContext* context,
                              const v1::ImportListingsRequest* request,
                              v1::ImportListingsResponse* response) override;

  grpc::Status UpdateSharingTerms(grpc::ServerContext* context,
                                  const v1::UpdateSharingTermsRequest* request,
                                  v1::SharingTerms* response) override;
  grpc::Status GetSharingTerms(grpc::ServerContext* context,
                               const v1::GetSharingTermsRequest* request,
                               v1::SharingTerms* response) override;

  grpc::Status SearchListings(grpc::ServerContext* context,
                              const v1::SearchListingsRequest* request,
                              v1::SearchListingsResponse* response) override;
  grpc::Status CheckEligibility(grpc::ServerContext* context,
                                const v1::CheckEligibilityRequest* request,
                                v1::Eligibility* response) override;

 private:
  // Authenticates the call, then runs `work` with the caller inside an IncomingCallScope.
  grpc::Status Serve(grpc::ServerContext* context,
                     const std::function<absl::Status(const auth::Caller&)>& work);

  Catalogue& catalogue_;
  auth::Authenticator& authenticator_;
};

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_GRPC_CATALOGUE_GRPC_SERVICE_H_
