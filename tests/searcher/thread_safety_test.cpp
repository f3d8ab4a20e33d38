// Searchers used from many threads at once, each thread with its own or all sharing one, with and
// without a writer committing underneath: every answer is one a single thread gets.
#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "indexer/indexer.h"
#include "kensaku/search.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

constexpr int kThreadsWithOwnSearcher = 4;
constexpr int kThreadsSharingOne = 4;
constexpr int kThreads = kThreadsWithOwnSearcher + kThreadsSharingOne;

std::string index_corpus(const fs::path& database) {
  IndexOptions options;
  options.database = database.string();
  IndexSummary summary = Indexer(options, nullptr).run({testing::corpus_dir().string()});
  EXPECT_EQ(summary.added, 5u);
  return options.database;
}

// Requests that use every part of the engine: compounds, phrases, facets, date sort, fields,
// spelling, feedback for long questions, "more like this".
std::vector<SearchRequest> query_mix() {
  std::vector<SearchRequest> mix(8);
  mix[0].query = "SM-6 co-production";
  mix[1].query = "\"joint force headquarters\"";
  mix[2].query = "alliance";
  mix[2].facets = {"source", "year"};
  mix[3].query = "Japan";
  mix[3].sort = SortOrder::kDateDescending;
  mix[3].limit = 4;
  mix[4].query = "author:Maslow";
  mix[5].query = "missle drils";
  mix[6].query = "what did Japan and the United States agree about joint missile production";
  mix[7].like = "corpus/003_b13ff8993483ff35.txt";
  return mix;
}

// Everything a response says except its timing, with exact scores.
std::string describe(const SearchResponse& r) {
  std::ostringstream out;
  out << std::hexfloat << "total " << r.total << " lenient " << r.lenient << " words "
      << r.query_words << " suggestion '" << r.suggestion << "' " << r.showing_suggestion << '\n';
  for (const std::string& note : r.notes) out << "note " << note << '\n';
  for (const auto& [field, counts] : r.facets) {
    out << "facet " << field;
    for (const FacetCount& count : counts) out << " " << count.value << "=" << count.count;
    out << '\n';
  }
  for (const Hit& hit : r.hits) {
    out << "hit " << hit.rank << ' ' << hit.id << ' ' << hit.score << ' ' << hit.matched_words
        << ' ' << hit.title << " | " << hit.snippet;
    for (const Highlight& h : hit.highlights) out << " [" << h.start << ',' << h.end << ')';
    out << '\n';
  }
  return out.str();
}

std::vector<std::string> answers(Searcher& searcher, const std::vector<SearchRequest>& mix) {
  std::vector<std::string> out;
  for (const SearchRequest& request : mix) out.push_back(describe(searcher.search(request)));
  return out;
}

// What went wrong in the threads, reported by the main one.
class Failures {
 public:
  void add(const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (list_.size() < 3) list_.push_back(what);
    ++count_;
  }
  std::size_t count() const { return count_; }
  std::string first() const {
    std::string all;
    for (const std::string& what : list_) all += what + "\n---\n";
    return all;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> list_;
  std::size_t count_ = 0;
};

// Runs `body(thread, searcher)` on kThreads threads: the first ones open their own Searcher on
// `index` (in the thread), the others all use `shared`.
template <typename Body>
void run_threads(const std::string& index, Searcher& shared, Failures& failures, Body body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        std::optional<Searcher> own;
        if (t < kThreadsWithOwnSearcher) own.emplace(index);
        body(t, own ? *own : shared);
      } catch (const std::exception& e) {
        failures.add(std::string("thread ") + std::to_string(t) + " threw: " + e.what());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

TEST(SearcherThreads, OwnAndSharedSearchersAnswerEveryQueryAsASingleThreadDoes) {
  TempDir dir;
  const std::string index = index_corpus(dir / "index");
  const std::vector<SearchRequest> mix = query_mix();
  Searcher shared(index);
  const std::vector<std::string> expected = answers(shared, mix);

  constexpr int kRounds = 12;
  Failures failures;
  std::atomic<std::size_t> searches{0};
  run_threads(index, shared, failures, [&](int thread, Searcher& searcher) {
    for (int round = 0; round < kRounds; ++round) {
      for (std::size_t i = 0; i < mix.size(); ++i) {
        // Each thread starts at a different request, so different requests overlap.
        std::size_t q = (i + static_cast<std::size_t>(thread)) % mix.size();
        std::string got = describe(searcher.search(mix[q]));
        if (got != expected[q]) failures.add("request " + std::to_string(q) + " answered\n" + got);
        ++searches;
      }
      if (searcher.article_count() != 5) failures.add("article_count is not 5");
    }
  });
  EXPECT_EQ(failures.count(), 0u) << failures.first();
  EXPECT_EQ(searches.load(), kThreads * kRounds * mix.size());
}

TEST(SearcherThreads, WhileAWriterCommitsEachSearchSeesOneCommitNoOlderThanWhenItStarted) {
  TempDir dir;
  // Each new article is written by its own commit, and matches some of the requests, so every
  // commit changes their answers (and every score, through the collection statistics). Fewer than
  // 16 commits: a search makes at least 8 attempts and losing one takes two commits during it, so
  // even a search that lost every race must succeed.
  constexpr int kCommits = 10;
  std::vector<std::string> articles;
  for (int k = 0; k < kCommits; ++k) {
    fs::path file = dir / "new" / ("drill-" + std::to_string(k) + ".txt");
    std::string n = std::to_string(k);
    testing::write_file(file, "Alliance drill " + n +
                                  "\n\nJapan and the alliance held missile drill " + n +
                                  " near the joint force headquarters.\n");
    articles.push_back(file.string());
  }
  const std::vector<SearchRequest> mix = query_mix();

  // The single-threaded answers after each commit, on an index built the same way.
  std::vector<std::vector<std::string>> expected;
  {
    IndexOptions options;
    options.database = index_corpus(dir / "reference");
    Indexer writer(options, nullptr);
    Searcher searcher(options.database);
    for (int k = 0; k <= kCommits; ++k) {
      expected.push_back(answers(searcher, mix));
      if (k < kCommits) writer.run({articles[static_cast<std::size_t>(k)]});
    }
  }
  for (std::size_t q = 0; q < mix.size(); ++q) {
    EXPECT_NE(expected[0][q], expected[kCommits][q]) << "request " << q << " ignores the commits";
  }

  IndexOptions options;
  options.database = index_corpus(dir / "live");
  const std::string& index = options.database;
  Searcher shared(index);
  std::atomic<int> begun{0}, committed{0};  // commits begun and finished
  std::atomic<bool> writing{true};
  std::atomic<std::size_t> searches{0};
  Failures failures;
  std::thread writer([&] {
    try {
      Indexer indexer(options, nullptr);
      for (int k = 0; k < kCommits; ++k) {
        // Spread the commits over the searches: wait for some to finish since the last commit.
        std::size_t target = searches.load() + static_cast<std::size_t>(kThreads);
        for (std::size_t n = searches.load(); n < target; n = searches.load()) searches.wait(n);
        begun = k + 1;
        indexer.run({articles[static_cast<std::size_t>(k)]});
        committed = k + 1;
      }
    } catch (const std::exception& e) {
      failures.add(std::string("the writer threw: ") + e.what());
    }
    writing = false;
  });

  run_threads(index, shared, failures, [&](int thread, Searcher& searcher) {
    for (bool last = false; !last;) {
      last = !writing;  // after the last commit, one more round, which must see it
      for (std::size_t i = 0; i < mix.size(); ++i) {
        std::size_t q = (i + static_cast<std::size_t>(thread)) % mix.size();
        const int oldest = committed;
        std::string got;
        try {
          got = describe(searcher.search(mix[q]));
        } catch (const Error& e) {
          got = std::string("error: ") + e.what();  // still counted, so the writer goes on
        }
        const int newest = begun;
        bool matched = false;
        for (int k = oldest; k <= newest && !matched; ++k) {
          matched = got == expected[static_cast<std::size_t>(k)][q];
        }
        if (!matched) {
          failures.add("request " + std::to_string(q) + " between commits " +
                       std::to_string(oldest) + " and " + std::to_string(newest) + " answered\n" +
                       got);
        }
        ++searches;
        searches.notify_all();
      }
      const int oldest = committed;
      const int count = static_cast<int>(searcher.article_count());
      if (count < 5 + oldest || count > 5 + begun) failures.add("article_count out of range");
    }
  });
  writer.join();
  EXPECT_EQ(failures.count(), 0u) << failures.first();
  EXPECT_EQ(committed.load(), kCommits);
  EXPECT_EQ(Searcher(index).article_count(), 5u + kCommits);
}

}  // namespace
}  // namespace kensaku
