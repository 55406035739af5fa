#include "services/common/ids.h"

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leerpool {
namespace {

using ::testing::MatchesRegex;
using ::testing::StartsWith;

TEST(NewIdTest, StartsWithThePrefixAndAnUnderscore) {
  EXPECT_THAT(NewId("org"), StartsWith("org_"));
  EXPECT_THAT(NewId("bkg"), StartsWith("bkg_"));
}

TEST(NewIdTest, HasThirtyTwoLowercaseHexDigitsAfterThePrefix) {
  const std::string id = NewId("org");
  EXPECT_EQ(id.size(), 4u + 32u) << id;
  EXPECT_THAT(id, MatchesRegex("org_[0-9a-f]{32}"));
}

TEST(NewIdTest, IsUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 2000; ++i) ids.insert(NewId("org"));
  EXPECT_EQ(ids.size(), 2000u);
}

TEST(NewIdTest, IsUniqueAcrossThreads) {
  // Each thread has its own generator; they must not produce the same sequence.
  constexpr int kThreads = 4;
  constexpr int kPerThread = 500;
  std::vector<std::vector<std::string>> made(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&made, t] {
      for (int i = 0; i < kPerThread; ++i) made[t].push_back(NewId("org"));
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::set<std::string> ids;
  for (const auto& list : made) ids.insert(list.begin(), list.end());
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST(NewIdTest, UsesEveryHexDigitInItsRandomPart) {
  // 80 random bits per id: over a few hundred ids every nibble value shows up in every
  // random position, so the encoding is not, e.g., a truncated or zero-padded counter.
  std::vector<std::set<char>> digits(20);
  for (int i = 0; i < 400; ++i) {
    const std::string id = NewId("x");
    for (size_t d = 0; d < digits.size(); ++d) digits[d].insert(id[2 + 12 + d]);
  }
  for (size_t d = 0; d < digits.size(); ++d) EXPECT_EQ(digits[d].size(), 16u) << "digit " << d;
}

TEST(NewIdTest, StartsWithTheCreationTimeSoLaterIdsSortAfter) {
  const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string first = NewId("rsv");
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  const std::string second = NewId("rsv");
  EXPECT_LT(first, second);
  const long long millis = std::stoll(first.substr(4, 12), nullptr, 16);
  EXPECT_GE(millis, before);
  EXPECT_LE(millis, before + 1000);
}

}  // namespace
}  // namespace leerpool
