#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_SEARCH_TEXT_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_SEARCH_TEXT_H_

#include <string_view>
#include <vector>

#include "services/catalogue/core/catalogue_store.h"

namespace leerpool::catalogue {

// Splits a user's search text into words at white space, and each word into its parts at
// punctuation and symbols ("e-learning" -> {"e", "learning"}, "café," -> {"café"}), the way
// the full-text index splits listings. Words without letters or digits are dropped, so what
// reaches the store is only letters and digits. `text` must be valid UTF-8.
std::vector<SearchWord> SplitSearchText(std::string_view text);

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_SEARCH_TEXT_H_
