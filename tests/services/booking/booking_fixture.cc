#include "tests/services/booking/booking_fixture.h"

#include <future>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"

namespace leerpool::booking::testing {

absl::StatusOr<ListingFacts> FakeDirectory::GetListing(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (down_) return absl::UnavailableError("the equipment catalogue is unavailable");
  auto it = listings_.find(id);
  if (it == listings_.end()) return absl::NotFoundError(absl::StrCat("listing ", id));
  return it->second;
}

absl::StatusOr<Terms> FakeDirectory::GetTerms(const std::string& listing_id, int version) {
  std::lock_guard lock(mutex_);
  if (down_) return absl::UnavailableError("the equipment catalogue is unavailable");
  auto it = terms_.find(listing_id);
  if (it == terms_.end() || (version != 0 && version != it->second.version)) {
    return absl::NotFoundError("no such terms");
  }
  return it->second;
}

absl::StatusOr<std::vector<Closure>> FakeDirectory::ListClosures(const std::string& site_id,
                                                                 absl::Time end_after) {
  std::lock_guard lock(mutex_);
  if (down_) return absl::UnavailableError("the equipment catalogue is unavailable");
  std::vector<Closure> out;
  for (const Closure& closure : closures_[site_id]) {
    if (closure.end > end_after) out.push_back(closure);
  }
  return out;
}

absl::StatusOr<EligibilityAnswer> FakeDirectory::CheckEligibility(const auth::Caller&,
                                                                  const EligibilityQuery& query) {
  std::lock_guard lock(mutex_);
  ++eligibility_calls_;
  if (down_) return absl::UnavailableError("the equipment catalogue is unavailable");
  EligibilityAnswer answer;
  answer.may_book = refusals_.empty();
  answer.reasons = refusals_;
  answer.terms_version = terms_[query.listing_id].version;
  return answer;
}

void FakeDirectory::Put(const ListingFacts& listing, const Terms& terms) {
  std::lock_guard lock(mutex_);
  listings_[listing.id] = listing;
  listings_[listing.id].terms_version = terms.version;
  terms_[listing.id] = terms;
}

void FakeDirectory::AddClosure(const std::string& site_id, const Closure& closure) {
  std::lock_guard lock(mutex_);
  closures_[site_id].push_back(closure);
}

void FakeDirectory::Refuse(std::vector<std::string> reasons) {
  std::lock_guard lock(mutex_);
  refusals_ = std::move(reasons);
}

void FakeDirectory::SetDown(bool down) {
  std::lock_guard lock(mutex_);
  down_ = down;
}

int FakeDirectory::eligibility_calls() {
  std::lock_guard lock(mutex_);
  return eligibility_calls_;
}

absl::Time Utc(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), absl::UTCTimeZone());
}

absl::Time Brussels(int y, int m, int d, int hh, int mm) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Brussels", &zone));
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), zone);
}

LatLng VanBase() { return {51.05, 3.72}; }

LatLng NorthOfBase(double km) {
  // One degree of latitude is 2 x pi x R / 360 km on the haversine sphere; a metre short, so
  // that rounding never turns 10 km at 60 km/h into 11 minutes.
  return {VanBase().latitude + (km - 0.001) / 111.19508, VanBase().longitude};
}

ListingFacts RigFacts() {
  ListingFacts facts;
  facts.id = kRig;
  facts.owner_organization_id = kOwner;
  facts.category = Category::kFixedInstallation;
  facts.published = true;
  facts.unit_count = 2;
  facts.capacity_per_unit = 8;
  facts.site = {"sit_brussels", LatLng{50.85, 4.35}, "Europe/Brussels", {}};
  for (int day = 1; day <= 7; ++day) facts.site.opening_hours.push_back({day, 8 * 60, 18 * 60});
  return facts;
}

ListingFacts VanFacts() {
  ListingFacts facts;
  facts.id = kVan;
  facts.owner_organization_id = kOwner;
  facts.category = Category::kMobileSetup;
  facts.published = true;
  facts.unit_count = 1;
  facts.capacity_per_unit = 12;
  facts.site = {"sit_gent", VanBase(), "Europe/Brussels", {}};
  for (int day = 1; day <= 5; ++day) facts.site.opening_hours.push_back({day, 8 * 60, 17 * 60});
  facts.mobile = MobileFacts{200, 30, 30, 60};
  return facts;
}

ListingFacts SeatFacts() {
  ListingFacts facts;
  facts.id = kSeats;
  facts.owner_organization_id = kOwner;
  facts.category = Category::kELearning;
  facts.published = true;
  facts.unit_count = 30;
  facts.capacity_per_unit = 1;
  facts.site = {"sit_online", std::nullopt, "Europe/Brussels", {}};
  return facts;
}

Terms BasicTerms(int version) {
  Terms terms;
  terms.version = version;
  terms.cancellation_deadline_hours = 48;
  terms.cancellation_fee_cents = 5000;
  terms.price.per_hour_cents = 2000;
  terms.price.per_half_day_cents = 7000;
  terms.price.per_day_cents = 12000;
  terms.price.per_learner_cents = 100;
  terms.price.per_km_cents = 50;
  terms.deposit_cents = 25000;
  return terms;
}

auth::Caller Member(const std::string& org, auth::Role role, const std::string& person) {
  auth::Caller caller;
  caller.person_id = person;
  caller.roles[org] = {role};
  return caller;
}

auth::Caller Coordinator(const std::string& org, const std::string& person) {
  return Member(org, auth::Role::kCoordinator, person);
}

auth::Caller OwnerAdmin() { return Member(kOwner, auth::Role::kOrgAdmin, "per_owner"); }

auth::Caller PlatformAdmin() {
  auth::Caller caller;
  caller.person_id = "per_platform";
  caller.platform_admin = true;
  return caller;
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kPostgres ? "Postgres" : "Sqlite";
}

BookingFixture::BookingFixture(Backend backend) : backend_(backend) {
  directory_.Put(RigFacts(), BasicTerms());
  directory_.Put(VanFacts(), BasicTerms());
  directory_.Put(SeatFacts(), BasicTerms());
  if (backend_ == Backend::kPostgres) {
    postgres_missing_ = [this]() -> absl::Status {
      absl::StatusOr<std::unique_ptr<leerpool::testing::PgTestDatabase>> database =
          leerpool::testing::PgTestDatabase::CreateMigrated(PostgresMigrations());
      if (!database.ok()) return database.status();
      pg_database_ = std::move(*database);
      // More connections than the tests' threads, so none waits for the pool.
      const storage::pg::Options options{.url = pg_database_->url(), .connections = 4};
      absl::StatusOr<std::unique_ptr<storage::pg::Pool>> pool = OpenBookingPostgres(options);
      if (!pool.ok()) return pool.status();
      pg_pool_ = std::move(*pool);
      absl::StatusOr<std::unique_ptr<storage::pg::Connection>> reader =
          storage::pg::Connection::Open(options);
      if (!reader.ok()) return reader.status();
      pg_reader_ = std::move(*reader);
      store_ = std::make_unique<PgBookingStore>(*pg_pool_);
      return absl::OkStatus();
    }();
  }
  if (store_ == nullptr) {
    db_ = OpenBookingDatabase({}).value();
    store_ = std::make_unique<SqliteBookingStore>(*db_);
  }
  engine_ = std::make_unique<BookingEngine>(*store_, directory_, clock_);
}

void BookingFixture::SetUp() {
  if (postgres_missing_.ok()) return;
  if (leerpool::testing::PgTestDatabase::Required()) FAIL() << postgres_missing_;
  GTEST_SKIP() << postgres_missing_;
}

std::string BookingFixture::JsonText(const std::string& column, const std::string& field) const {
  if (backend_ == Backend::kPostgres) return absl::StrCat("(", column, "::json ->> '", field, "')");
  return absl::StrCat("CAST(json_extract(", column, ", '$.", field, "') AS TEXT)");
}

ReservationRequest BookingFixture::Session(const std::string& listing, absl::Time start,
                                           absl::Time end, int learners) {
  ReservationRequest request;
  request.listing_id = listing;
  request.organization_id = kSchool;
  request.kind = ReservationKind::kSession;
  request.start_time = start;
  request.end_time = end;
  request.learners = learners;
  return request;
}

ReservationRequest BookingFixture::Loan(absl::Time start, absl::Time end, LatLng destination,
                                        const std::string& handover_from) {
  ReservationRequest request;
  request.listing_id = kVan;
  request.organization_id = kSchool;
  request.kind = ReservationKind::kLoan;
  request.start_time = start;
  request.end_time = end;
  request.learners = 10;
  request.destination = Place{"school", {}, destination};
  request.handover_from_reservation_id = handover_from;
  return request;
}

absl::StatusOr<Reservation> BookingFixture::Reserve(const ReservationRequest& request,
                                                    const auth::Caller& caller) {
  return engine_->CreateReservation(caller, request);
}

absl::StatusOr<Reservation> BookingFixture::ReserveAsync(const ReservationRequest& request,
                                                         const auth::Caller& caller) {
  auto answer = std::make_shared<std::promise<absl::StatusOr<Reservation>>>();
  std::future<absl::StatusOr<Reservation>> answered = answer->get_future();
  engine_->CreateReservation(caller, request, [answer](absl::StatusOr<Reservation> reservation) {
    answer->set_value(std::move(reservation));
  });
  return answered.get();
}

int BookingFixture::CountRows(const std::string& sql) {
  int count = -1;
  if (pg_reader_ != nullptr) {
    absl::StatusOr<storage::pg::Result> rows = pg_reader_->Exec(sql);
    EXPECT_TRUE(rows.ok()) << rows.status();
    if (rows.ok() && !rows->empty()) count = static_cast<int>(rows->Int(0, 0));
    return count;
  }
  // Through the store's own thread: the connection belongs to it.
  EXPECT_TRUE(store_
                  ->Read([&](BookingTransaction&) {
                    absl::StatusOr<storage::Statement> s = db_->Prepare(sql);
                    if (!s.ok()) return s.status();
                    absl::StatusOr<bool> row = s->Step();
                    if (!row.ok()) return row.status();
                    count = static_cast<int>(s->Int(0));
                    return absl::OkStatus();
                  })
                  .ok());
  return count;
}

}  // namespace leerpool::booking::testing
