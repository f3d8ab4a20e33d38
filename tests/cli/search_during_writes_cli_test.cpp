// kensaku-search never fails because kensaku-index is writing: one-shot searches and a --serve
// process answer every query while the indexer commits each article alone (--batch 1) and
// compacts between runs.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/child_process.h"
#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kArticles = 600;

// A word for each number, and articles of words skewed towards the small numbers.
std::string word(int n) {
  std::ostringstream out;
  out << 'w';
  for (int v = n + 26; v > 0; v /= 26) out << static_cast<char>('a' + v % 26);
  return out.str();
}

void write_article(const fs::path& dir, int n, int version) {
  std::uint32_t state = static_cast<std::uint32_t>(n * 7919 + version);
  std::ostringstream text;
  text << "Article " << n << " version " << version << "\n\n";
  for (int i = 0; i < 200; ++i) {
    state = state * 1664525u + 1013904223u;
    const double u = static_cast<double>(state >> 8) / (1u << 24);
    text << word(static_cast<int>(u * u * u * 1500)) << (i % 12 ? " " : ". ");
  }
  text << '\n';
  write_file(dir / (std::to_string(n) + ".txt"), text.str());
}

// How long the writer runs: 15 s, or until KENSAKU_SEARCHES_DURING_WRITES searches were answered
// (the measurement in the README).
std::size_t searches_wanted() {
  const char* wanted = std::getenv("KENSAKU_SEARCHES_DURING_WRITES");
  return wanted ? std::strtoul(wanted, nullptr, 10) : 0;
}

TEST(SearchesDuringWritesCli, EveryOneShotAndServedSearchAnswersWhileTheIndexerCommitsAndCompacts) {
  TempDir dir;
  const fs::path articles = dir / "articles", index = dir / "index";
  for (int n = 0; n < kArticles; ++n) write_article(articles, n, 0);
  ASSERT_EQ(run({index_bin(), "--db", index.string(), "--quiet", articles.string()}).exit_status,
            0);
  const std::vector<std::string> queries = {
      word(0) + " " + word(1), word(2) + " " + word(700), '"' + word(0) + " " + word(3) + '"',
      "article", word(4) + " " + word(5) + " " + word(6) + " " + word(7) + " " + word(8)};
  const std::size_t wanted = searches_wanted();
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  std::atomic<std::size_t> searches{0};
  std::atomic<bool> writing{true};
  std::atomic<int> runs{0}, compactions{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex);
    failures.push_back(what);
  };
  auto more = [&] {
    return wanted ? searches.load() < wanted : std::chrono::steady_clock::now() < end;
  };

  std::thread writer([&] {
    for (int round = 1; more(); ++round) {
      for (int k = 0; k < 20; ++k) write_article(articles, (round * 20 + k) % kArticles, round);
      RunResult r = run({index_bin(), "--db", index.string(), "--batch", "1", "--wait", "30",
                         "--quiet", articles.string()});
      if (r.exit_status != 0) fail("kensaku-index exited " + std::to_string(r.exit_status));
      ++runs;
      if (round % 3 == 0) {
        r = run({index_bin(), "--db", index.string(), "--compact", "--wait", "30", "--quiet"});
        if (r.exit_status != 0) fail("--compact exited " + std::to_string(r.exit_status));
        ++compactions;
      }
    }
    writing = false;
  });
  std::thread one_shot([&] {
    for (std::size_t i = 0; writing; ++i) {
      RunResult r = search_index(index, {"--json", queries[i % queries.size()]});
      if (r.exit_status != 0)
        fail(queries[i % queries.size()] + ": exit " + std::to_string(r.exit_status) + ": " +
             r.err);
      ++searches;
    }
  });
  ChildProcess server({search_bin(), "--db", index.string(), "--serve"});
  for (std::size_t i = 0; writing; ++i) {
    nlohmann::json request = {{"id", i}, {"q", queries[i % queries.size()]}};
    server.write_line(request.dump());
    std::optional<std::string> line = server.read_line();
    if (!line) {
      fail("--serve ended");
      break;
    }
    nlohmann::json answer = nlohmann::json::parse(*line);
    if (answer.contains("error") || answer["id"] != i) fail("--serve answered " + *line);
    ++searches;
  }
  one_shot.join();
  writer.join();
  EXPECT_EQ(server.wait(), 0);
  std::printf("%zu searches, %d indexer runs of --batch 1, %d compactions, %zu failures\n",
              searches.load(), runs.load(), compactions.load(), failures.size());
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << searches
                                << " failed; the first: " << failures.front();
  EXPECT_GE(compactions.load(), 1);
}

}  // namespace
}  // namespace kensaku::testing
