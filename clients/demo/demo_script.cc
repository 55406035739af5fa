#include "clients/demo/demo_script.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace leerpool::demo {
namespace {

using nlohmann::json;

absl::StatusOr<json> Lookup(const std::string& reference,
                            const std::map<std::string, json>& saved) {
  std::vector<std::string> parts = absl::StrSplit(reference, '.');
  auto it = saved.find(parts[0]);
  if (it == saved.end()) {
    return absl::NotFoundError(absl::StrCat("no earlier step is named \"", parts[0], "\""));
  }
  const json* node = &it->second;
  for (size_t i = 1; i < parts.size(); ++i) {
    if (!node->is_object() || !node->contains(parts[i])) {
      return absl::NotFoundError(absl::StrCat("${", reference, "}: no field \"", parts[i], "\""));
    }
    node = &(*node)[parts[i]];
  }
  return *node;
}

absl::StatusOr<json> SubstituteString(const std::string& text,
                                      const std::map<std::string, json>& saved) {
  if (text.starts_with("${") && text.ends_with("}") && text.find("${", 2) == std::string::npos) {
    return Lookup(text.substr(2, text.size() - 3), saved);
  }
  std::string out;
  size_t position = 0;
  while (true) {
    const size_t start = text.find("${", position);
    if (start == std::string::npos) break;
    const size_t end = text.find('}', start);
    if (end == std::string::npos) break;
    out += text.substr(position, start - position);
    absl::StatusOr<json> value = Lookup(text.substr(start + 2, end - start - 2), saved);
    if (!value.ok()) return value.status();
    out += value->is_string() ? value->get<std::string>() : value->dump();
    position = end + 1;
  }
  out += text.substr(position);
  return json(out);
}

}  // namespace

absl::StatusOr<json> Substitute(const json& value, const std::map<std::string, json>& saved) {
  if (value.is_string()) return SubstituteString(value.get<std::string>(), saved);
  if (value.is_array() || value.is_object()) {
    json out = value;
    for (auto& [key, item] : value.items()) {
      absl::StatusOr<json> replaced = Substitute(item, saved);
      if (!replaced.ok()) return replaced.status();
      if (value.is_array()) {
        out[std::stoul(key)] = *replaced;
      } else {
        out[key] = *replaced;
      }
    }
    return out;
  }
  return value;
}

absl::Status RunScript(const json& script, const Caller& call, int* steps_done) {
  if (!script.is_object() || !script.contains("steps") || !script["steps"].is_array()) {
    return absl::InvalidArgumentError("demo data must be an object with a \"steps\" array");
  }
  std::map<std::string, json> saved;
  int index = 0;
  for (const json& step : script["steps"]) {
    ++index;
    const std::string label = absl::StrCat(
        "step ", index,
        step.contains("as") ? absl::StrCat(" (", step["as"].get<std::string>(), ")") : "");
    if (!step.contains("method") || !step.contains("path")) {
      return absl::InvalidArgumentError(absl::StrCat(label, ": needs \"method\" and \"path\""));
    }
    absl::StatusOr<json> path = Substitute(step["path"], saved);
    absl::StatusOr<json> body = Substitute(step.value("body", json::object()), saved);
    absl::StatusOr<json> token = Substitute(step.value("token", json("")), saved);
    if (!token.ok() || !token->is_string()) {
      return absl::InvalidArgumentError(absl::StrCat(label, ": bad token reference"));
    }
    if (!path.ok())
      return absl::InvalidArgumentError(absl::StrCat(label, ": ", path.status().message()));
    if (!body.ok())
      return absl::InvalidArgumentError(absl::StrCat(label, ": ", body.status().message()));
    absl::StatusOr<std::pair<int, std::string>> response =
        call(step["method"].get<std::string>(), path->get<std::string>(), body->dump(),
             token->get<std::string>());
    if (!response.ok()) {
      return absl::UnavailableError(absl::StrCat(label, ": ", response.status().message()));
    }
    if (response->first / 100 != 2) {
      return absl::FailedPreconditionError(absl::StrCat(
          label, ": ", step["method"].get<std::string>(), " ", path->get<std::string>(),
          " answered ", response->first, ": ", response->second));
    }
    if (step.contains("as")) {
      json parsed = json::parse(response->second, nullptr, false);
      if (parsed.is_discarded()) {
        return absl::FailedPreconditionError(absl::StrCat(label, ": response is not JSON"));
      }
      saved[step["as"].get<std::string>()] = std::move(parsed);
    }
    if (steps_done != nullptr) *steps_done = index;
  }
  return absl::OkStatus();
}

}  // namespace leerpool::demo
