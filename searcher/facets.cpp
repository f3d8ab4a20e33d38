// Facet counting: a ValueCountMatchSpy per field, its values split into list items.
#include "searcher/facets.h"

#include <algorithm>
#include <unordered_map>

#include "common/schema.h"
#include "kensaku/error.h"

namespace kensaku {
namespace {

// "year" is not a query field; it counts the year slot the indexer fills from the date.
Xapian::valueno facet_slot(const std::string& name) {
  if (name == "year") return schema::kYearSlot;
  const schema::Field* field = schema::find_field(name);
  return field ? field->facet_slot : Xapian::BAD_VALUENO;
}

// Xapian's own ValueCountMatchSpy counts each distinct slot value; a list field's slot holds its
// values one per line (see DocumentBuilder), so each line of a counted value gets its count. A
// spy of Kensaku's own would count the lines directly, but xapian-tcpsrv can only run the spies
// Xapian registers, and this one works over remote shards too.
std::vector<FacetCount> split_counts(const Xapian::ValueCountMatchSpy& spy) {
  std::unordered_map<std::string, std::size_t> counts;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string value = *it;
    const std::size_t count = it.get_termfreq();
    std::size_t start = 0;
    while (start < value.size()) {
      std::size_t end = value.find('\n', start);
      if (end == std::string::npos) end = value.size();
      if (end > start) counts[value.substr(start, end - start)] += count;
      start = end + 1;
    }
  }
  std::vector<FacetCount> out;
  out.reserve(counts.size());
  for (const auto& [value, count] : counts) out.push_back({value, count});
  std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  return out;
}

}  // namespace

void validate_facets(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (facet_slot(name) == Xapian::BAD_VALUENO) {
      throw UsageError("unknown facet '" + name + "'",
                       "facets are source, author, year, topic, place, tag and lang");
    }
  }
}

FacetCounter::FacetCounter(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    bool seen =
        std::any_of(spies_.begin(), spies_.end(), [&](const auto& s) { return s.first == name; });
    if (!seen) {
      spies_.emplace_back(name, std::make_unique<Xapian::ValueCountMatchSpy>(facet_slot(name)));
    }
  }
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::attach(Xapian::Enquire& enquire) {
  enquire.clear_matchspies();
  for (auto& [name, spy] : spies_) enquire.add_matchspy(spy.get());
}

std::map<std::string, std::vector<FacetCount>> FacetCounter::counts() const {
  std::map<std::string, std::vector<FacetCount>> out;
  for (const auto& [name, spy] : spies_) out[name] = split_counts(*spy);
  return out;
}

}  // namespace kensaku
