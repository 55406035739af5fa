#ifndef LEERPOOL_TESTS_SERVICES_GATEWAY_TRANSCODING_TEST_UTIL_H_
#define LEERPOOL_TESTS_SERVICES_GATEWAY_TRANSCODING_TEST_UTIL_H_

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "proto/descriptor_set.h"
#include "services/gateway/transcoding/transcoder.h"

namespace leerpool::gateway::testing {

// The descriptor set of testdata/transcoding_test.proto, compiled by protoc at build time.
inline std::string TestDescriptorSet() {
  std::ifstream in(TRANSCODING_TEST_DESCRIPTOR_SET, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::unique_ptr<Transcoder> MakeTranscoder(const std::string& descriptor_set) {
  absl::StatusOr<std::unique_ptr<Transcoder>> t = Transcoder::Create(descriptor_set);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *std::move(t) : nullptr;
}

inline std::unique_ptr<Transcoder> RealTranscoder() {
  return MakeTranscoder(std::string(leerpool::proto::DescriptorSetBytes()));
}

inline std::unique_ptr<Transcoder> TestTranscoder() { return MakeTranscoder(TestDescriptorSet()); }

inline std::string Message(const absl::Status& status) { return std::string(status.message()); }

}  // namespace leerpool::gateway::testing

#endif  // LEERPOOL_TESTS_SERVICES_GATEWAY_TRANSCODING_TEST_UTIL_H_
