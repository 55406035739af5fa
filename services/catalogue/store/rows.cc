#include "services/catalogue/store/rows.h"

#include <nlohmann/json.hpp>

namespace leerpool::catalogue::store_internal {
namespace {

using Json = nlohmann::json;

// The array a column holds; anything else (malformed text included) reads as empty.
Json ParseArray(const std::string& text) {
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_array() ? parsed : Json::array();
}

}  // namespace

std::vector<std::string> StringsFromJson(const std::string& text) {
  std::vector<std::string> values;
  for (const Json& value : ParseArray(text)) {
    if (value.is_string()) values.push_back(value.get<std::string>());
  }
  return values;
}

std::vector<int> IntsFromJson(const std::string& text) {
  std::vector<int> values;
  for (const Json& value : ParseArray(text)) {
    if (value.is_number_integer()) values.push_back(value.get<int>());
  }
  return values;
}

std::string JsonText(const std::vector<std::string>& values) { return Json(values).dump(); }
std::string JsonText(const std::vector<int>& values) { return Json(values).dump(); }
std::string JsonText(const std::vector<int64_t>& values) { return Json(values).dump(); }

std::string AudiencesJson(const std::vector<Audience>& audiences) {
  std::vector<int> values;
  for (Audience audience : audiences) values.push_back(static_cast<int>(audience));
  return JsonText(values);
}

std::vector<Audience> AudiencesFromJson(const std::string& text) {
  std::vector<Audience> audiences;
  for (int value : IntsFromJson(text)) audiences.push_back(static_cast<Audience>(value));
  return audiences;
}

std::string MediaJson(const std::vector<MediaLink>& media) {
  Json array = Json::array();
  for (const MediaLink& link : media) {
    array.push_back({{"url", link.url}, {"kind", link.kind}, {"caption", link.caption}});
  }
  return array.dump();
}

std::vector<MediaLink> MediaFromJson(const std::string& text) {
  std::vector<MediaLink> media;
  for (const Json& item : ParseArray(text)) {
    if (!item.is_object()) continue;
    // value() would throw on a key of another type; a stored document must never do that.
    auto text = [&item](const char* key) {
      auto it = item.find(key);
      return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    media.push_back({text("url"), text("kind"), text("caption")});
  }
  return media;
}

}  // namespace leerpool::catalogue::store_internal
