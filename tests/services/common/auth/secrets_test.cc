#include "services/common/auth/secrets.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leerpool::auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(SecretsTest, InitializeCryptoIsIdempotent) {
  EXPECT_TRUE(InitializeCrypto().ok());
  EXPECT_TRUE(InitializeCrypto().ok());
}

TEST(SecretsTest, PasswordHashVerifies) {
  absl::StatusOr<std::string> hash = HashPassword("correct horse battery", PasswordCost::kMinimum);
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_THAT(*hash, StartsWith("$argon2id$"));
  EXPECT_THAT(*hash, Not(HasSubstr("correct horse battery")));
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse batterY", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
}

TEST(SecretsTest, SamePasswordHashesDifferently) {
  absl::StatusOr<std::string> first = HashPassword("hunter2hunter2", PasswordCost::kMinimum);
  absl::StatusOr<std::string> second = HashPassword("hunter2hunter2", PasswordCost::kMinimum);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(*first, *second);
  EXPECT_TRUE(VerifyPassword("hunter2hunter2", *first));
  EXPECT_TRUE(VerifyPassword("hunter2hunter2", *second));
}

TEST(SecretsTest, InteractiveCostVerifies) {
  absl::StatusOr<std::string> hash = HashPassword("a real password", PasswordCost::kInteractive);
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_THAT(*hash, StartsWith("$argon2id$"));
  EXPECT_TRUE(VerifyPassword("a real password", *hash));
  EXPECT_FALSE(VerifyPassword("a wrong password", *hash));
}

TEST(SecretsTest, VerifyRefusesMalformedHashes) {
  EXPECT_FALSE(VerifyPassword("x", ""));
  EXPECT_FALSE(VerifyPassword("x", "not a hash"));
  EXPECT_FALSE(VerifyPassword("x", "$argon2id$v=19$m=8,t=1,p=1$"));
  EXPECT_FALSE(VerifyPassword("x", std::string(1000, '$')));
  EXPECT_FALSE(VerifyPassword("x", std::string("$argon2id\0$", 11)));
}

TEST(SecretsTest, RandomTokenIsUrlSafeAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string token = RandomToken();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes, base64 without padding
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(RandomToken(0), "");
  EXPECT_EQ(RandomToken(1).size(), 2u);
  EXPECT_EQ(RandomToken(3).size(), 4u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
}

TEST(SecretsTest, HashSecretIsDeterministicHex) {
  const std::string hash = HashSecret("refresh-token-secret");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos) << hash;
  EXPECT_EQ(hash, HashSecret("refresh-token-secret"));
  EXPECT_NE(hash, HashSecret("refresh-token-secreT"));
  EXPECT_EQ(HashSecret("").size(), 64u);
  // BLAKE2b-256 of the empty string, a published test vector.
  EXPECT_EQ(HashSecret(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(SecretsTest, SecretsEqual) {
  EXPECT_TRUE(SecretsEqual("abc", "abc"));
  EXPECT_TRUE(SecretsEqual("", ""));
  EXPECT_FALSE(SecretsEqual("abc", "abd"));
  EXPECT_FALSE(SecretsEqual("abc", "abcd"));
  EXPECT_FALSE(SecretsEqual("", "a"));
  EXPECT_TRUE(SecretsEqual(std::string("a\0b", 3), std::string("a\0b", 3)));
  EXPECT_FALSE(SecretsEqual(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace leerpool::auth
