#ifndef LEERPOOL_CLIENTS_DEMO_DEMO_SCRIPT_H_
#define LEERPOOL_CLIENTS_DEMO_DEMO_SCRIPT_H_

#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace leerpool::demo {

// A demo data file is a list of API calls made through the gateway, like a real client:
//   {"steps": [{"as": "curio", "method": "POST", "path": "/v1/organizations", "body": {...}},
//              {"method": "POST", "path": "/v1/listings", "body": {"ownerId": "${curio.id}"}}]}
// A step named with "as" keeps its JSON response; later strings may refer to any field of it
// as ${name.field.sub}. A whole string "${name.field}" is replaced by the field's JSON value
// (so numbers and objects keep their type); inside longer text, by its text. A step's
// optional "token" (after substitution, e.g. "${admin.accessToken}") is sent as
// "Authorization: Bearer <token>".

// Performs one HTTP call: (method, path, JSON body, bearer token or "") -> (status, body).
using Caller = std::function<absl::StatusOr<std::pair<int, std::string>>(
    const std::string& method, const std::string& path, const std::string& body,
    const std::string& token)>;

// Replaces every ${...} reference in `value` from `saved`; NOT_FOUND for an unknown one.
absl::StatusOr<nlohmann::json> Substitute(const nlohmann::json& value,
                                          const std::map<std::string, nlohmann::json>& saved);

// Runs every step in order and stops at the first failure, naming the step.
absl::Status RunScript(const nlohmann::json& script, const Caller& call, int* steps_done);

}  // namespace leerpool::demo

#endif  // LEERPOOL_CLIENTS_DEMO_DEMO_SCRIPT_H_
