#include "services/booking/store/stat_rows.h"

#include <nlohmann/json.hpp>

namespace leerpool::booking::stat_rows {

std::string JsonList(const std::vector<std::string>& ids) { return nlohmann::json(ids).dump(); }

}  // namespace leerpool::booking::stat_rows
