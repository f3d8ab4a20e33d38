// /api/articles/{id}, /api/health and /api/openapi.json: real responses checked against the
// OpenAPI document's schemas; 404 and 503 with the error object.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "searcher/server/url.h"
#include "tests/server/server_fixture.h"

namespace kensaku::testing {
namespace {

using nlohmann::json;
using server::percent_encode;

class ApiEndpoints : public ServerTest {};

// Checks `value` against the OpenAPI schema `schema` (the subset the document uses: $ref, type,
// required, properties, additionalProperties, items, enum, nullable, minimum, minItems, maxItems).
void expect_matches(const json& value, const json& schema, const json& document,
                    const std::string& where) {
  if (schema.contains("$ref")) {
    std::string ref = schema["$ref"];
    return expect_matches(value, document["components"]["schemas"][ref.substr(ref.rfind('/') + 1)],
                          document, where);
  }
  if (value.is_null()) {
    EXPECT_TRUE(schema.value("nullable", false) || !schema.contains("type")) << where << " is null";
    return;
  }
  std::string type = schema.value("type", "");
  if (type == "object") {
    ASSERT_TRUE(value.is_object()) << where;
    for (const auto& name : schema.value("required", json::array())) {
      EXPECT_TRUE(value.contains(name.get<std::string>())) << where << " lacks " << name;
    }
    for (const auto& [name, member] : value.items()) {
      const json& properties = schema.value("properties", json::object());
      if (properties.contains(name)) {
        expect_matches(member, properties[name], document, where + "." + name);
      } else if (schema.contains("additionalProperties") &&
                 schema["additionalProperties"].is_object()) {
        expect_matches(member, schema["additionalProperties"], document, where + "." + name);
      } else {
        EXPECT_NE(schema.value("additionalProperties", json(true)), json(false))
            << where << " has " << name;
      }
    }
  } else if (type == "array") {
    ASSERT_TRUE(value.is_array()) << where;
    if (schema.contains("minItems")) {
      EXPECT_GE(value.size(), schema["minItems"].get<std::size_t>()) << where;
    }
    if (schema.contains("maxItems")) {
      EXPECT_LE(value.size(), schema["maxItems"].get<std::size_t>()) << where;
    }
    for (const auto& item : value) expect_matches(item, schema["items"], document, where + "[]");
  } else if (type == "string") {
    EXPECT_TRUE(value.is_string()) << where;
  } else if (type == "integer") {
    EXPECT_TRUE(value.is_number_integer()) << where;
  } else if (type == "number") {
    EXPECT_TRUE(value.is_number()) << where;
  } else if (type == "boolean") {
    EXPECT_TRUE(value.is_boolean()) << where;
  }
  if (schema.contains("enum")) {
    bool listed = false;
    for (const auto& allowed : schema["enum"]) listed = listed || allowed == value;
    EXPECT_TRUE(listed) << where << " = " << value;
  }
  if (schema.contains("minimum") && value.is_number()) {
    EXPECT_GE(value.get<double>(), schema["minimum"].get<double>()) << where;
  }
}

// The schema of the `status` answer of GET `path` in the OpenAPI document.
json response_schema(const json& document, const std::string& path, int status) {
  json response = document["paths"][path]["get"]["responses"][std::to_string(status)];
  if (response.contains("$ref")) response = document["components"]["responses"]["Error"];
  return response["content"]["application/json"]["schema"];
}

TEST_F(ApiEndpoints, RealResponsesMatchTheOpenApiDocument) {
  HttpReply doc = get("/api/openapi.json");
  ASSERT_EQ(doc.status, 200);
  json document = json::parse(doc.body);
  EXPECT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");
  struct Check {
    std::string target, path;
    int status;
  };
  std::string id = json::parse(get("/api/search?q=missile").body)["hits"][0]["id"];
  const std::vector<Check> checks = {
      {"/api/search?q=missile&facets=source,year", "/api/search", 200},
      {"/api/search?q=hostile&fragments=3", "/api/search", 200},
      {"/api/search?q=zzqx", "/api/search", 200},
      {"/api/search?q=x&limit=0", "/api/search", 400},
      {"/api/articles/" + percent_encode(id), "/api/articles/{id}", 200},
      {"/api/articles/none", "/api/articles/{id}", 404},
      {"/api/health", "/api/health", 200},
  };
  for (const Check& check : checks) {
    HttpReply reply = get(check.target);
    EXPECT_EQ(reply.status, check.status) << check.target;
    json schema = response_schema(document, check.path, check.status);
    ASSERT_FALSE(schema.is_null()) << check.path << " " << check.status << " is not documented";
    expect_matches(json::parse(reply.body), schema, document, check.target);
  }
  // Every parameter the server accepts is documented, and no other.
  std::vector<std::string> documented;
  for (const auto& parameter : document["paths"]["/api/search"]["get"]["parameters"]) {
    documented.push_back(parameter["name"]);
  }
  for (const std::string& name : documented) {
    EXPECT_NE(get("/api/search?q=x&" + name + "=").status, 0) << name;
    json body = json::parse(get("/api/search?q=x&" + name + "=zz").body);
    EXPECT_EQ(body.value("error", json::object()).value("message", "").find("unknown parameter"),
              std::string::npos)
        << name;
  }
}

TEST_F(ApiEndpoints, AnArticleComesWithItsMetadataAndFullText) {
  HttpReply reply = get("/api/articles/" + percent_encode("articles/world_news.jsonl#wn-0001"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  json article = json::parse(reply.body);
  EXPECT_EQ(article["title"], "Kyoto approves tram extension");
  EXPECT_EQ(article["author"], "Aiko Tanaka");
  EXPECT_NE(article["text"].get<std::string>().find("Construction is to start next spring."),
            std::string::npos);
  EXPECT_EQ(article["url"], "https://kansaiherald.example/2024/03/05/tram");
}

TEST_F(ApiEndpoints, UnknownArticlesAre404AndPathsTakeNoParameters) {
  for (const char* target :
       {"/api/articles/none", "/api/articles/articles%2Fnone.txt", "/api/articles/%E6%97%A5"}) {
    HttpReply reply = get(target);
    EXPECT_EQ(reply.status, 404) << target;
    EXPECT_TRUE(json::parse(reply.body)["error"]["message"].is_string());
  }
  EXPECT_EQ(get("/api/health?verbose=1").status, 400);
  EXPECT_EQ(get("/api/nothing").status, 404);
}

TEST_F(ApiEndpoints, HealthCountsTheArticlesAndGivesTheLastCommitTime) {
  json health = json::parse(get("/api/health").body);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_GE(health["articles"].get<int>(), 15);
  std::string commit = health["last_commit"];
  EXPECT_EQ(commit.size(), 20u) << commit;
  EXPECT_EQ(commit.back(), 'Z');
}

TEST(ApiUnavailable, HealthIs503WithTheErrorObjectWhenTheIndexCannotBeOpened) {
  TempDir dir;
  ServerProcess server({"--db", (dir / "missing").string()}, dir / "server.log");
  for (const char* target : {"/api/health", "/api/search?q=x", "/api/articles/x"}) {
    HttpReply reply = http_get(server.port(), target);
    EXPECT_EQ(reply.status, 503) << target;
    json body = json::parse(reply.body);
    EXPECT_EQ(body["error"]["status"], 2);
    EXPECT_EQ(body["error"]["message"].get<std::string>().find(dir.path().string()),
              std::string::npos)
        << "the server's paths stay in its log";
  }
  EXPECT_EQ(http_get(server.port(), "/?q=x").status, 503);
  // Once an index is there, the same server answers, with no restart.
  RunResult indexed =
      run({index_bin(), "--db", (dir / "missing").string(), "--quiet", corpus_dir().string()});
  ASSERT_EQ(indexed.exit_status, 0) << indexed.err;
  EXPECT_EQ(http_get(server.port(), "/api/health").status, 200);
  EXPECT_EQ(http_get(server.port(), "/api/search?q=missile").status, 200);
}

}  // namespace
}  // namespace kensaku::testing
