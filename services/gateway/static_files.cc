#include "services/gateway/static_files.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace leerpool::gateway {
namespace {

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

bool IsInside(const std::filesystem::path& root, const std::filesystem::path& candidate) {
  auto root_it = root.begin();
  auto it = candidate.begin();
  for (; root_it != root.end(); ++root_it, ++it) {
    if (it == candidate.end() || *it != *root_it) return false;
  }
  return true;
}

}  // namespace

StaticFiles::StaticFiles(std::filesystem::path root) {
  if (root.empty()) return;
  std::error_code error;
  root_ = std::filesystem::weakly_canonical(root, error);
  if (error) root_.clear();
}

std::optional<StaticFile> StaticFiles::Find(std::string_view url_path) const {
  if (root_.empty() || url_path.empty() || url_path.front() != '/') return std::nullopt;
  if (url_path.find('\0') != std::string_view::npos) return std::nullopt;
  std::string relative(url_path.substr(1));
  if (relative.empty()) relative = "index.html";
  std::error_code error;
  const std::filesystem::path candidate =
      std::filesystem::weakly_canonical(root_ / relative, error);
  if (error || !IsInside(root_, candidate)) return std::nullopt;
  if (auto content = ReadFile(candidate)) {
    const bool in_assets = relative.starts_with("assets/");
    return StaticFile{std::move(*content), ContentTypeFor(candidate), in_assets};
  }
  if (std::filesystem::path(relative).has_extension()) return std::nullopt;
  if (auto index = ReadFile(root_ / "index.html")) {
    return StaticFile{std::move(*index), "text/html; charset=utf-8", false};
  }
  return std::nullopt;
}

std::string ContentTypeFor(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".jpg" || extension == ".jpeg") return "image/jpeg";
  if (extension == ".webp") return "image/webp";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace leerpool::gateway
