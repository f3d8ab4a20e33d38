// Facet counting: a MatchSpy per field that reads its value slot and splits list values.
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

}  // namespace

class FacetCounter::Spy : public Xapian::MatchSpy {
 public:
  explicit Spy(Xapian::valueno slot) : slot_(slot) {}

  void operator()(const Xapian::Document& doc, double) override {
    std::string value = doc.get_value(slot_);
    // Lists are stored one value per line (see DocumentBuilder).
    std::size_t start = 0;
    while (start < value.size()) {
      std::size_t end = value.find('\n', start);
      if (end == std::string::npos) end = value.size();
      if (end > start) ++counts_[value.substr(start, end - start)];
      start = end + 1;
    }
  }

  Xapian::MatchSpy* clone() const override { return new Spy(slot_); }
  std::string name() const override { return "kensaku::FacetCounter::Spy"; }

  std::vector<FacetCount> sorted() const {
    std::vector<FacetCount> out;
    out.reserve(counts_.size());
    for (const auto& [value, count] : counts_) out.push_back({value, count});
    std::sort(out.begin(), out.end(), [](const FacetCount& a, const FacetCount& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return out;
  }

 private:
  Xapian::valueno slot_;
  std::unordered_map<std::string, std::size_t> counts_;
};

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
    if (!seen) spies_.emplace_back(name, std::make_unique<Spy>(facet_slot(name)));
  }
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::attach(Xapian::Enquire& enquire) {
  enquire.clear_matchspies();
  for (auto& [name, spy] : spies_) enquire.add_matchspy(spy.get());
}

std::map<std::string, std::vector<FacetCount>> FacetCounter::counts() const {
  std::map<std::string, std::vector<FacetCount>> out;
  for (const auto& [name, spy] : spies_) out[name] = spy->sorted();
  return out;
}

}  // namespace kensaku
