// The JSON API's handlers: search through the --json printer, articles by id, health, OpenAPI.
#include "searcher/server/api.h"

#include <sys/stat.h>

#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "searcher/cli/result_printer.h"
#include "searcher/server/openapi.h"
#include "searcher/server/search_params.h"

namespace kensaku::server {
namespace {

using json = nlohmann::ordered_json;
constexpr const char* kJson = "application/json; charset=utf-8";

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

void log_detail(const std::string& what) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::cerr << "kensaku-server: " << what << '\n';
}

// The newest modification time of a commit marker (iamglass, XAPIANDB) under the local
// databases, at most three levels down (generations, shards).
std::optional<std::time_t> last_commit(const std::vector<std::string>& databases) {
  namespace fs = std::filesystem;
  std::optional<std::time_t> newest;
  for (const std::string& db : databases) {
    std::error_code ec;
    fs::recursive_directory_iterator it(db, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (it.depth() > 2) it.disable_recursion_pending();
      std::string name = it->path().filename().string();
      if (name != "iamglass" && name != "XAPIANDB") continue;
      struct stat st;
      if (::stat(it->path().c_str(), &st) == 0 && (!newest || st.st_mtime > *newest)) {
        newest = st.st_mtime;
      }
    }
  }
  return newest;
}

std::string iso_time(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace

HttpResponse error_response(int status, const Error& error) {
  return HttpResponse{status, kJson, service_error_json("null", error) + "\n", {}};
}

Failure classify_failure(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const UsageError& e) {
    return Failure{400, e.what(), e.hint()};
  } catch (const Error& e) {
    log_detail(std::string(e.what()) + (e.hint().empty() ? "" : " (hint: " + e.hint() + ")"));
    return Failure{503, "the index cannot be opened or read",
                   "try again; the server's log has the details"};
  } catch (const std::exception& e) {
    log_detail(std::string("internal error: ") + e.what());
  } catch (...) {
    log_detail("internal error");
  }
  return Failure{500, "internal error", "the server's log has the details"};
}

HttpResponse api_search(SearcherPool& pool, const Target& target) {
  SearchRequest request = read_api_search(target.params);
  SearchResponse response = pool.local().search(request);
  return HttpResponse{200, kJson, response_to_json(response) + "\n", {}};
}

HttpResponse api_article(SearcherPool& pool, const std::string& id) {
  std::optional<StoredArticle> article = pool.local().article(id);
  if (!article) {
    return error_response(404, UsageError("no article with the id '" + id.substr(0, 200) + "'",
                                          "ids are the \"id\" of search hits"));
  }
  json out;
  out["version"] = kJsonSchemaVersion;
  out["id"] = article->id;
  out["title"] = article->title;
  out["source"] = article->source;
  out["author"] = article->author;
  out["date"] = article->date;
  out["path"] = article->path;
  out["url"] = article->url;
  out["lang"] = article->lang;
  out["tags"] = article->tags;
  out["topics"] = article->topics;
  out["places"] = article->places;
  out["text"] = article->body;
  return HttpResponse{200, kJson, dump(out), {}};
}

HttpResponse api_health(SearcherPool& pool) {
  std::size_t count = pool.local().article_count();
  json out;
  out["version"] = kJsonSchemaVersion;
  out["status"] = "ok";
  out["articles"] = count;
  std::optional<std::time_t> commit = last_commit(pool.local_databases());
  out["last_commit"] = commit ? json(iso_time(*commit)) : json();
  return HttpResponse{200, kJson, dump(out), {}};
}

HttpResponse api_openapi() { return HttpResponse{200, kJson, std::string(openapi_json()), {}}; }

}  // namespace kensaku::server
