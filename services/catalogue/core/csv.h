#ifndef LEERPOOL_SERVICES_CATALOGUE_CORE_CSV_H_
#define LEERPOOL_SERVICES_CATALOGUE_CORE_CSV_H_

// RFC 4180 CSV reading that never gives up on a file: a malformed record is returned with its
// error and reading goes on, so an import can report every row.

#include <string>
#include <string_view>
#include <vector>

namespace leerpool::catalogue {

struct CsvRecord {
  // The physical line (1-based) the record starts on; records may span lines.
  int line = 0;
  std::vector<std::string> fields;
  // Set when the record is malformed (its fields are then incomplete).
  std::string error;
};

// Reads every record of `text`: fields separated by ',', records by CRLF or LF (a lone CR
// too), fields optionally in double quotes, where "" stands for one quote and commas and line
// breaks are data. A leading UTF-8 byte order mark is skipped; empty lines are not records.
// A quote inside an unquoted field, text after a closing quote, or a quote left open at the
// end of the file make that record malformed; reading resumes on the next line.
std::vector<CsvRecord> ParseCsv(std::string_view text);

}  // namespace leerpool::catalogue

#endif  // LEERPOOL_SERVICES_CATALOGUE_CORE_CSV_H_
