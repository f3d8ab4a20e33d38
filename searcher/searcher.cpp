// The Searcher: opens the index, runs a query, and turns the match set into hits with snippets.
#include <xapian.h>

#include <memory>
#include <utility>

#include "common/schema.h"
#include "common/stored_fields.h"
#include "common/xapian_errors.h"
#include "kensaku/search.h"
#include "searcher/query_builder.h"
#include "searcher/snippet_builder.h"

namespace kensaku {
namespace {

// A writer may commit while a search reads; Xapian then asks readers to reopen and retry.
constexpr int kModifiedRetries = 5;

Xapian::Database open_database(const std::string& location) {
  try {
    return Xapian::Database(location);
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, location);
  }
}

}  // namespace

struct Searcher::Impl {
  std::string location;
  Xapian::Database db;

  explicit Impl(std::string where) : location(std::move(where)), db(open_database(location)) {}

  SearchResponse run(const SearchRequest& request) {
    db.reopen();  // see the latest commit; cheap when nothing changed
    QueryBuilder builder(db);
    BuiltQuery built = builder.build(request.query);

    Xapian::Enquire enquire(db);
    enquire.set_query(built.query);
    switch (request.sort) {
      case SortOrder::kRelevance:
        // Equal scores fall back to the article id, never to Xapian's internal document number.
        enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
        break;
      case SortOrder::kDateAscending:
        enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false);
        break;
      case SortOrder::kDateDescending:
        enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
        break;
    }
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                         static_cast<Xapian::doccount>(request.limit));

    SearchResponse response;
    response.query = request.query;
    response.total = mset.get_matches_estimated();
    SnippetBuilder snippets(built.snippet, schema::stemmer(),
                            SnippetBuilder::Options{request.fragments, 160});
    std::size_t rank = request.offset;
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
      Xapian::Document doc = it.get_document();
      Article article = decode_stored_fields(doc.get_data(), std::to_string(*it));
      Hit hit;
      hit.rank = ++rank;
      hit.id = std::move(article.id);
      hit.score = it.get_weight();
      hit.title = std::move(article.title);
      hit.source = std::move(article.source);
      hit.author = std::move(article.author);
      hit.date = std::move(article.date);
      hit.path = std::move(article.path);
      hit.url = std::move(article.url);
      hit.lang = std::move(article.lang);
      hit.tags = std::move(article.tags);
      hit.topics = std::move(article.topics);
      hit.places = std::move(article.places);
      if (request.fragments > 0) {
        hit.fragments = snippets.build(article.body);
        SnippetBuilder::join(hit.fragments, hit.snippet, hit.highlights);
      }
      response.hits.push_back(std::move(hit));
    }
    return response;
  }
};

Searcher::Searcher(const std::string& database) : impl_(std::make_unique<Impl>(database)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResponse Searcher::search(const SearchRequest& request) {
  if (request.limit == 0) throw UsageError("limit must be at least 1");
  for (int attempt = 0;; ++attempt) {
    try {
      return impl_->run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= kModifiedRetries) {
        throw FatalError("the index at " + impl_->location + " kept changing during the search",
                         "try again");
      }
      impl_->db.reopen();
    } catch (const Xapian::Error& e) {
      rethrow_as_kensaku_error(e, impl_->location);
    }
  }
}

std::size_t Searcher::article_count() const {
  try {
    return impl_->db.get_doccount();
  } catch (const Xapian::Error& e) {
    rethrow_as_kensaku_error(e, impl_->location);
  }
}

}  // namespace kensaku
