#include "services/booking/core/icalendar.h"

namespace leerpool::booking::ical {
namespace {

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Octets of the character starting at `i`: what its lead byte announces, but no more than
// the continuation bytes that follow, so malformed input is cut per byte instead of
// swallowing the next character.
size_t CharacterOctets(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t expected = 1;
  if ((lead & 0xE0) == 0xC0) {
    expected = 2;
  } else if ((lead & 0xF0) == 0xE0) {
    expected = 3;
  } else if ((lead & 0xF8) == 0xF0) {
    expected = 4;
  }
  size_t octets = 1;
  while (octets < expected && i + octets < text.size() &&
         IsContinuation(static_cast<unsigned char>(text[i + octets]))) {
    ++octets;
  }
  return octets;
}

}  // namespace

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        out += "\\n";
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) break;
        out += c;
    }
  }
  return out;
}

std::string FoldLine(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3 + 2);
  size_t octets_on_line = 0;
  for (size_t i = 0; i < line.size();) {
    const size_t n = CharacterOctets(line, i);
    if (octets_on_line + n > kMaxLineOctets) {
      out += "\r\n ";
      octets_on_line = 1;
    }
    out.append(line.substr(i, n));
    octets_on_line += n;
    i += n;
  }
  out += "\r\n";
  return out;
}

std::string FormatUtc(absl::Time time) {
  return absl::FormatTime("%Y%m%dT%H%M%SZ", time, absl::UTCTimeZone());
}

void Writer::Begin(std::string_view component) { Raw("BEGIN", component); }

void Writer::End(std::string_view component) { Raw("END", component); }

void Writer::Text(std::string_view name, std::string_view value) { Raw(name, EscapeText(value)); }

void Writer::Raw(std::string_view name, std::string_view value) {
  std::string line(name);
  line += ':';
  line += value;
  text_ += FoldLine(line);
}

void Writer::Utc(std::string_view name, absl::Time time) { Raw(name, FormatUtc(time)); }

void Writer::Integer(std::string_view name, int64_t value) { Raw(name, std::to_string(value)); }

}  // namespace leerpool::booking::ical
