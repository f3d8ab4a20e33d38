// A suite-wide index (corpus/, the dated world-news feed and the hostile articles) and a
// kensaku-server over it, started once per test binary run of a suite.
#ifndef KENSAKU_TESTS_SERVER_SERVER_FIXTURE_H_
#define KENSAKU_TESTS_SERVER_SERVER_FIXTURE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/server/http_client.h"
#include "tests/server/server_process.h"
#include "tests/test_support.h"

namespace kensaku::testing {

// Indexes corpus/, tests/data/feeds/world_news.jsonl and tests/data/server/hostile.jsonl into
// `dir`/index; returns the index path.
std::filesystem::path index_server_articles(const TempDir& dir);

class ServerTest : public ::testing::Test {
 public:
  static unsigned short port() { return server_->port(); }

 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  static const std::filesystem::path& index() { return *index_; }
  static HttpReply get(const std::string& target) { return http_get(port(), target); }
  // What `kensaku-search --json ARGS` prints over the same index.
  static std::string cli_json(const std::vector<std::string>& args);

  static inline TempDir* dir_ = nullptr;
  static inline std::filesystem::path* index_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

}  // namespace kensaku::testing

#endif  // KENSAKU_TESTS_SERVER_SERVER_FIXTURE_H_
