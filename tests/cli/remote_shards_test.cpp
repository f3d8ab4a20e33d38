// Remote shards rank exactly like one database: the Reuters feed indexed once unsharded and once in
// two shards, the shards served by two xapian-tcpsrv processes, and the same queries asked of the
// remote pair, the local sharded index and the unsharded one.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/xapian_tcpsrv.h"
#include "tests/test_support.h"

namespace kensaku::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What one way of reaching the index returns for one query: the ranked ids and scores, and the
// rest of the answer that must not depend on where the articles live.
struct Answer {
  std::vector<std::pair<std::string, double>> ranking;
  std::size_t total = 0;
  json facets, suggestion, matched_words;
};

Answer ask(const std::vector<std::string>& databases, const std::vector<std::string>& args) {
  std::vector<std::string> argv{search_bin()};
  for (const std::string& db : databases) {
    argv.push_back("--db");
    argv.push_back(db);
  }
  argv.insert(argv.end(), {"--json", "--limit", "20", "--fragments", "0"});
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = run(argv);
  EXPECT_TRUE(r.exit_status == 0 || r.exit_status == 1) << r.err;
  Answer answer;
  if (r.exit_status != 0 && r.exit_status != 1) return answer;
  json response = json::parse(r.out);
  answer.total = response["total"].get<std::size_t>();
  answer.facets = response["facets"];
  answer.suggestion = response["suggestion"];
  answer.matched_words = json::array();
  for (const json& hit : response["hits"]) {
    answer.ranking.emplace_back(hit["id"].get<std::string>(), hit["score"].get<double>());
    answer.matched_words.push_back(hit["matched_words"]);
  }
  return answer;
}

std::string trec_run(const std::vector<std::string>& databases, const std::string& batch_file) {
  std::vector<std::string> argv{search_bin()};
  for (const std::string& db : databases) {
    argv.push_back("--db");
    argv.push_back(db);
  }
  argv.insert(argv.end(), {"--batch", batch_file, "--format", "trec", "--limit", "20"});
  RunResult r = run(argv);
  EXPECT_EQ(r.exit_status, 0) << r.err;
  return r.out;
}

TEST(RemoteShards, RankTheReutersFeedExactlyAsTheLocalStubAndOneUnshardedDatabase) {
  REQUIRE_SHARED_OR_SKIP(shared);
  const fs::path feed = shared / "corpora" / "reuters21578" / "reuters.jsonl.gz";
  TempDir dir;
  const std::string single = (dir / "single").string(), sharded = (dir / "sharded").string();
  RunResult built = run({index_bin(), "--db", single, "--quiet", feed.string()});
  ASSERT_EQ(built.exit_status, 0) << built.err;
  built = run({index_bin(), "--db", sharded, "--shards", "2", "--quiet", feed.string()});
  ASSERT_EQ(built.exit_status, 0) << built.err;

  // Each server serves one shard's current generation, read-only.
  XapianTcpServer shard0((fs::path(sharded) / "shard-00").string());
  XapianTcpServer shard1((fs::path(sharded) / "shard-01").string());
  const std::vector<std::string> remote{shard0.url(), shard1.url()};

  // `exact`: scores equal to the last bit. A query ORing many terms (--like: 30) may differ in the
  // last bit between one database and shards: Xapian builds each database's OR tree in the order
  // of that database's own term frequencies, so the same term weights are added in another
  // order, and floating-point addition is not associative. The remote and local shards, built
  // alike, still agree exactly.
  struct Query {
    std::vector<std::string> args;
    bool exact = true;
  };
  const std::vector<Query> queries = {
      {{"oil prices"}},                                     // words
      {{"\"interest rates\""}},                             // phrase
      {{"wheat topic:grain"}},                              // field filter
      {{"topic:grain"}},                                    // a filter alone: every score equal
      {{"coffee date:1987-03-01..1987-03-10"}},             // date range
      {{"--since", "1987-04", "--sort", "-date", "gold"}},  // dates, sorted
      {{"crude NEAR/3 oil"}},                               // proximity
      {{"trade deficit japan"}},                            // every-word tier bonus
      {{"what did the federal reserve say about interest rates and inflation"}},  // feedback
      {{"--recent", "30", "grain exports"}},                                      // recency bonus
      {{"--facets", "topic,year,place", "soybean"}},  // facets over all matches
      {{"opec*"}},                                    // wildcard
      {{"wheet exprots"}},                            // spelling suggestion
      {{"--like", "reuters.jsonl.gz#42"}, false},     // similar articles
  };
  for (const Query& query : queries) {
    std::string name;
    for (const std::string& part : query.args) name += part + " ";
    SCOPED_TRACE(name);
    Answer one = ask({single}, query.args);
    Answer stub = ask({sharded}, query.args);
    Answer tcp = ask(remote, query.args);
    EXPECT_FALSE(one.ranking.empty());
    // Xapian combines the shards' statistics before weighting, so every term weight is computed
    // from the same numbers as in one database.
    EXPECT_EQ(tcp.ranking, stub.ranking);
    if (query.exact) {
      EXPECT_EQ(stub.ranking, one.ranking);
    } else {
      ASSERT_EQ(stub.ranking.size(), one.ranking.size());
      for (std::size_t i = 0; i < one.ranking.size(); ++i) {
        EXPECT_EQ(stub.ranking[i].first, one.ranking[i].first) << "rank " << i + 1;
        EXPECT_NEAR(stub.ranking[i].second, one.ranking[i].second, 1e-12 * one.ranking[i].second);
      }
    }
    EXPECT_EQ(stub.facets, one.facets);
    EXPECT_EQ(tcp.facets, one.facets);
    EXPECT_EQ(stub.suggestion, one.suggestion);
    EXPECT_EQ(tcp.suggestion, one.suggestion);
    EXPECT_EQ(tcp.matched_words, one.matched_words);
  }

  // A batch in TREC format (ids, ranks and scores as printed) is byte for byte the same.
  const fs::path batch = dir / "queries.tsv";
  write_file(batch,
             "1\toil prices\n2\t\"interest rates\"\n3\ttopic:grain\n4\tplace:usa dollar\n"
             "5\tbank AND rates NOT dollar\n");
  const std::string expected = trec_run({single}, batch.string());
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(trec_run({sharded}, batch.string()), expected);
  EXPECT_EQ(trec_run(remote, batch.string()), expected);
}

}  // namespace
}  // namespace kensaku::testing
