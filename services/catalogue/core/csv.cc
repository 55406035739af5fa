#include "services/catalogue/core/csv.h"

namespace leerpool::catalogue {
namespace {

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  std::vector<CsvRecord> ReadAll() {
    std::vector<CsvRecord> records;
    while (pos_ < text_.size()) {
      if (AtLineBreak()) {  // an empty line
        SkipLineBreak();
        continue;
      }
      records.push_back(ReadRecord());
    }
    return records;
  }

 private:
  bool AtLineBreak() const { return text_[pos_] == '\n' || text_[pos_] == '\r'; }

  void SkipLineBreak() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
    ++pos_;
    ++line_;
  }

  // Abandons the record: everything up to and including the next line break.
  void SkipRestOfLine() {
    while (pos_ < text_.size() && !AtLineBreak()) ++pos_;
    if (pos_ < text_.size()) SkipLineBreak();
  }

  CsvRecord ReadRecord() {
    CsvRecord record;
    record.line = line_;
    const size_t record_start = pos_;
    const int record_line = line_;
    while (true) {
      std::string field;
      if (text_[pos_] == '"') {
        ++pos_;
        bool closed = false;
        while (pos_ < text_.size()) {
          const char c = text_[pos_];
          if (c == '"') {
            if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
              field.push_back('"');
              pos_ += 2;
              continue;
            }
            ++pos_;
            closed = true;
            break;
          }
          if (c == '\n') ++line_;
          field.push_back(c);
          ++pos_;
        }
        if (!closed) {
          // Everything after the open quote would be swallowed into one field; instead the
          // record's first line is reported and reading resumes on the line after it.
          record.error = "a quoted field is not closed";
          pos_ = record_start;
          line_ = record_line;
          SkipRestOfLine();
          return record;
        }
        if (pos_ < text_.size() && text_[pos_] != ',' && !AtLineBreak()) {
          record.error = "unexpected text after a closing quote";
          SkipRestOfLine();
          return record;
        }
      } else {
        while (pos_ < text_.size() && text_[pos_] != ',' && !AtLineBreak()) {
          if (text_[pos_] == '"') {
            record.error = "a quote inside an unquoted field (quote the whole field)";
            SkipRestOfLine();
            return record;
          }
          field.push_back(text_[pos_++]);
        }
      }
      record.fields.push_back(std::move(field));
      if (pos_ >= text_.size()) return record;
      if (text_[pos_] == ',') {
        ++pos_;
        if (pos_ >= text_.size() || AtLineBreak()) {
          // A trailing comma ends the record with one more empty field.
          record.fields.emplace_back();
          if (pos_ < text_.size()) SkipLineBreak();
          return record;
        }
        continue;
      }
      SkipLineBreak();
      return record;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

std::vector<CsvRecord> ParseCsv(std::string_view text) { return CsvReader(text).ReadAll(); }

}  // namespace leerpool::catalogue
