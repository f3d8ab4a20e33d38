// The article page, GET /articles/{id}: title, metadata, full text (the query's words marked when
// reached from a search), the original URL when it is http(s), and similar articles.
#ifndef KENSAKU_SEARCHER_SERVER_ARTICLE_PAGE_H_
#define KENSAKU_SEARCHER_SERVER_ARTICLE_PAGE_H_

#include <string>

#include "searcher/server/http_message.h"
#include "searcher/server/searcher_pool.h"
#include "searcher/server/url.h"

namespace kensaku::server {

// 404 for an unknown id; `q` is the only parameter (400 for others).
HttpResponse article_page(SearcherPool& pool, const std::string& id, const Target& target);

// The words of a query worth marking in an article: letters and digits, without the operators.
std::vector<std::string> words_to_mark(const std::string& query);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_ARTICLE_PAGE_H_
