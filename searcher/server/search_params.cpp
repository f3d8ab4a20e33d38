// Query-string parameters to SearchRequest: the option spellings of searcher/option_values, with
// the server's bounds on every value.
#include "searcher/server/search_params.h"

#include <algorithm>
#include <set>

#include "kensaku/error.h"
#include "searcher/cli/option_values.h"

namespace kensaku::server {
namespace {

constexpr const char* kApiHint = "see searcher/server/api.md";

const std::vector<std::string> kParams{"q",     "limit", "offset", "fragments", "sort",
                                       "since", "until", "recent", "like",      "facets"};
const std::vector<std::string> kFilterFields{"source", "author", "year", "topic",
                                             "place",  "tag",    "lang"};

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// A whole number from 0 to `max`, digits only (no sign, no spaces, no exponent).
std::size_t whole_number(const std::string& name, const std::string& value, std::size_t max) {
  bool digits = !value.empty() && value.size() <= 9 &&
                value.find_first_not_of("0123456789") == std::string::npos;
  std::size_t number = digits ? std::stoul(value) : 0;
  if (!digits || number > max) {
    throw UsageError(name + " must be a whole number from 0 to " + std::to_string(max) + ", not '" +
                         value.substr(0, 40) + "'",
                     kApiHint);
  }
  return number;
}

void apply(SearchRequest& request, const std::string& name, const std::string& value) {
  if (name == "q") {
    if (value.size() > kMaxQueryBytes) {
      throw UsageError("q is longer than " + std::to_string(kMaxQueryBytes) + " bytes",
                       "shorten the query");
    }
    request.query = value;
  } else if (name == "limit") {
    request.limit = whole_number(name, value, kMaxLimit);
    if (request.limit == 0) throw UsageError("limit must be at least 1", kApiHint);
  } else if (name == "offset") {
    request.offset = whole_number(name, value, kMaxOffset);
  } else if (name == "fragments") {
    request.fragments = whole_number(name, value, kMaxFragments);
  } else if (name == "sort") {
    request.sort = parse_sort(value);
  } else if (name == "since") {
    request.since = value;
  } else if (name == "until") {
    request.until = value;
  } else if (name == "recent") {
    request.recent_half_life_days = value.empty() ? 0 : parse_half_life(value);
  } else if (name == "like") {
    request.like = value;
  } else if (name == "facets") {
    request.facets = split_list(value);
  }
}

void check_filter(const std::string& filter) {
  std::size_t colon = filter.find(':');
  std::string field = filter.substr(0, colon == std::string::npos ? 0 : colon);
  if (colon == std::string::npos || colon + 1 == filter.size() ||
      std::find(kFilterFields.begin(), kFilterFields.end(), field) == kFilterFields.end()) {
    throw UsageError("filter must be FIELD:VALUE with FIELD one of " + listed(kFilterFields),
                     kApiHint);
  }
  if (filter.find('"') != std::string::npos) {
    throw UsageError("a filter value cannot hold a double quote", kApiHint);
  }
}

// Applies every parameter of `params` named in `known`; `filters` collects `filter` ones when
// not null. Unknown and repeated names are errors.
void read_params(const std::vector<QueryParam>& params, SearchRequest& request,
                 std::vector<std::string>* filters) {
  std::set<std::string> seen;
  for (const auto& [name, value] : params) {
    if (filters && name == "filter") {
      check_filter(value);
      filters->push_back(value);
      if (filters->size() > kMaxFilters) {
        throw UsageError("more than " + std::to_string(kMaxFilters) + " filters", kApiHint);
      }
      continue;
    }
    if (std::find(kParams.begin(), kParams.end(), name) == kParams.end()) {
      throw UsageError("unknown parameter '" + name.substr(0, 40) + "'",
                       "the parameters are " + listed(kParams) + (filters ? ", filter" : ""));
    }
    if (!seen.insert(name).second) {
      throw UsageError("parameter '" + name + "' is given twice", "give each parameter once");
    }
    apply(request, name, value);
  }
}

}  // namespace

SearchRequest read_api_search(const std::vector<QueryParam>& params) {
  SearchRequest request;
  read_params(params, request, nullptr);
  if (request.query.find_first_not_of(" \t\r\n") == std::string::npos && request.like.empty()) {
    throw UsageError("empty query", "give the words to search for as q");
  }
  return request;
}

PageSearch read_page_search(const std::vector<QueryParam>& params) {
  PageSearch page;
  read_params(params, page.request, &page.filters);
  page.has_query = page.request.query.find_first_not_of(" \t\r\n") != std::string::npos ||
                   !page.request.like.empty();
  return page;
}

std::string query_with_filters(const std::string& query, const std::vector<std::string>& filters) {
  std::string out = query;
  for (const std::string& filter : filters) {
    std::size_t colon = filter.find(':');
    std::string field = filter.substr(0, colon), value = filter.substr(colon + 1);
    if (field == "year") field = "date";
    // Required ('+'), so a filter narrows the matches rather than adding to them.
    out += (out.empty() ? "+" : " +") + field + ":\"" + value + "\"";
  }
  return out;
}

const std::vector<std::string>& api_search_params() { return kParams; }

}  // namespace kensaku::server
