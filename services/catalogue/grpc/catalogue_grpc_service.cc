#include "services/catalogue/grpc/catalogue_grpc_service.h"

#include <string>
#include <vector>

#include "services/catalogue/grpc/registry_partner_directory.h"
#include "services/common/auth/grpc_auth.h"
#include "services/common/grpc_status.h"
#include "services/common/proto_time.h"
#include "services/common/status_macros.h"

namespace leerpool::catalogue {
namespace {

namespace tv1 = ::leerpool::type::v1;

std::vector<std::string> Strings(const google::protobuf::RepeatedPtrField<std::string>& values) {
  return {values.begin(), values.end()};
}

std::vector<std::string> MaskPaths(const google::protobuf::FieldMask& mask) {
  return Strings(mask.paths());
}

LatLng FromProto(const tv1::LatLng& point) { return {point.latitude(), point.longitude()}; }

void ToProto(const LatLng& point, tv1::LatLng* out) {
  out->set_latitude(point.latitude);
  out->set_longitude(point.longitude);
}

// ---- Sites and closures

Site FromProto(const v1::Site& proto) {
  Site site;
  site.id = proto.id();
  site.owner_organization_id = proto.owner_organization_id();
  site.name = proto.name();
  site.address = {proto.address().street(), proto.address().postal_code(),
                  proto.address().locality(), proto.address().country()};
  if (proto.has_location()) site.location = FromProto(proto.location());
  site.time_zone = proto.time_zone();
  for (const v1::OpeningPeriod& period : proto.opening_hours()) {
    site.opening_hours.push_back({static_cast<int>(period.weekday()),
                                  {period.open().hours(), period.open().minutes()},
                                  {period.close().hours(), period.close().minutes()}});
  }
  return site;
}

void ToProto(const Site& site, v1::Site* proto) {
  proto->set_id(site.id);
  proto->set_owner_organization_id(site.owner_organization_id);
  proto->set_name(site.name);
  tv1::PostalAddress* address = proto->mutable_address();
  address->set_street(site.address.street);
  address->set_postal_code(site.address.postal_code);
  address->set_locality(site.address.locality);
  address->set_country(site.address.country);
  if (site.location) ToProto(*site.location, proto->mutable_location());
  proto->set_time_zone(site.time_zone);
  for (const OpeningPeriod& period : site.opening_hours) {
    v1::OpeningPeriod* out = proto->add_opening_hours();
    out->set_weekday(static_cast<tv1::Weekday>(period.weekday));
    out->mutable_open()->set_hours(period.open.hours);
    out->mutable_open()->set_minutes(period.open.minutes);
    out->mutable_close()->set_hours(period.close.hours);
    out->mutable_close()->set_minutes(period.close.minutes);
  }
  *proto->mutable_create_time() = ToTimestamp(site.create_time);
  *proto->mutable_update_time() = ToTimestamp(site.update_time);
}

Closure FromProto(const v1::Closure& proto) {
  Closure closure;
  closure.id = proto.id();
  closure.site_id = proto.site_id();
  closure.listing_id = proto.listing_id();
  if (proto.has_start_time()) closure.start_time = FromTimestamp(proto.start_time());
  if (proto.has_end_time()) closure.end_time = FromTimestamp(proto.end_time());
  closure.reason = proto.reason();
  return closure;
}

void ToProto(const Closure& closure, v1::Closure* proto) {
  proto->set_id(closure.id);
  proto->set_site_id(closure.site_id);
  proto->set_listing_id(closure.listing_id);
  *proto->mutable_start_time() = ToTimestamp(closure.start_time);
  *proto->mutable_end_time() = ToTimestamp(closure.end_time);
  proto->set_reason(closure.reason);
}

// ---- Listings

Listing FromProto(const v1::Listing& proto) {
  Listing listing;
  listing.id = proto.id();
  listing.owner_organization_id = proto.owner_organization_id();
  listing.title_nl = proto.title_nl();
  listing.title_en = proto.title_en();
  listing.description_nl = proto.description_nl();
  listing.description_en = proto.description_en();
  listing.category = static_cast<Category>(proto.category());
  listing.technologies = Strings(proto.technologies());
  listing.sectors = Strings(proto.sectors());
  listing.competences = Strings(proto.competences());
  listing.unit_count = proto.unit_count();
  listing.capacity_per_unit = proto.capacity_per_unit();
  for (int audience : proto.audiences())
    listing.audiences.push_back(static_cast<Audience>(audience));
  listing.languages = Strings(proto.languages());
  for (const v1::MediaLink& link : proto.media()) {
    listing.media.push_back({link.url(), link.kind(), link.caption()});
  }
  listing.status = static_cast<ListingStatus>(proto.status());
  listing.site_id = proto.site_id();
  if (proto.has_mobile()) {
    listing.mobile =
        MobileSetup{proto.mobile().service_radius_km(), proto.mobile().setup_minutes(),
                    proto.mobile().teardown_minutes(), proto.mobile().travel_speed_kmh()};
  }
  return listing;
}

void ToProto(const Listing& listing, v1::Listing* proto) {
  proto->set_id(listing.id);
  proto->set_owner_organization_id(listing.owner_organization_id);
  proto->set_title_nl(listing.title_nl);
  proto->set_title_en(listing.title_en);
  proto->set_description_nl(listing.description_nl);
  proto->set_description_en(listing.description_en);
  proto->set_category(static_cast<v1::Category>(listing.category));
  for (const std::string& code : listing.technologies) proto->add_technologies(code);
  for (const std::string& code : listing.sectors) proto->add_sectors(code);
  for (const std::string& code : listing.competences) proto->add_competences(code);
  proto->set_unit_count(listing.unit_count);
  proto->set_capacity_per_unit(listing.capacity_per_unit);
  for (Audience audience : listing.audiences) {
    proto->add_audiences(static_cast<v1::Audience>(audience));
  }
  for (const std::string& language : listing.languages) proto->add_languages(language);
  for (const MediaLink& link : listing.media) {
    v1::MediaLink* out = proto->add_media();
    out->set_url(link.url);
    out->set_kind(link.kind);
    out->set_caption(link.caption);
  }
  proto->set_status(static_cast<v1::ListingStatus>(listing.status));
  proto->set_site_id(listing.site_id);
  if (listing.mobile) {
    v1::MobileSetup* mobile = proto->mutable_mobile();
    mobile->set_service_radius_km(listing.mobile->service_radius_km);
    mobile->set_setup_minutes(listing.mobile->setup_minutes);
    mobile->set_teardown_minutes(listing.mobile->teardown_minutes);
    mobile->set_travel_speed_kmh(listing.mobile->travel_speed_kmh);
  }
  proto->set_terms_version(listing.terms_version);
  *proto->mutable_create_time() = ToTimestamp(listing.create_time);
  *proto->mutable_update_time() = ToTimestamp(listing.update_time);
  proto->set_owner_name(listing.owner_name);
  proto->set_owner_country(listing.owner_country);
  if (listing.site) ToProto(*listing.site, proto->mutable_site());
}

// ---- Terms

SharingTerms FromProto(const v1::SharingTerms& proto) {
  SharingTerms terms;
  terms.listing_id = proto.listing_id();
  terms.who_may_book.everyone = proto.who_may_book().everyone();
  terms.who_may_book.organization_kinds.assign(proto.who_may_book().organization_kinds().begin(),
                                               proto.who_may_book().organization_kinds().end());
  terms.who_may_book.network_ids = Strings(proto.who_may_book().network_ids());
  terms.who_may_book.organization_ids = Strings(proto.who_may_book().organization_ids());
  terms.approval_required = proto.approval_required();
  terms.required_qualification_type_ids = Strings(proto.required_qualification_type_ids());
  terms.intake_required = proto.intake_required();
  terms.min_lead_time_hours = proto.min_lead_time_hours();
  terms.max_duration_hours = proto.max_duration_hours();
  terms.cancellation_deadline_hours = proto.cancellation_deadline_hours();
  terms.cancellation_fee_cents = proto.cancellation_fee_cents();
  terms.quota_hours_per_month = proto.quota_hours_per_month();
  terms.price = {proto.price().per_hour_cents(), proto.price().per_half_day_cents(),
                 proto.price().per_day_cents(), proto.price().per_learner_cents(),
                 proto.price().per_km_cents()};
  terms.deposit_cents = proto.deposit_cents();
  terms.acquisition_cost_cents = proto.acquisition_cost_cents();
  terms.expected_lifetime_years = proto.expected_lifetime_years();
  terms.disclose_borrower_names = proto.disclose_borrower_names();
  return terms;
}

void ToProto(const SharingTerms& terms, v1::SharingTerms* proto) {
  proto->set_listing_id(terms.listing_id);
  proto->set_version(terms.version);
  v1::WhoMayBook* who = proto->mutable_who_may_book();
  who->set_everyone(terms.who_may_book.everyone);
  for (int kind : terms.who_may_book.organization_kinds) who->add_organization_kinds(kind);
  for (const std::string& id : terms.who_may_book.network_ids) who->add_network_ids(id);
  for (const std::string& id : terms.who_may_book.organization_ids) {
    who->add_organization_ids(id);
  }
  proto->set_approval_required(terms.approval_required);
  for (const std::string& id : terms.required_qualification_type_ids) {
    proto->add_required_qualification_type_ids(id);
  }
  proto->set_intake_required(terms.intake_required);
  proto->set_min_lead_time_hours(terms.min_lead_time_hours);
  proto->set_max_duration_hours(terms.max_duration_hours);
  proto->set_cancellation_deadline_hours(terms.cancellation_deadline_hours);
  proto->set_cancellation_fee_cents(terms.cancellation_fee_cents);
  proto->set_quota_hours_per_month(terms.quota_hours_per_month);
  v1::Price* price = proto->mutable_price();
  price->set_per_hour_cents(terms.price.per_hour_cents);
  price->set_per_half_day_cents(terms.price.per_half_day_cents);
  price->set_per_day_cents(terms.price.per_day_cents);
  price->set_per_learner_cents(terms.price.per_learner_cents);
  price->set_per_km_cents(terms.price.per_km_cents);
  proto->set_deposit_cents(terms.deposit_cents);
  proto->set_acquisition_cost_cents(terms.acquisition_cost_cents);
  proto->set_expected_lifetime_years(terms.expected_lifetime_years);
  proto->set_disclose_borrower_names(terms.disclose_borrower_names);
  *proto->mutable_create_time() = ToTimestamp(terms.create_time);
  proto->set_created_by_person_id(terms.created_by_person_id);
}

void ToProto(const Eligibility& eligibility, v1::Eligibility* proto) {
  proto->set_may_book(eligibility.may_book);
  for (const EligibilityReason& reason : eligibility.reasons) {
    v1::EligibilityReason* out = proto->add_reasons();
    out->set_code(reason.code);
    out->set_message(reason.message);
  }
  proto->set_terms_version(eligibility.terms_version);
  proto->set_approval_required(eligibility.approval_required);
}

}  // namespace

grpc::Status CatalogueGrpcService::Serve(
    grpc::ServerContext* context, const std::function<absl::Status(const auth::Caller&)>& work) {
  IncomingCallScope scope(*context);
  // Public RPCs too: a bad token is refused here as everywhere.
  absl::StatusOr<auth::Caller> caller = auth::AuthenticateCall(authenticator_, *context);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(work(*caller));
}

grpc::Status CatalogueGrpcService::ListVocabulary(grpc::ServerContext* context,
                                                  const v1::ListVocabularyRequest* request,
                                                  v1::ListVocabularyResponse* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        const std::vector<VocabularyTerm> terms,
        catalogue_.ListVocabulary(caller, static_cast<VocabularyKind>(request->kind())));
    for (const VocabularyTerm& term : terms) {
      v1::VocabularyTerm* out = response->add_terms();
      out->set_code(term.code);
      out->set_kind(static_cast<v1::VocabularyKind>(term.kind));
      out->set_label_nl(term.label_nl);
      out->set_label_en(term.label_en);
    }
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::CreateVocabularyTerm(
    grpc::ServerContext* context, const v1::CreateVocabularyTermRequest* request,
    v1::VocabularyTerm* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    const v1::VocabularyTerm& in = request->term();
    LP_ASSIGN_OR_RETURN(
        const VocabularyTerm term,
        catalogue_.CreateVocabularyTerm(caller, {in.code(), static_cast<VocabularyKind>(in.kind()),
                                                 in.label_nl(), in.label_en()}));
    response->set_code(term.code);
    response->set_kind(static_cast<v1::VocabularyKind>(term.kind));
    response->set_label_nl(term.label_nl);
    response->set_label_en(term.label_en);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::CreateSite(grpc::ServerContext* context,
                                              const v1::CreateSiteRequest* request,
                                              v1::Site* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Site site, catalogue_.CreateSite(caller, FromProto(request->site())));
    ToProto(site, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::GetSite(grpc::ServerContext* context,
                                           const v1::GetSiteRequest* request, v1::Site* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Site site, catalogue_.GetSite(caller, request->site_id()));
    ToProto(site, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::ListSites(grpc::ServerContext* context,
                                             const v1::ListSitesRequest* request,
                                             v1::ListSitesResponse* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const SitePage page,
                        catalogue_.ListSites(caller, request->owner_organization_id(),
                                             request->page_size(), request->page_token()));
    for (const Site& site : page.sites) ToProto(site, response->add_sites());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::UpdateSite(grpc::ServerContext* context,
                                              const v1::UpdateSiteRequest* request,
                                              v1::Site* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Site site, catalogue_.UpdateSite(caller, FromProto(request->site()),
                                                               MaskPaths(request->update_mask())));
    ToProto(site, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::AddClosure(grpc::ServerContext* context,
                                              const v1::AddClosureRequest* request,
                                              v1::Closure* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        const Closure closure,
        catalogue_.AddClosure(caller, request->site_id(), FromProto(request->closure())));
    ToProto(closure, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::ListClosures(grpc::ServerContext* context,
                                                const v1::ListClosuresRequest* request,
                                                v1::ListClosuresResponse* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    std::optional<absl::Time> end_after;
    if (request->has_end_after()) end_after = FromTimestamp(request->end_after());
    LP_ASSIGN_OR_RETURN(const std::vector<Closure> closures,
                        catalogue_.ListClosures(caller, request->site_id(), end_after));
    for (const Closure& closure : closures) ToProto(closure, response->add_closures());
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::RemoveClosure(grpc::ServerContext* context,
                                                 const v1::RemoveClosureRequest* request,
                                                 google::protobuf::Empty*) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    return catalogue_.RemoveClosure(caller, request->site_id(), request->closure_id());
  });
}

grpc::Status CatalogueGrpcService::CreateListing(grpc::ServerContext* context,
                                                 const v1::CreateListingRequest* request,
                                                 v1::Listing* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Listing listing,
                        catalogue_.CreateListing(caller, FromProto(request->listing())));
    ToProto(listing, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::GetListing(grpc::ServerContext* context,
                                              const v1::GetListingRequest* request,
                                              v1::Listing* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Listing listing,
                        catalogue_.GetListing(caller, request->listing_id()));
    ToProto(listing, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::BatchGetListings(grpc::ServerContext* context,
                                                    const v1::BatchGetListingsRequest* request,
                                                    v1::BatchGetListingsResponse* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    std::optional<absl::Time> end_after;
    if (request->has_closures_end_after()) end_after = FromTimestamp(request->closures_end_after());
    const std::vector<std::string> ids(request->listing_ids().begin(),
                                       request->listing_ids().end());
    LP_ASSIGN_OR_RETURN(const ListingBatch batch,
                        catalogue_.BatchGetListings(caller, ids, end_after));
    for (const Listing& listing : batch.listings) ToProto(listing, response->add_listings());
    for (const Closure& closure : batch.closures) ToProto(closure, response->add_closures());
    for (const std::string& id : batch.missing_ids) response->add_missing_listing_ids(id);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::ListListings(grpc::ServerContext* context,
                                                const v1::ListListingsRequest* request,
                                                v1::ListListingsResponse* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    ListListingsQuery query;
    query.owner_organization_id = request->owner_organization_id();
    query.status = static_cast<ListingStatus>(request->status());
    query.page_size = request->page_size();
    query.page_token = request->page_token();
    LP_ASSIGN_OR_RETURN(const ListingPage page, catalogue_.ListListings(caller, query));
    for (const Listing& listing : page.listings) ToProto(listing, response->add_listings());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::UpdateListing(grpc::ServerContext* context,
                                                 const v1::UpdateListingRequest* request,
                                                 v1::Listing* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Listing listing,
                        catalogue_.UpdateListing(caller, FromProto(request->listing()),
                                                 MaskPaths(request->update_mask())));
    ToProto(listing, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::PublishListing(grpc::ServerContext* context,
                                                  const v1::PublishListingRequest* request,
                                                  v1::Listing* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Listing listing,
                        catalogue_.PublishListing(caller, request->listing_id()));
    ToProto(listing, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::RetireListing(grpc::ServerContext* context,
                                                 const v1::RetireListingRequest* request,
                                                 v1::Listing* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(const Listing listing,
                        catalogue_.RetireListing(caller, request->listing_id()));
    ToProto(listing, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::ImportListings(grpc::ServerContext* context,
                                                  const v1::ImportListingsRequest* request,
                                                  v1::ImportListingsResponse* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    ImportRequest import;
    import.organization_id = request->organization_id();
    import.csv = request->csv().data();
    import.content_type = request->csv().content_type();
    import.allow_partial = request->allow_partial();
    import.validate_only = request->validate_only();
    import.publish = request->publish();
    if (request->has_default_terms()) import.default_terms = FromProto(request->default_terms());
    LP_ASSIGN_OR_RETURN(const ImportReport report, catalogue_.ImportListings(caller, import));
    for (const ImportRowResult& row : report.rows) {
      v1::ImportRowResult* out = response->add_rows();
      out->set_row(row.row);
      out->set_listing_id(row.listing_id);
      for (const std::string& error : row.errors) out->add_errors(error);
    }
    response->set_imported_count(report.imported_count);
    response->set_error_count(report.error_count);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::UpdateSharingTerms(grpc::ServerContext* context,
                                                      const v1::UpdateSharingTermsRequest* request,
                                                      v1::SharingTerms* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        const SharingTerms terms,
        catalogue_.UpdateSharingTerms(caller, request->listing_id(), FromProto(request->terms())));
    ToProto(terms, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::GetSharingTerms(grpc::ServerContext* context,
                                                   const v1::GetSharingTermsRequest* request,
                                                   v1::SharingTerms* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    LP_ASSIGN_OR_RETURN(
        const SharingTerms terms,
        catalogue_.GetSharingTerms(caller, request->listing_id(), request->version()));
    ToProto(terms, response);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::SearchListings(grpc::ServerContext* context,
                                                  const v1::SearchListingsRequest* request,
                                                  v1::SearchListingsResponse* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    SearchRequest search;
    search.q = request->q();
    for (int category : request->categories()) {
      search.categories.push_back(static_cast<Category>(category));
    }
    search.technologies = Strings(request->technologies());
    search.sectors = Strings(request->sectors());
    search.competences = Strings(request->competences());
    for (int audience : request->audiences()) {
      search.audiences.push_back(static_cast<Audience>(audience));
    }
    search.country = request->country();
    search.owner_kind = request->owner_kind();
    search.max_price_per_hour_cents = request->max_price_per_hour_cents();
    search.near = request->near();
    search.within_km = request->within_km();
    search.comes_to_me = request->comes_to_me();
    search.learners = request->learners();
    search.duration_hours = request->duration_hours();
    search.sort = static_cast<SearchSort>(request->sort());
    search.page_size = request->page_size();
    search.page_token = request->page_token();
    search.organization_id = request->organization_id();
    if (request->has_available_start()) {
      search.available_start = FromTimestamp(request->available_start());
    }
    if (request->has_available_end())
      search.available_end = FromTimestamp(request->available_end());
    LP_ASSIGN_OR_RETURN(const SearchResponse found, catalogue_.SearchListings(caller, search));
    for (const SearchResult& result : found.results) {
      v1::SearchResult* out = response->add_results();
      ToProto(result.listing, out->mutable_listing());
      if (result.distance_km) out->set_distance_km(*result.distance_km);
      if (result.travel_minutes) out->set_travel_minutes(*result.travel_minutes);
      out->set_estimated_cost_cents(result.estimated_cost_cents);
      if (result.eligibility) ToProto(*result.eligibility, out->mutable_eligibility());
      out->set_relevance(result.relevance);
      if (result.free_units) out->set_free_units(*result.free_units);
    }
    for (const Facet& facet : found.facets) {
      v1::Facet* out = response->add_facets();
      out->set_name(facet.name);
      for (const FacetValue& value : facet.values) {
        v1::FacetValue* item = out->add_values();
        item->set_value(value.value);
        item->set_count(value.count);
      }
    }
    response->set_total_count(found.total_count);
    response->set_next_page_token(found.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status CatalogueGrpcService::CheckEligibility(grpc::ServerContext* context,
                                                    const v1::CheckEligibilityRequest* request,
                                                    v1::Eligibility* response) {
  return Serve(context, [&](const auth::Caller& caller) -> absl::Status {
    EligibilityRequest check;
    check.listing_id = request->listing_id();
    check.organization_id = request->organization_id();
    check.person_id = request->person_id();
    if (request->has_start_time()) check.start_time = FromTimestamp(request->start_time());
    if (request->has_end_time()) check.end_time = FromTimestamp(request->end_time());
    check.learners = request->learners();
    if (request->has_destination()) check.destination = FromProto(request->destination());
    LP_ASSIGN_OR_RETURN(const Eligibility eligibility, catalogue_.CheckEligibility(caller, check));
    ToProto(eligibility, response);
    return absl::OkStatus();
  });
}

}  // namespace leerpool::catalogue
