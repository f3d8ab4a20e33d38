// /api/search answers with exactly the bytes of kensaku-search --json for the same options, and
// rejects unknown parameters and bad values with the --serve error object and status 400.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "searcher/server/url.h"
#include "tests/server/server_fixture.h"

namespace kensaku::testing {
namespace {

using nlohmann::json;
using server::percent_encode;

struct Case {
  std::vector<std::pair<std::string, std::string>> params;  // for the URL
  std::vector<std::string> cli;                             // the same options for kensaku-search
};

std::string url_of(const Case& c) {
  std::string out = "/api/search";
  for (const auto& [name, value] : c.params) {
    out += (out.find('?') == std::string::npos ? "?" : "&") + name + "=" + percent_encode(value);
  }
  return out;
}

class ApiSearch : public ServerTest {};

TEST_F(ApiSearch, GivesTheBytesOfSearchJsonForTheSeedQueriesAndEveryOption) {
  const std::vector<Case> cases = {
      {{{"q", "SM-6 co-production"}}, {"SM-6 co-production"}},
      {{{"q", "\"joint force headquarters\""}}, {"\"joint force headquarters\""}},
      {{{"q", "author:Maslow"}, {"limit", "3"}}, {"--limit", "3", "author:Maslow"}},
      {{{"q", "missile"}, {"offset", "1"}, {"limit", "2"}},
       {"--offset", "1", "--limit", "2", "missile"}},
      {{{"q", "missile"}, {"fragments", "0"}}, {"--fragments", "0", "missile"}},
      {{{"q", "japan"}, {"sort", "-date"}}, {"--sort", "-date", "japan"}},
      {{{"q", "japan"}, {"sort", "date"}}, {"--sort", "date", "japan"}},
      {{{"q", "tram OR franc"}, {"since", "2024-03"}, {"until", "2024-12-31"}},
       {"--since", "2024-03", "--until", "2024-12-31", "tram OR franc"}},
      {{{"q", "japan"}, {"recent", "2w"}}, {"--recent", "2w", "japan"}},
      {{{"like", "articles/003_b13ff8993483ff35.txt"}},
       {"--like", "articles/003_b13ff8993483ff35.txt"}},
      {{{"q", "missile"}, {"facets", "source,year,author"}},
       {"--facets", "source,year,author", "missile"}},
      {{{"q", "co-produc*"}}, {"co-produc*"}},
      {{{"q", "missle defence"}}, {"missle defence"}},
      {{{"q", "\"unbalanced quote"}}, {"\"unbalanced quote"}},
      {{{"q", "zzqxnothing"}}, {"zzqxnothing"}},
      {{{"q", "hostile"}, {"facets", "source,topic,place,tag,lang"}},
       {"--facets", "source,topic,place,tag,lang", "hostile"}},
      {{{"q", "共同"}}, {"共同"}},
  };
  for (const Case& c : cases) {
    HttpReply reply = get(url_of(c));
    EXPECT_EQ(reply.status, 200) << url_of(c) << "\n" << reply.body;
    EXPECT_EQ(reply.header("content-type"), "application/json; charset=utf-8");
    EXPECT_EQ(reply.body, cli_json(c.cli)) << url_of(c);
  }
}

TEST_F(ApiSearch, LikeGivesTheSameBytesWithTheIdAsPrinted) {
  json hits = json::parse(get("/api/search?q=missile").body)["hits"];
  ASSERT_FALSE(hits.empty());
  std::string id = hits[0]["id"];
  HttpReply reply = get("/api/search?like=" + percent_encode(id));
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, cli_json({"--like", id}));
}

TEST_F(ApiSearch, RejectsUnknownRepeatedAndMalformedParametersWith400AndTheErrorObject) {
  const std::vector<std::string> bad = {
      "/api/search?q=x&lmit=3",
      "/api/search?query=x",
      "/api/search?q=x&q=y",
      "/api/search?q=x&limit=abc",
      "/api/search?q=x&limit=0",
      "/api/search?q=x&limit=101",
      "/api/search?q=x&limit=-1",
      "/api/search?q=x&limit=1e2",
      "/api/search?q=x&limit=+5",
      "/api/search?q=x&offset=10001",
      "/api/search?q=x&fragments=11",
      "/api/search?q=x&sort=best",
      "/api/search?q=x&since=yesterday",
      "/api/search?q=x&until=2024-13",
      "/api/search?q=x&recent=0",
      "/api/search?q=x&recent=soon",
      "/api/search?q=x&facets=colour",
      "/api/search?like=no-such-id",
      "/api/search",
      "/api/search?q=",
      "/api/search?q=%20%20",
      "/api/search?q=x&filter=source:a",
      "/api/search?q=%00",
      "/api/search?q=%C0%AE",
      "/api/search?q=%ED%A0%80",
      "/api/search?q=%FF",
      "/api/search?q=%4",
      "/api/search?q=%zz",
      "/api/search?q=" + std::string(1025, 'a'),
  };
  for (const std::string& target : bad) {
    HttpReply reply = get(target);
    EXPECT_EQ(reply.status, 400) << target << "\n" << reply.body;
    json body = json::parse(reply.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << target << ": " << reply.body;
    EXPECT_EQ(body["version"], 3) << target;
    EXPECT_TRUE(body["id"].is_null()) << target;
    EXPECT_TRUE(body["error"]["message"].is_string()) << target;
    EXPECT_TRUE(body["error"]["hint"].is_string()) << target;
    EXPECT_EQ(body["error"]["status"], 2) << target;
    EXPECT_FALSE(body.contains("hits")) << target;
  }
}

TEST_F(ApiSearch, NamesTheUnknownParameterAndListsTheKnownOnes) {
  json body = json::parse(get("/api/search?q=x&lmit=3").body);
  EXPECT_EQ(body["error"]["message"], "unknown parameter 'lmit'");
  EXPECT_NE(body["error"]["hint"].get<std::string>().find("limit"), std::string::npos);
}

}  // namespace
}  // namespace kensaku::testing
