#include "services/common/ids.h"

#include <array>
#include <cstdint>
#include <random>

#include "absl/strings/escaping.h"

namespace leerpool {

std::string NewId(std::string_view prefix) {
  // std::random_device reads the kernel's CSPRNG on Linux; one per thread avoids locking.
  thread_local std::random_device device;
  std::array<uint32_t, 4> words;
  for (auto& word : words) word = device();
  std::string bytes(reinterpret_cast<const char*>(words.data()), sizeof(words));
  std::string id(prefix);
  id += '_';
  id += absl::BytesToHexString(bytes);
  return id;
}

}  // namespace leerpool
