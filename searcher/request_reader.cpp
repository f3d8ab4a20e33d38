// Service requests: a JSON object per line whose fields replace the defaults of a SearchRequest.
#include "searcher/request_reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "searcher/option_values.h"

namespace kensaku {
namespace {

// ordered_json, so an object id is echoed with its keys in the order the client wrote them.
using json = nlohmann::ordered_json;

constexpr const char* kSchemaHint = "see searcher/json-schema.md, \"Requests\"";

const std::vector<std::string> kFields{"id",     "q",       "offset",     "limit",  "fragments",
                                       "sort",   "since",   "until",      "recent", "like",
                                       "facets", "suggest", "no_spelling"};

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

std::size_t whole_number(const std::string& name, const json& value) {
  if (!value.is_number_unsigned()) wrong_value(name, value, "a whole number (0 or more)");
  return value.get<std::size_t>();
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
  if (value.is_string()) return parse_half_life(value.get<std::string>());
  if (!value.is_number() || !(value.get<double>() >= 0)) {
    wrong_value("recent", value, "a number of days (0 for none) or a half-life such as \"2w\"");
  }
  return value.get<double>();
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
    if (name == "offset") search.offset = whole_number(name, value);
    if (name == "limit") search.limit = whole_number(name, value);
    if (name == "fragments") search.fragments = whole_number(name, value);
    if (name == "sort") search.sort = parse_sort(text(name, value));
    if (name == "since") search.since = text(name, value);
    if (name == "until") search.until = text(name, value);
    if (name == "recent") search.recent_half_life_days = half_life(value);
    if (name == "like") search.like = text(name, value);
    if (name == "facets") search.facets = facet_names(value);
    if (name == "suggest") search.suggest = flag(name, value);
    if (name == "no_spelling") search.suggest = !flag(name, value);
  }
  if (object.contains("suggest") && object.contains("no_spelling") &&
      object["suggest"] == object["no_spelling"]) {
    throw UsageError("\"suggest\" and \"no_spelling\" contradict each other", "give one of them");
  }
  if (search.query.find_first_not_of(" \t\r\n") == std::string::npos && search.like.empty()) {
    throw UsageError("empty query",
                     "give \"q\" (the words to search for) or \"like\" (an article id)");
  }
}

}  // namespace

ServiceRequest read_request(const std::string& line, const SearchRequest& defaults) {
  ServiceRequest request;
  request.search = defaults;
  try {
    json object;
    try {
      object = json::parse(line);
    } catch (const json::parse_error& e) {
      throw UsageError("the request is not JSON: " + parse_error_text(e),
                       "write one JSON object per line, e.g. {\"id\": 1, \"q\": \"SM-6\"}");
    }
    if (!object.is_object()) {
      throw UsageError(
          std::string("the request is a JSON ") + object.type_name() + ", not an object",
          "write one JSON object per line, e.g. {\"id\": 1, \"q\": \"SM-6\"}");
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

}  // namespace kensaku
