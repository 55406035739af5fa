#ifndef LEERPOOL_TESTS_E2E_PLATFORM_FIXTURE_H_
#define LEERPOOL_TESTS_E2E_PLATFORM_FIXTURE_H_

// A running stack plus the steps many end-to-end tests start from: signing in, creating
// organisations, inviting people and publishing a listing, all over HTTP through the gateway.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "clients/http/http_client.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/stack.h"

namespace leerpool::testing {

class PlatformE2eTest : public ::testing::Test {
 protected:
  explicit PlatformE2eTest(StackOptions options = {}) : stack_(std::move(options)) {}
  void SetUp() override;
  void TearDown() override;

  clients::HttpResult Call(const std::string& method, const std::string& target,
                           const std::string& token = "", const std::string& body = "",
                           const std::string& content_type = "application/json");
  // The parsed body of a 200 answer (a failed expectation otherwise).
  nlohmann::json Ok(const clients::HttpResult& result);
  std::string Login(const std::string& email, const std::string& password);
  // country "NL" is placed at Boxtel, "BE" at Antwerpen.
  std::string CreateOrganization(const std::string& name, const std::string& kind,
                                 const std::string& country);
  // Invites `email` into `organization` with `role` and accepts; returns their access token.
  std::string Invite(const std::string& organization, const std::string& email,
                     const std::string& role);
  // A mobile heat-pump setup (2 units of 8, radius 150 km, 60 min setup, 45 min teardown,
  // 60 km/h) at the manufacturer `maker_`'s site in Boxtel, open Mondays 08:00-17:00, with
  // terms (approval required, 48 h lead time, EUR 25 per hour and 0.40 per km), published.
  std::string PublishedMobileHeatPump();

  Stack stack_;
  std::unique_ptr<clients::HttpClient> client_;
  std::string admin_;
  // Set up by SetUp: a Dutch manufacturer with an admin and a coordinator, a Flemish school
  // with an admin.
  std::string maker_, school_, maker_admin_, maker_coordinator_, school_admin_;
};

}  // namespace leerpool::testing

#endif  // LEERPOOL_TESTS_E2E_PLATFORM_FIXTURE_H_
