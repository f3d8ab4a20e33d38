// Request routing: method check, target parsing, then one handler per path.
#include "searcher/server/router.h"

#include "searcher/server/api.h"
#include "searcher/server/article_page.h"
#include "searcher/server/assets.h"
#include "searcher/server/page_layout.h"
#include "searcher/server/search_page.h"

namespace kensaku::server {
namespace {

constexpr std::string_view kApiArticles = "/api/articles/";
constexpr std::string_view kArticles = "/articles/";

bool is_api(std::string_view target) { return target.substr(0, 5) == "/api/" || target == "/api"; }

HttpResponse html_error(int status, const Error& error) {
  return HttpResponse{
      status, "text/html; charset=utf-8", error_page_html(status, error.what(), error.hint()), {}};
}

// An error in the form the path's clients read: JSON under /api/, a page elsewhere.
HttpResponse error_for(std::string_view target, int status, const Error& error) {
  return is_api(target) ? error_response(status, error) : html_error(status, error);
}

void require_no_params(const Target& target) {
  if (!target.params.empty()) {
    throw UsageError("unknown parameter '" + target.params.front().first.substr(0, 40) + "'",
                     "this path takes no parameters");
  }
}

HttpResponse not_found(std::string_view target) {
  return error_for(target, 404, UsageError("no such page", "see /api/openapi.json for the API"));
}

HttpResponse dispatch(const Target& target, std::string_view raw, SearcherPool& pool) {
  const std::string& path = target.path;
  if (path == "/") return search_page(pool, target);
  if (path == "/api/search") return api_search(pool, target);
  if (path == "/api/health") {
    require_no_params(target);
    return api_health(pool);
  }
  if (path == "/api/openapi.json") {
    require_no_params(target);
    return api_openapi();
  }
  if (path.size() > kApiArticles.size() &&
      path.compare(0, kApiArticles.size(), kApiArticles) == 0) {
    require_no_params(target);
    return api_article(pool, path.substr(kApiArticles.size()));
  }
  if (path.size() > kArticles.size() && path.compare(0, kArticles.size(), kArticles) == 0) {
    return article_page(pool, path.substr(kArticles.size()), target);
  }
  if (std::optional<Asset> asset = find_asset(path)) {
    HttpResponse out{200, std::string(asset->content_type), std::string(asset->body), {}};
    out.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return out;
  }
  return not_found(raw);
}

HttpResponse handle(const HttpRequest& request, SearcherPool& pool) {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse out =
        error_for(request.target, 405,
                  UsageError("method " + request.method.substr(0, 20) + " is not allowed",
                             "only GET and HEAD are served"));
    out.headers.emplace_back("Allow", "GET, HEAD");
    return out;
  }
  Target target;
  try {
    target = parse_target(request.target);
  } catch (const UsageError& e) {
    return error_for(request.target, 400, e);
  }
  try {
    return dispatch(target, request.target, pool);
  } catch (...) {
    Failure failure = classify_failure(std::current_exception());
    if (failure.status == 400)
      return error_for(request.target, 400, UsageError(failure.message, failure.hint));
    return error_for(request.target, failure.status, FatalError(failure.message, failure.hint));
  }
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& security_headers() {
  static const std::vector<std::pair<std::string, std::string>> headers{
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  };
  return headers;
}

HttpResponse route(const HttpRequest& request, SearcherPool& pool) {
  HttpResponse out = handle(request, pool);
  if (out.headers.empty()) out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

}  // namespace kensaku::server
