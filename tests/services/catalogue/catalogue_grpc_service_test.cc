// The catalogue over the wire: a real GrpcServer on port 0 serving the adapter over the core
// and an in-memory SQLite database, called through the generated stub.

#include "services/catalogue/grpc/catalogue_grpc_service.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "leerpool/catalogue/v1/catalogue.grpc.pb.h"
#include "services/catalogue/core/vocabulary.h"
#include "services/catalogue/sqlite/sqlite_vocabulary_repository.h"
#include "services/common/server.h"
#include "storage/sqlite.h"

namespace leerpool::catalogue {
namespace {

using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::Not;

class CatalogueGrpcServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::Database>> db = OpenCatalogueDatabase({});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    repository_ = std::make_unique<SqliteVocabularyRepository>(*db_, mutex_);
    catalogue_ = std::make_unique<Catalogue>(*repository_);
    service_ = std::make_unique<CatalogueGrpcService>(*catalogue_);
    absl::StatusOr<std::unique_ptr<GrpcServer>> server =
        GrpcServer::Start({.name = "catalogue-test"}, {service_.get()});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::CatalogueService::NewStub(
        grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  grpc::Status List(v1::VocabularyKind kind, v1::ListVocabularyResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::ListVocabularyRequest request;
    request.set_kind(kind);
    return stub_->ListVocabulary(&context, request, response);
  }

  static std::vector<std::string> Codes(const v1::ListVocabularyResponse& response) {
    std::vector<std::string> codes;
    for (const v1::VocabularyTerm& term : response.terms()) codes.push_back(term.code());
    return codes;
  }

  std::unique_ptr<storage::Database> db_;
  std::mutex mutex_;
  std::unique_ptr<SqliteVocabularyRepository> repository_;
  std::unique_ptr<Catalogue> catalogue_;
  std::unique_ptr<CatalogueGrpcService> service_;
  std::unique_ptr<GrpcServer> server_;
  std::unique_ptr<v1::CatalogueService::Stub> stub_;
};

TEST_F(CatalogueGrpcServiceTest, ListsEveryKindWithLabels) {
  v1::ListVocabularyResponse response;
  grpc::Status status = List(v1::VOCABULARY_KIND_UNSPECIFIED, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(Codes(response), IsSupersetOf({"heat-pump", "charging-point", "safety-regulations",
                                             "energy-technology"}));
  bool found = false;
  for (const v1::VocabularyTerm& term : response.terms()) {
    if (term.code() != "heat-pump") continue;
    found = true;
    EXPECT_EQ(term.kind(), v1::VOCABULARY_KIND_TECHNOLOGY);
    EXPECT_EQ(term.label_nl(), "Warmtepompen");
    EXPECT_EQ(term.label_en(), "Heat pumps");
  }
  EXPECT_TRUE(found);

  int per_kind = 0;
  for (v1::VocabularyKind kind : {v1::VOCABULARY_KIND_TECHNOLOGY, v1::VOCABULARY_KIND_SECTOR,
                                  v1::VOCABULARY_KIND_COMPETENCE}) {
    v1::ListVocabularyResponse of_kind;
    ASSERT_TRUE(List(kind, &of_kind).ok());
    per_kind += of_kind.terms_size();
  }
  EXPECT_EQ(response.terms_size(), per_kind);
}

TEST_F(CatalogueGrpcServiceTest, FiltersByKind) {
  v1::ListVocabularyResponse response;
  grpc::Status status = List(v1::VOCABULARY_KIND_COMPETENCE, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GT(response.terms_size(), 0);
  for (const v1::VocabularyTerm& term : response.terms()) {
    EXPECT_EQ(term.kind(), v1::VOCABULARY_KIND_COMPETENCE) << term.code();
  }
  EXPECT_THAT(Codes(response), Contains("safety-regulations"));
  EXPECT_THAT(Codes(response), Not(Contains("heat-pump")));
}

TEST_F(CatalogueGrpcServiceTest, UnknownKindIsInvalidArgument) {
  // proto3 enums are open, so a client can send a number this server does not know.
  v1::ListVocabularyResponse response;
  grpc::Status status = List(static_cast<v1::VocabularyKind>(99), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("kind:"));
}

}  // namespace
}  // namespace leerpool::catalogue
