#include "services/catalogue/postgres/pg_search_text.h"

#include <sqlite3.h>

#include <cmath>
#include <memory>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace leerpool::catalogue::pg_internal {
namespace {

// The options of SQLite's index (sqlite/migrations/0002_listings.sql).
constexpr const char* kTokenizerArgs[] = {"remove_diacritics", "2"};
// bm25's column weights in the SQLite store: title, tags, owner, description.
constexpr double kColumnWeights[] = {10.0, 4.0, 3.0, 1.0};
constexpr char kColumnWeightLetters[] = {'A', 'B', 'C', 'D'};
// A tsvector lexeme holds at most 2046 bytes. Query words hold at most 200, so cutting a
// longer token there changes no match: it still starts with whatever a query asks.
constexpr size_t kMaxLexemeBytes = 2046;

// SQLite's unicode61 tokenizer, found once on a private in-memory connection; each call
// creates its own tokenizer instance (instances keep a buffer, the module does not).
struct Unicode61 {
  sqlite3* db = nullptr;
  fts5_tokenizer tokenizer{};
  void* user_data = nullptr;
  absl::Status status;
};

const Unicode61& Tokenizer() {
  static const Unicode61* const kTokenizer = [] {
    auto* found = new Unicode61;
    if (sqlite3_open_v2(":memory:", &found->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX,
                        nullptr) != SQLITE_OK) {
      found->status = absl::InternalError("catalogue search: cannot open SQLite for FTS5");
      return found;
    }
    fts5_api* api = nullptr;
    sqlite3_stmt* select = nullptr;
    if (sqlite3_prepare_v2(found->db, "SELECT fts5(?1)", -1, &select, nullptr) == SQLITE_OK) {
      sqlite3_bind_pointer(select, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
      sqlite3_step(select);
    }
    sqlite3_finalize(select);
    if (api == nullptr || api->iVersion < 2 ||
        api->xFindTokenizer(api, "unicode61", &found->user_data, &found->tokenizer) != SQLITE_OK) {
      found->status = absl::InternalError("catalogue search: SQLite has no FTS5 unicode61");
    }
    return found;
  }();
  return *kTokenizer;
}

absl::StatusOr<std::vector<std::string>> Tokens(std::string_view text, int flags) {
  const Unicode61& unicode61 = Tokenizer();
  if (!unicode61.status.ok()) return unicode61.status;
  Fts5Tokenizer* instance = nullptr;
  if (unicode61.tokenizer.xCreate(unicode61.user_data, const_cast<const char**>(kTokenizerArgs), 2,
                                  &instance) != SQLITE_OK) {
    return absl::InternalError("catalogue search: cannot create the unicode61 tokenizer");
  }
  std::unique_ptr<Fts5Tokenizer, void (*)(Fts5Tokenizer*)> owned(instance,
                                                                 unicode61.tokenizer.xDelete);
  std::vector<std::string> tokens;
  auto add = [](void* context, int, const char* token, int bytes, int, int) -> int {
    static_cast<std::vector<std::string>*>(context)->emplace_back(token,
                                                                  static_cast<size_t>(bytes));
    return SQLITE_OK;
  };
  if (unicode61.tokenizer.xTokenize(instance, &tokens, flags, text.data(),
                                    static_cast<int>(text.size()), add) != SQLITE_OK) {
    return absl::InternalError("catalogue search: tokenizing failed");
  }
  return tokens;
}

// A lexeme of a tsvector or tsquery literal, quoted: quotes and backslashes doubled.
void AppendQuoted(std::string& out, std::string_view token) {
  if (token.size() > kMaxLexemeBytes) {
    size_t cut = kMaxLexemeBytes;
    while (cut > 0 && (static_cast<unsigned char>(token[cut]) & 0xc0) == 0x80) --cut;
    token = token.substr(0, cut);
  }
  out += '\'';
  for (char c : token) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  out += '\'';
}

// Instances of `phrase` (the last token a prefix) in `tokens`, as FTS5's xInst counts them.
int Instances(const Phrase& phrase, const std::vector<std::string_view>& tokens) {
  if (phrase.empty() || tokens.size() < phrase.size()) return 0;
  int count = 0;
  const size_t last = phrase.size() - 1;
  for (size_t start = 0; start + last < tokens.size(); ++start) {
    bool match = true;
    for (size_t k = 0; k < last && match; ++k) match = tokens[start + k] == phrase[k];
    if (match && tokens[start + last].starts_with(phrase[last])) ++count;
  }
  return count;
}

std::vector<std::string_view> SplitTokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(' ', begin);
    if (end == std::string_view::npos) end = text.size();
    if (end > begin) tokens.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return tokens;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> Fts5Tokens(std::string_view text) {
  return Tokens(text, FTS5_TOKENIZE_DOCUMENT);
}

absl::StatusOr<SearchDocument> MakeSearchDocument(const SearchColumns& columns) {
  SearchDocument document;
  std::string* outputs[] = {&document.title, &document.tags, &document.owner,
                            &document.description};
  const std::string* inputs[] = {&columns.title, &columns.tags, &columns.owner,
                                 &columns.description};
  int64_t position = 0;
  for (int column = 0; column < 4; ++column) {
    absl::StatusOr<std::vector<std::string>> tokens = Fts5Tokens(*inputs[column]);
    if (!tokens.ok()) return tokens.status();
    *outputs[column] = absl::StrJoin(*tokens, " ");
    document.token_count += static_cast<int64_t>(tokens->size());
    for (const std::string& token : *tokens) {
      ++position;
      if (!document.tsvector.empty()) document.tsvector += ' ';
      AppendQuoted(document.tsvector, token);
      // PostgreSQL keeps positions up to 16383 (listing text stays far below).
      absl::StrAppend(&document.tsvector, ":", position,
                      std::string(1, kColumnWeightLetters[column]));
    }
    // The gap between columns.
    ++position;
  }
  return document;
}

absl::StatusOr<std::vector<Phrase>> QueryPhrases(const std::vector<SearchWord>& words) {
  std::vector<Phrase> phrases;
  for (const SearchWord& word : words) {
    absl::StatusOr<std::vector<std::string>> tokens =
        Tokens(absl::StrJoin(word.parts, " "), FTS5_TOKENIZE_QUERY);
    if (!tokens.ok()) return tokens.status();
    phrases.push_back(std::move(*tokens));
  }
  return phrases;
}

std::string TsQuery(const std::vector<Phrase>& phrases) {
  std::string query;
  for (const Phrase& phrase : phrases) {
    if (!query.empty()) query += " & ";
    query += '(';
    for (size_t i = 0; i < phrase.size(); ++i) {
      if (i > 0) query += " <-> ";
      AppendQuoted(query, phrase[i]);
      if (i + 1 == phrase.size()) query += ":*";
    }
    query += ')';
  }
  return query;
}

double Bm25(const std::vector<Phrase>& phrases, const Bm25Collection& collection,
            const SearchDocument& row) {
  // fts5Bm25Function and fts5Bm25GetData of SQLite's fts5_aux.c, step for step.
  const double k1 = 1.2;
  const double b = 0.75;
  const double avgdl =
      static_cast<double>(collection.tokens) / static_cast<double>(collection.rows);
  const std::vector<std::string_view> columns[] = {SplitTokens(row.title), SplitTokens(row.tags),
                                                   SplitTokens(row.owner),
                                                   SplitTokens(row.description)};
  const double D = static_cast<double>(row.token_count);
  double score = 0.0;
  for (size_t i = 0; i < phrases.size(); ++i) {
    const int64_t hits =
        i < collection.rows_with_phrase.size() ? collection.rows_with_phrase[i] : 0;
    double idf = log((collection.rows - hits + 0.5) / (hits + 0.5));
    if (idf <= 0.0) idf = 1e-6;
    double frequency = 0.0;
    for (int column = 0; column < 4; ++column) {
      frequency += kColumnWeights[column] * Instances(phrases[i], columns[column]);
    }
    score += idf * ((frequency * (k1 + 1.0)) / (frequency + k1 * (1 - b + b * D / avgdl)));
  }
  return -1.0 * score;
}

}  // namespace leerpool::catalogue::pg_internal
