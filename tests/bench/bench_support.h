// What the benchmark baselines share: reading articles and query files, and writing result lines.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kensaku::bench {

struct BenchArticle {
  std::string id;
  std::string title;
  std::string body;
};

// Calls `visit` for every article under `inputs`: a directory holds one article per file (title
// on the first line, body after), walked recursively in path order; a file named *.jsonl or
// *.jsonl.gz is a feed of {"id", "title", "body"} records. Returns the number of articles.
// Throws std::runtime_error on an input that cannot be read.
std::int64_t for_each_article(const std::vector<std::string>& inputs,
                              const std::function<void(const BenchArticle&)>& visit);

struct BenchQuery {
  std::string qid;
  std::string text;
};

// A query file holds `qid<TAB>query text` lines, as Kensaku's batch mode reads them.
std::vector<BenchQuery> read_queries(const std::string& path);

struct BenchHit {
  std::string id;
  double score = 0;
  std::string title;
  std::string snippet;
};

// One JSON line per query, shaped like `kensaku-search --batch` output so one parser reads all.
// `total` < 0 means the engine does not count the matches (printed as null).
void print_result_line(const std::string& qid, double ms, std::int64_t total,
                       const std::vector<BenchHit>& hits);

// Milliseconds since `start` on the monotonic clock.
inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Parses the `--limit N` tail of a `search` command line; exits with a message on anything else.
int parse_limit(int argc, char** argv, int first, const char* usage);

}  // namespace kensaku::bench
