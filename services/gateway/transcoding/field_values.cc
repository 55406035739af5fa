#include "services/gateway/transcoding/field_values.h"

#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"

namespace leerpool::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr absl::string_view kTimestamp = "google.protobuf.Timestamp";
constexpr absl::string_view kDuration = "google.protobuf.Duration";
constexpr absl::string_view kFieldMask = "google.protobuf.FieldMask";

bool IsWrapper(absl::string_view full_name) {
  return full_name == "google.protobuf.DoubleValue" || full_name == "google.protobuf.FloatValue" ||
         full_name == "google.protobuf.Int64Value" || full_name == "google.protobuf.UInt64Value" ||
         full_name == "google.protobuf.Int32Value" || full_name == "google.protobuf.UInt32Value" ||
         full_name == "google.protobuf.BoolValue" || full_name == "google.protobuf.StringValue" ||
         full_name == "google.protobuf.BytesValue";
}

// Client text echoed in errors is cut short: it may be arbitrarily long.
std::string Shorten(absl::string_view text) {
  constexpr size_t kMax = 64;
  if (text.size() <= kMax) return std::string(text);
  return absl::StrCat(text.substr(0, kMax), "...");
}

absl::Status ValueError(absl::string_view name, absl::string_view text, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid value for ", name, ": \"", Shorten(text), "\" is not ", what));
}

template <typename T>
bool ParseInteger(absl::string_view text, T* out) {
  // SimpleAtoi would also accept surrounding whitespace; a typed API should not.
  return !text.empty() && !absl::ascii_isspace(static_cast<unsigned char>(text.front())) &&
         !absl::ascii_isspace(static_cast<unsigned char>(text.back())) &&
         absl::SimpleAtoi(text, out);
}

absl::Status SetScalar(Message& message, const FieldDescriptor& field, absl::string_view text,
                       absl::string_view name) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t v;
      if (!ParseInteger(text, &v)) return ValueError(name, text, "an int32");
      repeated ? r.AddInt32(&message, &field, v) : r.SetInt32(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t v;
      if (!ParseInteger(text, &v)) return ValueError(name, text, "an int64");
      repeated ? r.AddInt64(&message, &field, v) : r.SetInt64(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t v;
      if (!ParseInteger(text, &v)) return ValueError(name, text, "a uint32");
      repeated ? r.AddUInt32(&message, &field, v) : r.SetUInt32(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t v;
      if (!ParseInteger(text, &v)) return ValueError(name, text, "a uint64");
      repeated ? r.AddUInt64(&message, &field, v) : r.SetUInt64(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double v;
      if (!absl::SimpleAtod(text, &v)) return ValueError(name, text, "a number");
      repeated ? r.AddDouble(&message, &field, v) : r.SetDouble(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      float v;
      if (!absl::SimpleAtof(text, &v)) return ValueError(name, text, "a number");
      repeated ? r.AddFloat(&message, &field, v) : r.SetFloat(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      bool v;
      if (!absl::SimpleAtob(text, &v)) return ValueError(name, text, "a bool (true or false)");
      repeated ? r.AddBool(&message, &field, v) : r.SetBool(&message, &field, v);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const EnumValueDescriptor* value = field.enum_type()->FindValueByName(std::string(text));
      int number;
      if (value == nullptr && ParseInteger(text, &number)) {
        value = field.enum_type()->FindValueByNumber(number);
      }
      if (value == nullptr) {
        return ValueError(name, text, absl::StrCat("a value of ", field.enum_type()->full_name()));
      }
      repeated ? r.AddEnum(&message, &field, value) : r.SetEnum(&message, &field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string v;
      if (field.type() == FieldDescriptor::TYPE_BYTES) {
        if (!absl::Base64Unescape(text, &v) && !absl::WebSafeBase64Unescape(text, &v)) {
          return ValueError(name, text, "base64");
        }
      } else if (!IsValidUtf8(text)) {
        return ValueError(name, text, "valid UTF-8");
      } else {
        v = std::string(text);
      }
      repeated ? r.AddString(&message, &field, std::move(v))
               : r.SetString(&message, &field, std::move(v));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(name, " cannot be given as text"));
}

// "createTime.seconds" -> "create_time.seconds"; snake_case input is left alone.
std::string FieldMaskPathToSnakeCase(absl::string_view path) {
  std::string out;
  for (char c : path) {
    if (absl::ascii_isupper(static_cast<unsigned char>(c))) {
      out.push_back('_');
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

const FieldDescriptor* FindFieldByAnyName(const Descriptor& message, absl::string_view name) {
  std::string key(name);
  if (const FieldDescriptor* field = message.FindFieldByName(key)) return field;
  if (const FieldDescriptor* field = message.FindFieldByCamelcaseName(key)) return field;
  // A custom json_name differs from the camel-case name.
  for (int i = 0; i < message.field_count(); ++i) {
    if (message.field(i)->json_name() == name) return message.field(i);
  }
  return nullptr;
}

absl::StatusOr<FieldPath> ResolveFieldPath(const Descriptor& root, absl::string_view dotted) {
  // Messages name only the failing part: callers say what the path was for.
  FieldPath path;
  const Descriptor* message = &root;
  for (absl::string_view part : absl::StrSplit(dotted, '.')) {
    if (message == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", FieldPathName(path), "\" is not a message"));
    }
    if (!path.empty() && path.back()->is_repeated()) {
      return absl::InvalidArgumentError(absl::StrCat("\"", FieldPathName(path), "\" is repeated"));
    }
    if (path.size() == kMaxFieldPathDepth) {
      return absl::InvalidArgumentError("field path is too deep");
    }
    const FieldDescriptor* field = FindFieldByAnyName(*message, part);
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("no field \"", Shorten(part), "\" in ", message->full_name()));
    }
    path.push_back(field);
    message =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE ? field->message_type() : nullptr;
  }
  return path;
}

std::string FieldPathName(const FieldPath& path) {
  return absl::StrJoin(path, ".", [](std::string* out, const FieldDescriptor* field) {
    out->append(field->name());
  });
}

bool IsTextField(const FieldDescriptor& field) {
  if (field.is_map()) return false;
  if (field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) return true;
  const std::string& type = field.message_type()->full_name();
  return type == kTimestamp || type == kDuration || type == kFieldMask || IsWrapper(type);
}

absl::Status SetFieldFromText(Message& message, const FieldPath& path, absl::string_view text,
                              absl::string_view name,
                              google::protobuf::util::TypeResolver& resolver) {
  if (path.empty() || !IsTextField(*path.back())) {
    return absl::InvalidArgumentError(absl::StrCat(name, " does not name a scalar field"));
  }
  Message* parent = &message;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    parent = parent->GetReflection()->MutableMessage(parent, path[i]);
  }
  const FieldDescriptor& leaf = *path.back();
  if (leaf.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return SetScalar(*parent, leaf, text, name);
  }

  const Descriptor& type = *leaf.message_type();
  if (type.full_name() == kTimestamp || type.full_name() == kDuration) {
    // Protobuf's JSON parser owns the RFC 3339 / "1.5s" grammar: feed it
    // {"<field>": "<text>"} for the parent type and merge the result in.
    if (!IsValidUtf8(text)) return ValueError(name, text, "valid UTF-8");
    std::string value = JsonQuote(text);
    if (leaf.is_repeated()) value = absl::StrCat("[", value, "]");
    std::string json = absl::StrCat("{", JsonQuote(leaf.json_name()), ":", value, "}");
    std::string binary;
    google::protobuf::util::Status status = google::protobuf::util::JsonToBinaryString(
        &resolver, TypeUrl(*parent->GetDescriptor()), json, &binary);
    if (!status.ok() || !parent->MergeFromString(binary)) {
      return ValueError(name, text,
                        type.full_name() == kTimestamp
                            ? "an RFC 3339 timestamp (e.g. 2026-03-30T09:00:00Z)"
                            : "a duration in seconds (e.g. 1.5s)");
    }
    return absl::OkStatus();
  }

  const Reflection& r = *parent->GetReflection();
  Message* value =
      leaf.is_repeated() ? r.AddMessage(parent, &leaf) : r.MutableMessage(parent, &leaf);
  if (type.full_name() == kFieldMask) {
    const FieldDescriptor* paths = type.FindFieldByName("paths");
    if (paths == nullptr) return absl::InternalError("FieldMask without paths");
    for (absl::string_view part : absl::StrSplit(text, ',')) {
      part = absl::StripAsciiWhitespace(part);
      if (part.empty()) continue;
      if (!IsValidUtf8(part)) return ValueError(name, text, "valid UTF-8");
      value->GetReflection()->AddString(value, paths, FieldMaskPathToSnakeCase(part));
    }
    return absl::OkStatus();
  }
  // A wrapper: its "value" field carries the scalar.
  const FieldDescriptor* inner = type.FindFieldByName("value");
  if (inner == nullptr) return absl::InternalError("wrapper without value");
  return SetScalar(*value, *inner, text, name);
}

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string JsonQuote(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      absl::StrAppend(&out, "\\u00", absl::Hex(u, absl::kZeroPad2));
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string TypeUrl(const Descriptor& message) {
  return absl::StrCat("type.googleapis.com/", message.full_name());
}

}  // namespace leerpool::gateway
