#ifndef LEERPOOL_SERVICES_GATEWAY_STATIC_FILES_H_
#define LEERPOOL_SERVICES_GATEWAY_STATIC_FILES_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace leerpool::gateway {

struct StaticFile {
  std::string content;
  std::string content_type;
  // Fingerprinted bundle assets may be cached for long; index.html must not be.
  bool immutable = false;
};

// Serves the web client's built files from one directory. Paths that would leave the
// directory are refused; a path without a file extension that names no file gets
// index.html, so client-side routes survive a page reload.
class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  bool enabled() const { return !root_.empty(); }
  std::optional<StaticFile> Find(std::string_view url_path) const;

 private:
  std::filesystem::path root_;
};

std::string ContentTypeFor(const std::filesystem::path& path);

}  // namespace leerpool::gateway

#endif  // LEERPOOL_SERVICES_GATEWAY_STATIC_FILES_H_
