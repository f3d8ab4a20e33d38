// Service requests: a JSON object per line whose fields replace the defaults of a SearchRequest.
#include "searcher/cli/request_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "searcher/cli/option_values.h"

namespace kensaku {
namespace {

// ordered_json, so an object id is echoed with its keys in the order the client wrote them.
using json = nlohmann::ordered_json;

constexpr const char* kSchemaHint = "see searcher/json-schema.md, \"Requests\"";

const std::vector<std::string> kFields{"id",     "q",       "offset",      "limit",     "fragments",
                                       "sort",   "since",   "until",       "recent",    "like",
                                       "facets", "suggest", "no_spelling", "time_limit"};

bool is_field(const std::string& name) {
  return std::find(kFields.begin(), kFields.end(), name) != kFields.end();
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "\"" : ", \"") + name + "\"";
  return out;
}

// What to do about an unknown field: most are typos, or command-line options that belong to the
// whole service rather than to one request.
std::string unknown_field_hint(const std::string& name) {
  if (name == "query") return "the query text is the field \"q\"";
  if (name == "db" || name == "synonyms") {
    return "the index and the synonyms file are chosen when the service starts "
           "(kensaku-search --db DIR --synonyms FILE --serve)";
  }
  std::string underscored = name;
  std::replace(underscored.begin(), underscored.end(), '-', '_');
  if (underscored != name && is_field(underscored)) return "did you mean \"" + underscored + "\"?";
  return "a request's fields are " + quoted_list(kFields);
}

// A value as the client wrote it, shortened for an error message.
std::string shown(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

[[noreturn]] void wrong_value(const std::string& name, const json& value, const char* expected) {
  throw UsageError("\"" + name + "\" must be " + expected + ", not " + shown(value), kSchemaHint);
}

// A count field within `range`. JSON has one number type, so 5.0 and -0 are the whole numbers 5
// and 0; 2.5, -1 and 1e30 are errors naming the field and the value.
std::size_t whole_number(const std::string& name, const json& value, NumberRange range) {
  std::string option = "\"" + name + "\"", text = shown(value);
  if (value.is_number_unsigned()) {
    return checked_in_range(option, text, value.get<std::uint64_t>(), range);
  }
  if (value.is_number_integer()) {
    if (value.get<std::int64_t>() != 0) not_a_whole_number(option, text, range);  // negative
    return checked_in_range(option, text, 0, range);
  }
  if (!value.is_number_float()) wrong_value(name, value, "a whole number");
  double number = value.get<double>();
  if (!std::isfinite(number) || number != std::floor(number)) {
    not_a_whole_number(option, text, range);
  }
  if (number < 0) not_a_whole_number(option, text, range);
  if (number > static_cast<double>(range.max)) number_out_of_range(option, text, range);
  return checked_in_range(option, text, static_cast<std::uint64_t>(number), range);
}

// "time_limit": seconds as a JSON number (0 for none), or the command line's spelling as a string.
double seconds(const std::string& name, const json& value) {
  std::string option = "\"" + name + "\"";
  if (value.is_string()) {
    return parse_decimal_number(option, value.get<std::string>(), kTimeLimitRange);
  }
  if (!value.is_number()) wrong_value(name, value, "a number of seconds");
  return checked_decimal(option, shown(value), value.get<double>(), kTimeLimitRange);
}

std::string text(const std::string& name, const json& value) {
  if (!value.is_string()) wrong_value(name, value, "a string");
  return value.get<std::string>();
}

bool flag(const std::string& name, const json& value) {
  if (!value.is_boolean()) wrong_value(name, value, "true or false");
  return value.get<bool>();
}

// "recent": the command line's spelling ("30", "2w", "6m", "1y"), or a number of days; 0 turns a
// default half-life off.
double half_life(const json& value) {
  if (value.is_string()) return parse_half_life(value.get<std::string>(), "\"recent\"");
  if (!value.is_number() || !(value.get<double>() >= 0)) {
    wrong_value("recent", value, "a number of days (0 for none) or a half-life such as \"2w\"");
  }
  return checked_half_life(value.get<double>(), "\"recent\"");
}

// "facets": an array of names, or one comma-separated string like --facets.
std::vector<std::string> facet_names(const json& value) {
  if (value.is_string()) return split_list(value.get<std::string>());
  if (!value.is_array())
    wrong_value("facets", value, "an array of names or a comma-separated string");
  std::vector<std::string> names;
  for (const json& item : value) {
    if (!item.is_string()) wrong_value("facets", value, "an array of strings");
    names.push_back(item.get<std::string>());
  }
  return names;
}

// The message of a parse error without nlohmann's "[json.exception.parse_error.101] " prefix.
std::string parse_error_text(const json::parse_error& e) {
  std::string what = e.what();
  std::size_t end = what.find("] ");
  return end == std::string::npos ? what : what.substr(end + 2);
}

void apply_fields(const json& object, ServiceRequest& request) {
  std::vector<std::string> unknown;
  for (const auto& [name, value] : object.items()) {
    if (!is_field(name)) unknown.push_back(name);
  }
  if (!unknown.empty()) {
    throw UsageError(std::string(unknown.size() == 1 ? "unknown field " : "unknown fields ") +
                         quoted_list(unknown),
                     unknown_field_hint(unknown.front()));
  }

  SearchRequest& search = request.search;
  for (const auto& [name, value] : object.items()) {
    if (name == "q") search.query = text(name, value);
    if (name == "offset") search.offset = whole_number(name, value, kOffsetRange);
    if (name == "limit") search.limit = whole_number(name, value, kLimitRange);
    if (name == "fragments") search.fragments = whole_number(name, value, kFragmentsRange);
    if (name == "sort") search.sort = parse_sort(text(name, value));
    if (name == "since") search.since = text(name, value);
    if (name == "until") search.until = text(name, value);
    if (name == "recent") search.recent_half_life_days = half_life(value);
    if (name == "like") search.like = text(name, value);
    if (name == "facets") search.facets = facet_names(value);
    if (name == "suggest") search.suggest = flag(name, value);
    if (name == "no_spelling") search.suggest = !flag(name, value);
    if (name == "time_limit") search.time_limit_seconds = seconds(name, value);
  }
  if (object.contains("suggest") && object.contains("no_spelling") &&
      object["suggest"] == object["no_spelling"]) {
    throw UsageError("\"suggest\" and \"no_spelling\" contradict each other", "give one of them");
  }
  if (search.query.find_first_not_of(" \t\r\n") == std::string::npos && search.like.empty()) {
    throw UsageError("empty query",
                     "give \"q\" (the words to search for) or \"like\" (an article id)");
  }
  check_request_limits(search, Spelling::kRequestField);
}

// How deep arrays and objects nest in `text`, counting no further than limit + 1. Brackets in
// strings do not count; for text that is not JSON the figure is rough, but the parser rejects it.
std::size_t nesting_depth(const std::string& text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// `message` cut to one readable line: nlohmann quotes what it last read, which can be the whole
// line.
std::string shortened(std::string message) {
  if (message.size() > 200) message = message.substr(0, 197) + "...";
  return message;
}

constexpr const char* kOneObjectHint =
    "write one JSON object per line, e.g. {\"id\": 1, \"q\": \"SM-6\"}";

json parse_line(const std::string& line) {
  if (nesting_depth(line, kMaxNesting) > kMaxNesting) {
    throw UsageError("the request nests arrays or objects more than " +
                         std::to_string(kMaxNesting) + " levels deep",
                     "see searcher/json-schema.md, \"Requests\"");
  }
  try {
    return json::parse(line);
  } catch (const json::parse_error& e) {
    throw UsageError("the request is not JSON: " + shortened(parse_error_text(e)), kOneObjectHint);
  } catch (const json::out_of_range& e) {
    // A number beyond a double's range (1e400): valid JSON, but not one this reader can hold.
    std::string what = e.what();
    std::size_t end = what.find("] ");
    throw UsageError("the request holds a number out of range: " +
                         shortened(end == std::string::npos ? what : what.substr(end + 2)),
                     "numbers must lie within about ±1.7e308; write a large id as a string");
  } catch (const json::exception& e) {
    throw UsageError("the request cannot be read: " + shortened(e.what()), kOneObjectHint);
  }
}

}  // namespace

ServiceRequest read_request(const std::string& line, const SearchRequest& defaults) {
  ServiceRequest request;
  request.search = defaults;
  try {
    json object = parse_line(line);
    if (!object.is_object()) {
      throw UsageError(
          std::string("the request is a JSON ") + object.type_name() + ", not an object",
          kOneObjectHint);
    }
    if (auto id = object.find("id"); id != object.end()) {
      request.id = id->dump(-1, ' ', false, json::error_handler_t::replace);
    }
    apply_fields(object, request);
  } catch (const UsageError& e) {
    request.error = e;
  }
  return request;
}

const std::vector<std::string>& request_fields() { return kFields; }

LineReader::Status LineReader::next(std::string& line) {
  line.clear();
  std::streambuf* buffer = in_.rdbuf();
  bool any = false, too_long = false;
  // One byte past the limit is kept, so that a line of exactly max_bytes_ ending "\r\n" fits.
  for (int c; buffer && (c = buffer->sbumpc()) != std::char_traits<char>::eof();) {
    any = true;
    if (c == '\n') break;
    if (line.size() <= max_bytes_) {
      line.push_back(static_cast<char>(c));
    } else {
      too_long = true;  // read on to the newline, keeping nothing more
    }
  }
  if (!any) {
    in_.setstate(std::ios::eofbit);
    return Status::kEnd;
  }
  ++line_number_;
  if (!too_long && !line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > max_bytes_) {
    too_long = true;
    line.resize(max_bytes_);
  }
  return too_long ? Status::kTooLong : Status::kLine;
}

UsageError line_too_long_error(const std::string& what) {
  return UsageError(
      what + " is longer than " + std::to_string(kMaxLineBytes) + " bytes; it was skipped",
      "see searcher/json-schema.md, \"Requests\"");
}

void check_request_limits(const SearchRequest& request, Spelling spelling) {
  auto named = [spelling](const std::string& option) {
    return spelling == Spelling::kCommandLine ? "--" + option : "\"" + option + "\"";
  };
  if (request.query.size() > kMaxQueryBytes) {
    throw UsageError("the query is " + std::to_string(request.query.size()) +
                         " bytes long, over the limit of " + std::to_string(kMaxQueryBytes),
                     "search for its most distinctive words, or for articles like one (--like ID)");
  }
  // Both are at most 100000 (kLimitRange, kFragmentsRange): the product cannot overflow.
  if (request.limit * request.fragments > kMaxPassages) {
    throw UsageError(named("limit") + " " + std::to_string(request.limit) + " with " +
                         named("fragments") + " " + std::to_string(request.fragments) +
                         " asks for " + std::to_string(request.limit * request.fragments) +
                         " snippet passages, over the limit of " + std::to_string(kMaxPassages),
                     "ask for fewer hits or fragments; " + named("fragments") +
                         " 0 lists up to 100000 hits without snippets");
  }
  check_date_options(request, named("since"), named("until"));
}

}  // namespace kensaku
