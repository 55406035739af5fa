// The RFC 5545 writer: escaping, CRLF, folding at 75 octets on UTF-8 boundaries.

#include "services/booking/core/icalendar.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace leerpool::booking::ical {
namespace {

using ::testing::ElementsAre;

// The physical lines of `text`, which must end in CRLF; fails on a bare LF or CR.
std::vector<std::string> PhysicalLines(const std::string& text) {
  EXPECT_TRUE(text.size() >= 2 && text.substr(text.size() - 2) == "\r\n") << text;
  std::vector<std::string> lines =
      absl::StrSplit(text.substr(0, text.size() - 2), std::string("\r\n"));
  for (const std::string& line : lines) {
    EXPECT_EQ(line.find('\n'), std::string::npos) << "bare LF in: " << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << "bare CR in: " << line;
  }
  return lines;
}

// Undoes folding the way a parser does: CRLF followed by one space disappears.
std::string Unfold(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

bool IsValidUtf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

TEST(EscapeTextTest, EscapesBackslashSemicolonCommaAndNewlines) {
  EXPECT_EQ(EscapeText("a\\b;c,d"), "a\\\\b\\;c\\,d");
  EXPECT_EQ(EscapeText("one\ntwo\r\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
  // A colon needs no escape in a value; double quotes neither in TEXT.
  EXPECT_EQ(EscapeText("10:00 \"rig\""), "10:00 \"rig\"");
}

TEST(EscapeTextTest, DropsControlCharactersButKeepsTabsAndUtf8) {
  EXPECT_EQ(EscapeText(std::string("a\x01"
                                   "b\x7f"
                                   "c\td",
                                   7)),
            "abc\td");
  EXPECT_EQ(EscapeText("Warmtepomp – Gent"), "Warmtepomp – Gent");
}

TEST(FoldLineTest, ShortLineGetsOnlyCrlf) {
  EXPECT_EQ(FoldLine("SUMMARY:hi"), "SUMMARY:hi\r\n");
  EXPECT_EQ(FoldLine(""), "\r\n");
}

TEST(FoldLineTest, SeventyFiveOctetsStayOnOneLine) {
  const std::string line = "X:" + std::string(73, 'a');
  ASSERT_EQ(line.size(), 75u);
  EXPECT_EQ(FoldLine(line), line + "\r\n");
}

TEST(FoldLineTest, SeventySixOctetsFoldAfterTheSeventyFifth) {
  const std::string line = "X:" + std::string(74, 'a');
  EXPECT_EQ(FoldLine(line), line.substr(0, 75) + "\r\n a\r\n");
}

TEST(FoldLineTest, ContinuationLinesCountTheirLeadingSpace) {
  const std::string line(75 + 74 + 10, 'b');
  std::vector<std::string> lines = PhysicalLines(FoldLine(line));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].size(), 75u);
  EXPECT_EQ(lines[1], " " + std::string(74, 'b'));
  EXPECT_EQ(lines[2], " " + std::string(10, 'b'));
  EXPECT_EQ(Unfold(FoldLine(line)), line + "\r\n");
}

TEST(FoldLineTest, NeverSplitsAMultiByteCharacter) {
  // 74 ASCII octets, then a 2-octet "é": it would straddle octet 75, so it moves down whole.
  const std::string two = std::string(74, 'a') + "é" + "z";
  std::vector<std::string> lines = PhysicalLines(FoldLine(two));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], std::string(74, 'a'));
  EXPECT_EQ(lines[1], " éz");

  // A 4-octet emoji starting at octet 73 (would end at 76) moves down; at 72 it fits.
  const std::string four = std::string(72, 'a') + "😀" + "b";
  lines = PhysicalLines(FoldLine(four));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], std::string(72, 'a'));
  const std::string fits = std::string(71, 'a') + "😀" + "b";
  lines = PhysicalLines(FoldLine(fits));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], std::string(71, 'a') + "😀");
  EXPECT_EQ(lines[1], " b");
}

TEST(FoldLineTest, LongMultiByteTextFoldsIntoValidUtf8LinesOfAtMost75Octets) {
  std::string line = "SUMMARY:";
  for (int i = 0; i < 60; ++i) line += "Ω€😀é";  // 2 + 3 + 4 + 2 octets
  const std::string folded = FoldLine(line);
  std::vector<std::string> lines = PhysicalLines(folded);
  EXPECT_GT(lines.size(), 8u);
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), kMaxLineOctets) << "line " << i;
    EXPECT_TRUE(IsValidUtf8(lines[i])) << "line " << i;
    if (i > 0) {
      EXPECT_EQ(lines[i][0], ' ');
    }
    // Folded as late as possible: a character is at most 4 octets.
    if (i + 1 < lines.size()) {
      EXPECT_GE(lines[i].size(), kMaxLineOctets - 3) << "line " << i;
    }
  }
  EXPECT_EQ(Unfold(folded), line + "\r\n");
}

TEST(FoldLineTest, MalformedUtf8IsCutPerByteWithoutLosingAnything) {
  // Stray continuation bytes and a truncated sequence: output is the same bytes, folded.
  std::string line = "X:" + std::string(70, 'a') + "\x80\x80\xE2\x82" + std::string(10, 'c');
  const std::string folded = FoldLine(line);
  for (const std::string& physical : PhysicalLines(folded)) {
    EXPECT_LE(physical.size(), kMaxLineOctets);
  }
  EXPECT_EQ(Unfold(folded), line + "\r\n");
}

TEST(FormatUtcTest, WritesBasicFormatWithZ) {
  absl::Time t = absl::FromCivil(absl::CivilSecond(2026, 3, 29, 1, 2, 3), absl::UTCTimeZone()) +
                 absl::Milliseconds(999);
  EXPECT_EQ(FormatUtc(t), "20260329T010203Z");
}

TEST(WriterTest, WritesComponentsAndEscapedFoldedProperties) {
  Writer writer;
  writer.Begin("VCALENDAR");
  writer.Raw("VERSION", "2.0");
  writer.Begin("VEVENT");
  writer.Text("SUMMARY", "Rig; room 2, floor 1\nbring shoes");
  writer.Utc("DTSTART", absl::FromUnixSeconds(0));
  writer.Integer("SEQUENCE", 42);
  writer.Text("DESCRIPTION", std::string(100, 'd'));
  writer.End("VEVENT");
  writer.End("VCALENDAR");
  EXPECT_THAT(
      PhysicalLines(writer.text()),
      ElementsAre("BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT",
                  "SUMMARY:Rig\\; room 2\\, floor 1\\nbring shoes", "DTSTART:19700101T000000Z",
                  "SEQUENCE:42", "DESCRIPTION:" + std::string(63, 'd'), " " + std::string(37, 'd'),
                  "END:VEVENT", "END:VCALENDAR"));
}

}  // namespace
}  // namespace leerpool::booking::ical
