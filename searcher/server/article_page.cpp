// Renders one stored article and the articles like it.
#include "searcher/server/article_page.h"

#include <cctype>

#include "searcher/server/html.h"
#include "searcher/server/page_layout.h"

namespace kensaku::server {
namespace {

std::string text_html(const std::string& body, const std::vector<std::string>& words) {
  std::string out;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find("\n\n", start);
    if (end == std::string::npos) end = body.size();
    std::string paragraph = body.substr(start, end - start);
    if (paragraph.find_first_not_of(" \t\n") != std::string::npos) {
      out += "<p>" + words_marked_html(paragraph, words) + "</p>";
    }
    start = end + 2;
  }
  return out;
}

std::string similar_html(SearcherPool& pool, const std::string& id) {
  SearchRequest request;
  request.like = id;
  request.limit = 5;
  request.fragments = 0;
  request.suggest = false;
  SearchResponse response = pool.local().search(request);
  if (response.hits.empty()) return {};
  std::string out =
      "<section class=\"similar\" aria-labelledby=\"similar\"><h2 id=\"similar\">"
      "Similar articles</h2><ul>";
  for (const Hit& hit : response.hits) {
    out += "<li><a href=\"/articles/" + escape_html(percent_encode(hit.id)) + "\">" +
           escape_html(hit.title.empty() ? hit.id : hit.title) + "</a></li>";
  }
  return out + "</ul></section>";
}

}  // namespace

std::vector<std::string> words_to_mark(const std::string& query) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty() && word != "AND" && word != "OR" && word != "NOT" && word != "NEAR" &&
        word != "ADJ") {
      words.push_back(word);
    }
    word.clear();
  };
  for (std::size_t i = 0; i < query.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(query[i]);
    if (std::isalnum(c) || c >= 0x80) {
      word += query[i];
    } else if (c == ':') {
      word.clear();  // a field name, not a word
    } else {
      flush();
    }
  }
  flush();
  return words;
}

HttpResponse article_page(SearcherPool& pool, const std::string& id, const Target& target) {
  std::string q;
  for (const auto& [name, value] : target.params) {
    if (name != "q")
      throw UsageError("unknown parameter '" + name.substr(0, 40) + "'",
                       "an article page takes only q");
    q = value;
  }
  std::optional<StoredArticle> article = pool.local().article(id);
  if (!article) {
    HttpResponse missing{404,
                         "text/html; charset=utf-8",
                         error_page_html(404, "There is no article with this id.",
                                         "It may have been removed from the index."),
                         {}};
    return missing;
  }
  std::string title = article->title.empty() ? article->id : article->title;
  std::string meta;
  for (const std::string* field : {&article->source, &article->author, &article->date}) {
    if (!field->empty()) meta += (meta.empty() ? "" : " · ") + escape_html(*field);
  }
  std::string main = "<article><h1>" + escape_html(title) + "</h1>";
  if (!meta.empty()) main += "<p class=\"meta\">" + meta + "</p>";
  if (is_web_url(article->url)) {
    main += "<p class=\"original\"><a href=\"" + escape_html(article->url) +
            "\" rel=\"noopener noreferrer nofollow\">Original article</a></p>";
  }
  main += "<div class=\"text\">" + text_html(article->body, words_to_mark(q)) + "</div></article>";
  if (!q.empty())
    main += "<p><a href=\"/?q=" + escape_html(percent_encode(q)) + "\">Back to the results</a></p>";
  main += similar_html(pool, article->id);
  FormState form;
  form.query = q;
  return HttpResponse{
      200, "text/html; charset=utf-8", page_html(title + " — Kensaku", form, main, ""), {}};
}

}  // namespace kensaku::server
