// kensaku-search: parses options, asks the searcher library, prints text or JSON, maps errors to
// exit statuses.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kensaku/error.h"
#include "kensaku/search.h"
#include "kensaku/version.h"
#include "searcher/json_service.h"
#include "searcher/option_values.h"
#include "searcher/result_printer.h"

namespace po = boost::program_options;
using kensaku::parse_half_life;
using kensaku::parse_sort;
using kensaku::split_list;

namespace {

constexpr const char* kUsage = R"(Usage: kensaku-search --db DIR [options] QUERY...
       kensaku-search --db DIR [options] --batch FILE   (lines of qid<TAB>query; - for stdin)
       kensaku-search --db DIR [options] --serve        (JSON requests on stdin, one per line)

Searches the index DIR (written by kensaku-index) and prints ranked articles with snippets.
Articles with every word of the query come first, then those with some.

Query language: words, "exact phrases", a NEAR/3 b, a ADJ/2 b, AND / OR / NOT, ( ), +required,
-excluded, trailing wildcards (co-produc*), the fields title:, author:, source:, topic:, place:,
tag:, lang:, and dates: date:2025-03, date:2024.., date:2025-03-01..2025-03-31.
Text that does not parse is searched as plain words (said in the output).
Put -- before a query that starts with '-'.

Examples:
  kensaku-search --db ~/.kensaku SM-6 co-production
  kensaku-search --db ~/.kensaku --json '"joint force headquarters"'
  kensaku-search --db ~/.kensaku --limit 3 author:Maslow
  kensaku-search --db ~/.kensaku --facets source,year --since 2024 missile
  kensaku-search --db tcp://shard1:5050 --db tcp://shard2:5050 missile   # remote shards

Exit status: 0 articles found, 1 nothing matched, 2 usage error, missing/corrupt index or
unreachable remote database.

Options)";

// Batch mode: one search per line of `in`, answered in order; a bad line gets an error line and
// the batch goes on. Returns the number of bad lines.
std::size_t run_batch(kensaku::Searcher& searcher, const kensaku::SearchRequest& defaults,
                      std::istream& in, bool trec) {
  std::string line;
  std::size_t line_no = 0, bad = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::size_t tab = line.find('\t');
    std::string qid = tab == std::string::npos ? std::to_string(line_no) : line.substr(0, tab);
    try {
      if (tab == std::string::npos) {
        throw kensaku::UsageError("line " + std::to_string(line_no) + " has no tab",
                                  "write each line as qid<TAB>query text");
      }
      kensaku::SearchRequest request = defaults;
      request.query = line.substr(tab + 1);
      kensaku::SearchResponse response = searcher.search(request);
      if (trec) {
        std::cout << kensaku::trec_run_lines(qid, response);
      } else {
        std::cout << kensaku::batch_line_json(qid, response) << '\n';
      }
    } catch (const kensaku::UsageError& e) {
      ++bad;
      if (trec) {
        std::cerr << "kensaku-search: query " << qid << ": " << e.what() << '\n';
      } else {
        std::cout << kensaku::batch_error_json(qid, e.what(), e.hint()) << '\n';
      }
    }
  }
  return bad;
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
  std::vector<std::string> db;  // every --db: searched as one index
  std::string sort, color, facets, recent, synonyms, batch, format;
  kensaku::SearchRequest request;
  visible.add_options()("help,h", "show this help")("version", "show the version")(
      "db,d", po::value<std::vector<std::string>>(&db)->composing(),
      "index directory, Xapian stub file, or tcp://HOST:PORT of xapian-tcpsrv (default: "
      "$KENSAKU_DB); repeat --db to search several as one")(
      "json", "print one JSON object (schema: searcher/json-schema.md)")(
      "limit,n", po::value<std::size_t>(&request.limit)->default_value(10), "show at most N hits")(
      "offset", po::value<std::size_t>(&request.offset)->default_value(0), "skip the first N hits")(
      "fragments", po::value<std::size_t>(&request.fragments)->default_value(2),
      "passages per snippet (0: no snippet)")(
      "sort", po::value<std::string>(&sort)->default_value("relevance"),
      "relevance, date (oldest first) or -date (newest first)")(
      "color", po::value<std::string>(&color)->default_value("auto"),
      "bold highlights: auto (on a terminal, unless NO_COLOR is set), always, never")(
      "since", po::value<std::string>(&request.since),
      "only articles dated on or after YYYY[-MM[-DD]]")(
      "until", po::value<std::string>(&request.until),
      "only articles dated on or before YYYY[-MM[-DD]]")(
      "recent", po::value<std::string>(&recent),
      "blend relevance with recency: a bonus that halves every HALF_LIFE (days, or 2w, 6m, 1y)")(
      "like", po::value<std::string>(&request.like), "articles similar to the one with this id")(
      "facets", po::value<std::string>(&facets),
      "count matches by source,author,year,topic,place,tag,lang (comma-separated)")(
      "synonyms", po::value<std::string>(&synonyms),
      "synonyms file to expand queries with (default: $KENSAKU_SYNONYMS)")(
      "no-spelling", "never suggest spelling corrections")(
      "allow-remote-programs",
      "follow 'remote :PROGRAM' lines of stub files, which run PROGRAM (refused without this)")(
      "batch", po::value<std::string>(&batch),
      "answer the queries of FILE (qid<TAB>query per line; - for stdin), one output line each")(
      "format", po::value<std::string>(&format)->default_value("json"),
      "batch output: json (one object per query) or trec (qid Q0 id rank score kensaku)")(
      "serve",
      "answer JSON requests from stdin, one per line, until it ends; the other options are the "
      "defaults of every request (format: searcher/json-schema.md)");
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
    std::cout << "kensaku-search " << kensaku::version() << '\n';
    return 0;
  }
  if (db.empty()) {
    if (const char* env = std::getenv("KENSAKU_DB")) db.emplace_back(env);
  }
  if (db.empty()) throw kensaku::UsageError("no index given", "pass --db DIR or set KENSAKU_DB");
  if (vm.count("query")) {
    for (const std::string& word : vm["query"].as<std::vector<std::string>>()) {
      if (!request.query.empty()) request.query += ' ';
      request.query += word;
    }
  }
  request.sort = parse_sort(sort);
  if (!recent.empty()) request.recent_half_life_days = parse_half_life(recent);
  request.facets = split_list(facets);
  request.suggest = !vm.count("no-spelling");
  if (format != "json" && format != "trec") {
    throw kensaku::UsageError("unknown --format '" + format + "'", "use --format json or trec");
  }
  if (synonyms.empty()) {
    if (const char* env = std::getenv("KENSAKU_SYNONYMS")) synonyms = env;
  }
  const kensaku::SearcherOptions searcher_options{
      .allow_remote_programs = vm.count("allow-remote-programs") > 0};
  if (vm.count("serve")) {
    if (!request.query.empty() || !batch.empty()) {
      throw kensaku::UsageError("--serve reads its requests from stdin",
                                "give --serve without a query or --batch");
    }
    kensaku::Searcher searcher(db, synonyms, searcher_options);
    kensaku::serve_json_lines(searcher, request, std::cin, std::cout);
    return 0;
  }
  if (!batch.empty()) {
    if (!request.query.empty()) {
      throw kensaku::UsageError("--batch reads its queries from a file",
                                "give either --batch FILE or a query, not both");
    }
    std::ifstream file;
    if (batch != "-") {
      file.open(batch);
      if (!file) {
        throw kensaku::UsageError("cannot read the batch file " + batch, "check the path");
      }
    }
    kensaku::Searcher searcher(db, synonyms, searcher_options);
    if (format == "trec") request.count_matched_words = false;  // a run holds ids and scores only
    run_batch(searcher, request, batch == "-" ? std::cin : file, format == "trec");
    return 0;
  }
  if (request.query.empty() && request.like.empty()) {
    throw kensaku::UsageError("empty query", "give the words to search for after the options");
  }
  bool bold = want_bold(color);

  kensaku::Searcher searcher(db, synonyms, searcher_options);
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
