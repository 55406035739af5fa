#include "services/common/auth/token.h"

#include <sodium.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"

namespace leerpool::auth {
namespace {

using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1'750'000'000);

std::string Encode(const std::string& bytes) {
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.find('\0'));
  return out;
}

std::string Decode(const std::string& text) {
  std::string out(text.size(), '\0');
  size_t length = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                              text.size(), nullptr, &length, nullptr,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  out.resize(length);
  return out;
}

// A token with arbitrary header and claims text, correctly signed, to reach the claims parser.
std::string SignRaw(const SigningKeyPair& key, const std::string& header,
                    const std::string& claims) {
  std::string signed_part = absl::StrCat(Encode(header), ".", Encode(claims));
  unsigned char signature[crypto_sign_BYTES];
  crypto_sign_detached(
      signature, nullptr, reinterpret_cast<const unsigned char*>(signed_part.data()),
      signed_part.size(), reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return absl::StrCat(signed_part, ".",
                      Encode(std::string(reinterpret_cast<char*>(signature), sizeof signature)));
}

std::string HeaderFor(const SigningKeyPair& key) {
  return absl::StrCat(R"({"alg":"EdDSA","kid":")", key.key_id, R"(","typ":"JWT"})");
}

TokenClaims PersonClaims() {
  TokenClaims claims;
  claims.person_id = "per_1";
  claims.session_id = "ses_1";
  claims.platform_admin = true;
  claims.roles["org_x"] = {Role::kOrgAdmin, Role::kCoordinator};
  claims.roles["org_y"] = {Role::kAnalyst};
  claims.issue_time = kNow;
  claims.expire_time = kNow + absl::Minutes(15);
  return claims;
}

class TokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<SigningKeyPair> key = GenerateSigningKeyPair();
    ASSERT_TRUE(key.ok()) << key.status();
    key_ = *key;
    verifier_.SetKeys({{key_.key_id, key_.public_key}});
  }

  void ExpectRefused(const std::string& token, const std::string& reason = "") {
    absl::StatusOr<TokenClaims> claims = verifier_.Verify(token, kNow);
    ASSERT_FALSE(claims.ok()) << "accepted: " << token.substr(0, 200);
    EXPECT_EQ(claims.status().code(), absl::StatusCode::kUnauthenticated) << claims.status();
    EXPECT_THAT(std::string(claims.status().message()), HasSubstr(reason));
  }

  SigningKeyPair key_;
  TokenVerifier verifier_;
};

TEST_F(TokenTest, GeneratedKeysHaveLibsodiumSizesAndDistinctIds) {
  absl::StatusOr<SigningKeyPair> other = GenerateSigningKeyPair();
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(key_.public_key.size(), crypto_sign_PUBLICKEYBYTES);
  EXPECT_EQ(key_.secret_key.size(), crypto_sign_SECRETKEYBYTES);
  EXPECT_FALSE(key_.key_id.empty());
  EXPECT_NE(key_.key_id, other->key_id);
  EXPECT_NE(key_.public_key, other->public_key);
}

TEST_F(TokenTest, RoundTripKeepsEveryClaim) {
  const std::string token = TokenSigner(key_).Sign(PersonClaims());
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(Decode(parts[0]), HeaderFor(key_));

  absl::StatusOr<TokenClaims> claims = verifier_.Verify(token, kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->person_id, "per_1");
  EXPECT_EQ(claims->session_id, "ses_1");
  EXPECT_EQ(claims->api_key_id, "");
  EXPECT_TRUE(claims->platform_admin);
  EXPECT_EQ(claims->roles, PersonClaims().roles);
  EXPECT_EQ(claims->issue_time, kNow);
  EXPECT_EQ(claims->expire_time, kNow + absl::Minutes(15));

  Caller caller = CallerFromClaims(*claims);
  EXPECT_EQ(caller.person_id, "per_1");
  EXPECT_EQ(caller.session_id, "ses_1");
  EXPECT_TRUE(caller.platform_admin);
  EXPECT_TRUE(caller.HasRole("org_x", Role::kCoordinator));
  EXPECT_EQ(caller.token_expire_time, kNow + absl::Minutes(15));
}

TEST_F(TokenTest, RoundTripApiKeyClaims) {
  TokenClaims machine;
  machine.api_key_id = "key_7";
  machine.roles["org_x"] = {Role::kCoordinator};
  machine.issue_time = kNow;
  machine.expire_time = kNow + absl::Minutes(5);
  absl::StatusOr<TokenClaims> claims = verifier_.Verify(TokenSigner(key_).Sign(machine), kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->api_key_id, "key_7");
  EXPECT_EQ(claims->person_id, "");
  EXPECT_EQ(claims->session_id, "");
  EXPECT_FALSE(claims->platform_admin);
  EXPECT_EQ(claims->roles, machine.roles);
  EXPECT_FALSE(CallerFromClaims(*claims).anonymous());
}

TEST_F(TokenTest, TamperingWithAnyPartIsRefused) {
  const std::string token = TokenSigner(key_).Sign(PersonClaims());
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  ASSERT_EQ(parts.size(), 3u);
  for (int part = 0; part < 3; ++part) {
    std::string bytes = Decode(parts[part]);
    for (size_t at : {size_t{0}, bytes.size() / 2, bytes.size() - 1}) {
      std::vector<std::string> tampered = parts;
      std::string flipped = bytes;
      flipped[at] ^= 0x01;
      tampered[part] = Encode(flipped);
      SCOPED_TRACE(absl::StrCat("part ", part, " byte ", at));
      ExpectRefused(absl::StrJoin(tampered, "."));
    }
  }
  // Raising one's own privileges in the claims is the tampering that matters.
  std::string claims = Decode(parts[1]);
  claims.replace(claims.find("\"pa\":true"), 9, "\"pa\":fals");
  ExpectRefused(absl::StrCat(parts[0], ".", Encode(claims), ".", parts[2]), "bad signature");
  ExpectRefused(absl::StrCat(parts[0], ".", parts[1], "."), "bad signature");
}

TEST_F(TokenTest, SameKeyIdFromAnotherKeyIsRefused) {
  absl::StatusOr<SigningKeyPair> impostor = GenerateSigningKeyPair();
  ASSERT_TRUE(impostor.ok());
  impostor->key_id = key_.key_id;
  ExpectRefused(TokenSigner(*impostor).Sign(PersonClaims()), "bad signature");
}

TEST_F(TokenTest, UnknownKeyIdIsRefused) {
  absl::StatusOr<SigningKeyPair> other = GenerateSigningKeyPair();
  ASSERT_TRUE(other.ok());
  ExpectRefused(TokenSigner(*other).Sign(PersonClaims()), "unknown key");

  TokenVerifier empty;
  EXPECT_FALSE(empty.HasKeys());
  EXPECT_FALSE(empty.Verify(TokenSigner(key_).Sign(PersonClaims()), kNow).ok());
  EXPECT_TRUE(verifier_.HasKeys());
}

TEST_F(TokenTest, KeysCanBeReplaced) {
  absl::StatusOr<SigningKeyPair> next = GenerateSigningKeyPair();
  ASSERT_TRUE(next.ok());
  const std::string old_token = TokenSigner(key_).Sign(PersonClaims());
  const std::string new_token = TokenSigner(*next).Sign(PersonClaims());
  verifier_.SetKeys({{key_.key_id, key_.public_key}, {next->key_id, next->public_key}});
  EXPECT_TRUE(verifier_.Verify(old_token, kNow).ok());
  EXPECT_TRUE(verifier_.Verify(new_token, kNow).ok());
  verifier_.SetKeys({{next->key_id, next->public_key}});
  ExpectRefused(old_token, "unknown key");
  EXPECT_TRUE(verifier_.Verify(new_token, kNow).ok());
  // A malformed public key is never used.
  verifier_.SetKeys({{next->key_id, "short"}});
  EXPECT_FALSE(verifier_.HasKeys());
  ExpectRefused(new_token, "unknown key");
}

TEST_F(TokenTest, ExpiredTokenIsRefused) {
  FakeClock clock(kNow);
  const std::string token = TokenSigner(key_).Sign(PersonClaims());
  clock.Advance(absl::Minutes(15) - absl::Seconds(1));
  EXPECT_TRUE(verifier_.Verify(token, clock.Now()).ok());
  clock.Advance(absl::Seconds(1));
  absl::StatusOr<TokenClaims> claims = verifier_.Verify(token, clock.Now());
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(claims.status().message(), "access token expired");
}

TEST_F(TokenTest, IssueTimeFarInTheFutureIsRefused) {
  TokenClaims claims = PersonClaims();
  claims.issue_time = kNow + absl::Seconds(30);  // within the tolerated clock skew
  claims.expire_time = kNow + absl::Minutes(15);
  EXPECT_TRUE(verifier_.Verify(TokenSigner(key_).Sign(claims), kNow).ok());
  claims.issue_time = kNow + absl::Minutes(5);
  ExpectRefused(TokenSigner(key_).Sign(claims), "future");
}

TEST_F(TokenTest, GarbageIsRefusedWithoutCrashing) {
  const std::string valid = TokenSigner(key_).Sign(PersonClaims());
  std::vector<std::string> parts = absl::StrSplit(valid, '.');
  for (const std::string& garbage : std::vector<std::string>{
           "",
           ".",
           "..",
           "...",
           "a",
           "a.b",
           "a.b.c",
           "a.b.c.d",
           valid + ".",
           "." + valid,
           absl::StrCat(parts[0], ".", parts[1], ".", parts[2], ".", parts[2]),
           absl::StrCat(parts[0], "!.", parts[1], ".", parts[2]),
           absl::StrCat(parts[0], ".", parts[1], "=.", parts[2]),
           absl::StrCat(parts[0], ".", parts[1], ".", parts[2], "=="),
           absl::StrCat(parts[0], ".", parts[1], ".", parts[2].substr(1)),
           absl::StrCat(Encode("not json"), ".", parts[1], ".", parts[2]),
           absl::StrCat(Encode("[1,2]"), ".", parts[1], ".", parts[2]),
           absl::StrCat(Encode(R"({"alg":"none","kid":")" + key_.key_id + "\"}"), ".", parts[1],
                        "."),
           absl::StrCat(Encode(R"({"alg":7,"kid":")" + key_.key_id + "\"}"), ".", parts[1], ".",
                        parts[2]),
           absl::StrCat(Encode(R"({"alg":"EdDSA","kid":["x"]})"), ".", parts[1], ".", parts[2]),
           absl::StrCat(Encode(R"({"alg":"EdDSA"})"), ".", parts[1], ".", parts[2]),
           absl::StrCat(Encode(std::string(3000, '[')), ".", parts[1], ".", parts[2]),
           absl::StrCat(Encode(std::string(2500, '[') + std::string(2500, ']')), ".", parts[1], ".",
                        parts[2]),
           std::string(10 * 1024, 'a'),
           absl::StrCat(parts[0], ".", Encode(std::string(10 * 1024, ' ')), ".", parts[2]),
       }) {
    SCOPED_TRACE(garbage.substr(0, 120));
    ExpectRefused(garbage);
  }
}

TEST_F(TokenTest, SignedClaimsOfTheWrongShapeAreRefused) {
  const std::string header = HeaderFor(key_);
  // The same claims with correct types are accepted, so each refusal is about its one change.
  ASSERT_TRUE(verifier_
                  .Verify(SignRaw(key_, header,
                                  R"({"sub":"per_1","roles":{"org_x":["coordinator"]},)"
                                  R"("iat":1750000000,"exp":1750000900})"),
                          kNow)
                  .ok());
  for (const std::string& claims : std::vector<std::string>{
           "",
           "not json",
           "null",
           "42",
           R"("string")",
           "[]",
           R"({"sub":"per_1")",
           R"({"sub":"per_1","iat":1750000000,"exp":1750000900,})",
           R"({"sub":7,"iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","sid":["x"],"iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","akid":{},"iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","pa":"true","iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","pa":1,"iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","roles":[],"iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","roles":{"org_x":"org_admin"},"iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","roles":{"org_x":[1]},"iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","roles":{"org_x":[null]},"iat":1750000000,"exp":1750000900})",
           R"({"sub":"per_1","iat":"1750000000","exp":1750000900})",
           R"({"sub":"per_1","iat":1750000000,"exp":1750000900.5})",
           R"({"sub":"per_1","iat":1750000000})",
           R"({"sub":"per_1","exp":1750000900})",
           R"({"sub":"per_1","iat":1750000000,"exp":18446744073709551615})",
           R"({"sub":"per_1","iat":1750000000,"exp":1e300})",
           R"({"sub":"per_1","iat":1750000000,"exp":-9223372036854775808})",
           R"({"iat":1750000000,"exp":1750000900})",
           R"({"sub":"","akid":"","iat":1750000000,"exp":1750000900})",
           "{\"sub\":\"per_\xff\",\"iat\":1750000000,\"exp\":1750000900}",
       }) {
    SCOPED_TRACE(claims);
    ExpectRefused(SignRaw(key_, header, claims));
  }
}

TEST_F(TokenTest, UnknownRoleNamesGrantNothing) {
  absl::StatusOr<TokenClaims> claims = verifier_.Verify(
      SignRaw(key_, HeaderFor(key_),
              R"({"sub":"per_1","roles":{"org_x":["coordinator","owner"]},"future":1,)"
              R"("iat":1750000000,"exp":1750000900})"),
      kNow);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->roles.at("org_x"), std::set<Role>{Role::kCoordinator});
}

TEST_F(TokenTest, InvalidUtf8InClaimsDoesNotThrowWhenSigning) {
  TokenClaims claims = PersonClaims();
  claims.person_id = "per_\xff";
  std::string token;
  EXPECT_NO_THROW(token = TokenSigner(key_).Sign(claims));
  EXPECT_FALSE(token.empty());
}

}  // namespace
}  // namespace leerpool::auth
