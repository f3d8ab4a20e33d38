// kensaku-search: parses options, asks the searcher library, prints text or JSON, maps errors to exit statuses.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "kensaku/error.h"
#include "kensaku/search.h"
#include "kensaku/version.h"
#include "searcher/result_printer.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage = R"(Usage: kensaku-search --db DIR [options] QUERY...

Searches the index DIR (written by kensaku-index) and prints ranked articles with snippets.

Query language: words, "exact phrases", AND / OR / NOT, +required, -excluded, and the fields
title:, author:, source:, topic:, place:, tag:, lang:  (e.g.  author:maslow  "joint force").
Put -- before a query that starts with '-'.

Examples:
  kensaku-search --db ~/.kensaku SM-6 co-production
  kensaku-search --db ~/.kensaku --json '"joint force headquarters"'
  kensaku-search --db ~/.kensaku --limit 3 author:Maslow

Exit status: 0 articles found, 1 nothing matched, 2 usage error or missing/corrupt index.

Options)";

kensaku::SortOrder parse_sort(const std::string& value) {
  if (value == "relevance") return kensaku::SortOrder::kRelevance;
  if (value == "date") return kensaku::SortOrder::kDateAscending;
  if (value == "-date") return kensaku::SortOrder::kDateDescending;
  throw kensaku::UsageError("unknown sort order '" + value + "'",
                            "use --sort relevance, --sort date or --sort -date");
}

bool want_bold(const std::string& color) {
  if (color == "always") return true;
  if (color == "never") return false;
  if (color != "auto") {
    throw kensaku::UsageError("unknown --color value '" + color + "'",
                              "use --color auto, always or never");
  }
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

int run(int argc, char** argv) {
  po::options_description visible(kUsage);
  std::string db, sort, color;
  kensaku::SearchRequest request;
  visible.add_options()("help,h", "show this help")("version", "show the version")(
      "db,d", po::value<std::string>(&db), "index directory (default: $KENSAKU_DB)")(
      "json", "print one JSON object (schema: searcher/json-schema.md)")(
      "limit,n", po::value<std::size_t>(&request.limit)->default_value(10), "show at most N hits")(
      "offset", po::value<std::size_t>(&request.offset)->default_value(0), "skip the first N hits")(
      "fragments", po::value<std::size_t>(&request.fragments)->default_value(2),
      "passages per snippet (0: no snippet)")(
      "sort", po::value<std::string>(&sort)->default_value("relevance"),
      "relevance, date (oldest first) or -date (newest first)")(
      "color", po::value<std::string>(&color)->default_value("auto"),
      "bold highlights: auto (on a terminal, unless NO_COLOR is set), always, never");
  po::options_description hidden;
  hidden.add_options()("query", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("query", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw kensaku::UsageError(e.what(), "see 'kensaku-search --help'");
  }
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("version")) {
    std::cout << "kensaku-search " << KENSAKU_VERSION_STRING << '\n';
    return 0;
  }
  if (db.empty()) {
    if (const char* env = std::getenv("KENSAKU_DB")) db = env;
  }
  if (db.empty()) throw kensaku::UsageError("no index given", "pass --db DIR or set KENSAKU_DB");
  if (vm.count("query")) {
    for (const std::string& word : vm["query"].as<std::vector<std::string>>()) {
      if (!request.query.empty()) request.query += ' ';
      request.query += word;
    }
  }
  if (request.query.empty()) {
    throw kensaku::UsageError("empty query", "give the words to search for after the options");
  }
  request.sort = parse_sort(sort);
  bool bold = want_bold(color);

  kensaku::Searcher searcher(db);
  kensaku::SearchResponse response = searcher.search(request);
  auto printer = vm.count("json") ? kensaku::make_json_printer() : kensaku::make_text_printer(bold);
  printer->print(response, std::cout);
  return response.total > 0 ? 0 : static_cast<int>(kensaku::ExitStatus::kNoHits);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const kensaku::Error& e) {
    std::cerr << "kensaku-search: " << e.what() << '\n';
    if (!e.hint().empty()) std::cerr << "  hint: " << e.hint() << '\n';
    return static_cast<int>(e.exit_status());
  } catch (const std::exception& e) {
    std::cerr << "kensaku-search: " << e.what() << '\n';
    return static_cast<int>(kensaku::ExitStatus::kError);
  }
}
