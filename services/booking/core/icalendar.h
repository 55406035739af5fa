#ifndef LEERPOOL_SERVICES_BOOKING_CORE_ICALENDAR_H_
#define LEERPOOL_SERVICES_BOOKING_CORE_ICALENDAR_H_

// Just enough of RFC 5545 to publish a calendar: content lines with CRLF endings, folded at
// 75 octets without splitting a UTF-8 character, TEXT values escaped, UTC date-times. Knows
// nothing about reservations.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace leerpool::booking::ical {

// The longest content line, in octets, excluding the CRLF (RFC 5545 section 3.1).
inline constexpr size_t kMaxLineOctets = 75;

// A TEXT value (section 3.3.11): backslash, semicolon and comma escaped, a newline (LF, CRLF
// or a lone CR) written as "\n", other control characters but HTAB dropped (TEXT may not
// hold them).
std::string EscapeText(std::string_view text);

// `line` followed by CRLF, broken into lines of at most kMaxLineOctets octets, each
// continuation starting with one space (which counts towards its 75). A break never falls
// inside a UTF-8 sequence, so each physical line stays valid UTF-8.
std::string FoldLine(std::string_view line);

// A UTC DATE-TIME in the form "20260301T090000Z" (seconds truncated to whole seconds).
std::string FormatUtc(absl::Time time);

// Writes a calendar object line by line.
class Writer {
 public:
  void Begin(std::string_view component);
  void End(std::string_view component);
  // NAME:value with `value` escaped as TEXT.
  void Text(std::string_view name, std::string_view value);
  // NAME:value with `value` written as given: for values of other types (already valid).
  void Raw(std::string_view name, std::string_view value);
  // NAME:yyyymmddThhmmssZ
  void Utc(std::string_view name, absl::Time time);
  void Integer(std::string_view name, int64_t value);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

}  // namespace leerpool::booking::ical

#endif  // LEERPOOL_SERVICES_BOOKING_CORE_ICALENDAR_H_
