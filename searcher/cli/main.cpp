// kensaku-search: parses options, asks the searcher library, prints text or JSON, maps errors to
// exit statuses.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kensaku/error.h"
#include "kensaku/search.h"
#include "kensaku/version.h"
#include "searcher/cli/json_service.h"
#include "searcher/cli/option_values.h"
#include "searcher/cli/request_reader.h"
#include "searcher/cli/result_printer.h"

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

Limits: a query holds at most 8192 bytes; --batch and --serve lines at most 65536 bytes;
--limit x --fragments at most 20000 snippet passages.

Exit status: 0 articles matched (also when --offset is past the last one), 1 nothing matched,
2 usage error, missing/corrupt index or unreachable remote database.

Options)";

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

// Every option's value as given, before it is checked.
struct Options {
  std::vector<std::string> db;  // every --db: searched as one index
  std::string sort, color, facets, recent, synonyms, batch, format;
  std::string limit, offset, fragments;  // read by parse_whole_number, not wrapped by Boost
  std::string time_limit;                // read by parse_decimal_number
  kensaku::SearchRequest request;        // since, until and like go straight in
  kensaku::SearcherOptions searcher;     // --allow-remote-programs
};

po::options_description describe(Options& o) {
  po::options_description visible(kUsage);
  visible.add_options()("help,h", "show this help")("version", "show the version")(
      "db,d", po::value<std::vector<std::string>>(&o.db)->composing(),
      "index directory, Xapian stub file, or tcp://HOST:PORT of xapian-tcpsrv (default: "
      "$KENSAKU_DB); repeat --db to search several as one")(
      "json", "print one JSON object (schema: searcher/json-schema.md)")(
      "limit,n", po::value<std::string>(&o.limit)->default_value("10"),
      "show at most N hits (1-100000)")("offset",
                                        po::value<std::string>(&o.offset)->default_value("0"),
                                        "skip the first N hits (0-100000)")(
      "fragments", po::value<std::string>(&o.fragments)->default_value("2"),
      "passages per snippet (0-20; 0: no snippet)")(
      "time-limit", po::value<std::string>(&o.time_limit)->default_value("2"),
      "stop a search after SECONDS (0-86400, e.g. 0.5; 0: no limit) with the best results found")(
      "sort", po::value<std::string>(&o.sort)->default_value("relevance"),
      "relevance, date (oldest first) or -date (newest first)")(
      "color", po::value<std::string>(&o.color)->default_value("auto"),
      "bold highlights: auto (on a terminal, unless NO_COLOR is set), always, never")(
      "since", po::value<std::string>(&o.request.since),
      "only articles dated on or after YYYY[-MM[-DD]]")(
      "until", po::value<std::string>(&o.request.until),
      "only articles dated on or before YYYY[-MM[-DD]]")(
      "recent", po::value<std::string>(&o.recent),
      "blend relevance with recency: a bonus that halves every HALF_LIFE (days, or 2w, 6m, 1y)")(
      "like", po::value<std::string>(&o.request.like), "articles similar to the one with this id")(
      "facets", po::value<std::string>(&o.facets),
      "count matches by source,author,year,topic,place,tag,lang (comma-separated)")(
      "synonyms", po::value<std::string>(&o.synonyms),
      "synonyms file to expand queries with (default: $KENSAKU_SYNONYMS)")(
      "no-spelling", "never suggest spelling corrections")(
      "allow-remote-programs",
      "follow 'remote :PROGRAM' lines of stub files, which run PROGRAM (refused without this)")(
      "batch", po::value<std::string>(&o.batch),
      "answer the queries of FILE (qid<TAB>query per line; - for stdin), one output line each")(
      "format", po::value<std::string>(&o.format)->default_value("json"),
      "batch output: json (one object per query) or trec (qid Q0 id rank score kensaku)")(
      "serve",
      "answer JSON requests from stdin, one per line, until it ends; the other options are the "
      "defaults of every request (format: searcher/json-schema.md)");
  return visible;
}

// The checked request the options ask for (for --batch and --serve: every request's defaults).
void fill_request(const po::variables_map& vm, Options& o) {
  kensaku::SearchRequest& request = o.request;
  if (vm.count("query")) {
    for (const std::string& word : vm["query"].as<std::vector<std::string>>()) {
      if (!request.query.empty()) request.query += ' ';
      request.query += word;
    }
  }
  request.limit = kensaku::parse_whole_number("--limit", o.limit, kensaku::kLimitRange);
  request.offset = kensaku::parse_whole_number("--offset", o.offset, kensaku::kOffsetRange);
  request.fragments =
      kensaku::parse_whole_number("--fragments", o.fragments, kensaku::kFragmentsRange);
  request.time_limit_seconds =
      kensaku::parse_decimal_number("--time-limit", o.time_limit, kensaku::kTimeLimitRange);
  request.sort = parse_sort(o.sort);
  if (!o.recent.empty()) request.recent_half_life_days = parse_half_life(o.recent);
  request.facets = split_list(o.facets);
  request.suggest = !vm.count("no-spelling");
  o.searcher.allow_remote_programs = vm.count("allow-remote-programs") > 0;
  kensaku::check_request_limits(request);  // the query's length, limit x fragments, the dates
}

int run_batch(Options& o) {
  if (!o.request.query.empty()) {
    throw kensaku::UsageError("--batch reads its queries from a file",
                              "give either --batch FILE or a query, not both");
  }
  std::ifstream file;
  if (o.batch != "-") {
    // A directory opens like a file and fails at the first read, with libstdc++'s message.
    std::error_code ec;
    if (std::filesystem::is_directory(o.batch, ec)) {
      throw kensaku::UsageError("the batch file " + o.batch + " is a directory",
                                "give a file of qid<TAB>query lines, or - for stdin");
    }
    file.open(o.batch);
    if (!file) throw kensaku::UsageError("cannot read the batch file " + o.batch, "check the path");
  }
  kensaku::Searcher searcher(o.db, o.synonyms, o.searcher);
  bool trec = o.format == "trec";
  if (trec) o.request.count_matched_words = false;  // a run holds ids and scores only
  kensaku::run_batch_lines([&](const kensaku::SearchRequest& r) { return searcher.search(r); },
                           o.request, o.batch == "-" ? std::cin : file, std::cout, std::cerr, trec);
  return 0;
}

int search_once(const po::variables_map& vm, const Options& o) {
  if (o.request.query.empty() && o.request.like.empty()) {
    throw kensaku::UsageError("empty query", "give the words to search for after the options");
  }
  bool bold = want_bold(o.color);
  kensaku::Searcher searcher(o.db, o.synonyms, o.searcher);
  kensaku::SearchResponse response = searcher.search(o.request);
  auto printer = vm.count("json") ? kensaku::make_json_printer() : kensaku::make_text_printer(bold);
  printer->print(response, std::cout);
  // 0 whenever the query matched anything, even when this page is past the last match (the text
  // says "No more results", the JSON has "total" > 0 and no hits); 1 only when nothing matched.
  bool matched = response.total > 0 || !response.hits.empty();
  return matched ? 0 : static_cast<int>(kensaku::ExitStatus::kNoHits);
}

int run(int argc, char** argv) {
  Options o;
  po::options_description visible = describe(o);
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
  if (o.db.empty()) {
    if (const char* env = std::getenv("KENSAKU_DB")) o.db.emplace_back(env);
  }
  if (o.db.empty()) throw kensaku::UsageError("no index given", "pass --db DIR or set KENSAKU_DB");
  fill_request(vm, o);
  if (o.format != "json" && o.format != "trec") {
    throw kensaku::UsageError("unknown --format '" + o.format + "'", "use --format json or trec");
  }
  if (o.synonyms.empty()) {
    if (const char* env = std::getenv("KENSAKU_SYNONYMS")) o.synonyms = env;
  }
  if (vm.count("serve")) {
    if (!o.request.query.empty() || !o.batch.empty()) {
      throw kensaku::UsageError("--serve reads its requests from stdin",
                                "give --serve without a query or --batch");
    }
    kensaku::Searcher searcher(o.db, o.synonyms, o.searcher);
    kensaku::serve_json_lines(searcher, o.request, std::cin, std::cout);
    return 0;
  }
  if (!o.batch.empty()) return run_batch(o);
  return search_once(vm, o);
}

}  // namespace

int main(int argc, char** argv) {
  // Buffered streams: --serve and --batch read their lines byte by byte (LineReader), which through
  // stdio-synchronised std::cin is one getc call per byte. Reading a pipe still returns each
  // request as soon as it arrives, and every answer is flushed.
  std::ios::sync_with_stdio(false);
  try {
    return run(argc, argv);
  } catch (const kensaku::Error& e) {
    // Messages can quote stored ids and batch lines: shown escaped, like results.
    std::cerr << "kensaku-search: " << kensaku::terminal_safe(e.what()) << '\n';
    if (!e.hint().empty()) std::cerr << "  hint: " << kensaku::terminal_safe(e.hint()) << '\n';
    return static_cast<int>(e.exit_status());
  } catch (const std::exception& e) {
    std::cerr << "kensaku-search: " << kensaku::terminal_safe(e.what()) << '\n';
    return static_cast<int>(kensaku::ExitStatus::kError);
  }
}
