#ifndef LEERPOOL_SERVICES_CATALOGUE_POSTGRES_PG_SEARCH_TEXT_H_
#define LEERPOOL_SERVICES_CATALOGUE_POSTGRES_PG_SEARCH_TEXT_H_

// Full text on PostgreSQL that finds and ranks exactly what the SQLite store's FTS5 index
// does. Text is split and folded by SQLite's own unicode61 tokenizer (remove_diacritics 2, the
// SQLite index's options) rather than by a text search configuration: PostgreSQL's parser keeps
// e-mail addresses, host names, "1.5" and "e-learning" whole and unaccent folds differently
// (ß, æ), so no configuration gives the same tokens. The tokens go into a tsvector written as
// a literal (positions per column, a gap between columns so no phrase spans two, as FTS5
// phrases never do), queried with a tsquery of the same phrases (the last token a prefix) under
// a GIN index; relevance is FTS5's bm25 computed here from the same numbers FTS5 uses.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/catalogue/core/catalogue_store.h"

namespace leerpool::catalogue::pg_internal {

// The tokens of `text` as FTS5's "unicode61 remove_diacritics 2" gives them (lower case, no
// accents, split at anything but letters, digits and private-use characters).
absl::StatusOr<std::vector<std::string>> Fts5Tokens(std::string_view text);

// The four columns of a listing's search entry, as SQLite's store writes them.
struct SearchColumns {
  std::string title, tags, owner, description;
};

// What the PostgreSQL listing_search row holds for a listing.
struct SearchDocument {
  // Each column's tokens, space separated.
  std::string title, tags, owner, description;
  int64_t token_count = 0;
  // A tsvector literal of every token with its position and column weight.
  std::string tsvector;
};
absl::StatusOr<SearchDocument> MakeSearchDocument(const SearchColumns& columns);

// The query's phrases: each word's tokens (its parts folded as the index folds them). A phrase
// without tokens matches nothing, as an empty FTS5 phrase does.
using Phrase = std::vector<std::string>;
absl::StatusOr<std::vector<Phrase>> QueryPhrases(const std::vector<SearchWord>& words);

// A tsquery literal: the phrases' tokens adjacent (<->), the last one a prefix (:*), the
// phrases ANDed. Every phrase must have tokens.
std::string TsQuery(const std::vector<Phrase>& phrases);

// The collection-wide numbers bm25 needs: rows in the index, their tokens, and per phrase the
// rows containing it.
struct Bm25Collection {
  int64_t rows = 0;
  int64_t tokens = 0;
  std::vector<int64_t> rows_with_phrase;
};

// FTS5's bm25(listing_search, 10.0, 4.0, 3.0, 1.0) of a row (negative: lower is more
// relevant), from its stored token columns; the same arithmetic as SQLite's, so the same
// value.
double Bm25(const std::vector<Phrase>& phrases, const Bm25Collection& collection,
            const SearchDocument& row);

}  // namespace leerpool::catalogue::pg_internal

#endif  // LEERPOOL_SERVICES_CATALOGUE_POSTGRES_PG_SEARCH_TEXT_H_
