// libkensaku.so exports the public API and nothing else, and kensaku-search uses nothing else.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_support.h"

namespace kensaku {
namespace {

using testing::run;
using testing::RunResult;

// The demangled names `nm -C` lists for `file`, with the given selection flag.
std::vector<std::string> dynamic_symbols(const std::string& file, const std::string& which) {
  RunResult r = run({KENSAKU_NM, "-D", which, "-C", file});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  std::vector<std::string> names;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    // "ADDRESS TYPE NAME" for defined symbols, "TYPE NAME" (indented) for undefined ones.
    std::istringstream fields(line);
    std::string first, type;
    fields >> first;
    if (which == "--defined-only") fields >> type;
    std::string name;
    std::getline(fields >> std::ws, name);
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

// The entity a symbol belongs to: "kensaku::Searcher::search(...)" for the function itself,
// "kensaku::Error" for "typeinfo for kensaku::Error".
std::string entity(const std::string& symbol) {
  for (std::string_view prefix : {"typeinfo name for ", "typeinfo for ", "vtable for "}) {
    if (symbol.rfind(prefix, 0) == 0) return symbol.substr(prefix.size());
  }
  return symbol;
}

const std::set<std::string> kErrorTypes = {
    "Error",      "UsageError", "IndexNotFoundError", "IndexCorruptError", "IndexLockedError",
    "InputError", "FatalError"};

// The public names of search.h, error.h and version.h that have out-of-line definitions.
bool is_public(const std::string& name) {
  const std::string ns = "kensaku::";
  if (name.rfind(ns, 0) != 0) return false;
  std::string rest = name.substr(ns.size());
  std::string head = rest.substr(0, rest.find_first_of(":("));
  return head == "Searcher" || head == "version" || kErrorTypes.count(head) > 0;
}

TEST(ExportedSymbols, TheLibraryExportsThePublicApiAndNothingElse) {
  std::vector<std::string> symbols = dynamic_symbols(KENSAKU_LIBRARY, "--defined-only");
  ASSERT_FALSE(symbols.empty());
  std::set<std::string> exported;
  for (const std::string& symbol : symbols) {
    EXPECT_TRUE(is_public(entity(symbol))) << "exported but not public: " << symbol;
    for (const char* foreign : {"Xapian", "icu_", "icu::", "boost::"}) {
      EXPECT_EQ(symbol.find(foreign), std::string::npos) << "exposes " << foreign << ": " << symbol;
    }
    exported.insert(symbol);
  }
  for (const char* expected : {"kensaku::Searcher::search(kensaku::SearchRequest const&)",
                               "kensaku::Searcher::article_count() const",
                               "kensaku::Searcher::~Searcher()", "kensaku::version()"}) {
    EXPECT_TRUE(exported.count(expected)) << "not exported: " << expected;
  }
  // A program catches the library's errors by type only if their type information is shared.
  for (const std::string& type : kErrorTypes) {
    EXPECT_TRUE(exported.count("typeinfo for kensaku::" + type)) << "no typeinfo for " << type;
  }
}

TEST(ExportedSymbols, KensakuSearchNeedsOnlyThePublicApiOfTheSharedLibrary) {
  std::vector<std::string> undefined = dynamic_symbols(testing::search_bin(), "--undefined-only");
  bool searches = false;
  for (const std::string& symbol : undefined) {
    EXPECT_EQ(symbol.find("Xapian"), std::string::npos) << "reaches Xapian directly: " << symbol;
    if (entity(symbol).rfind("kensaku::", 0) == 0) {
      EXPECT_TRUE(is_public(entity(symbol))) << "needs an internal symbol: " << symbol;
    }
    searches = searches || symbol == "kensaku::Searcher::search(kensaku::SearchRequest const&)";
  }
  EXPECT_TRUE(searches) << "kensaku-search does not call Searcher::search from libkensaku.so";
}

}  // namespace
}  // namespace kensaku
