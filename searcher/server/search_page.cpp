// Renders GET /: hits with rank, linked title, source · author · date and marked fragments;
// "Showing a–b of N"; pagination; facets as add/remove filter links; did-you-mean and notes.
#include "searcher/server/search_page.h"

#include <algorithm>

#include "searcher/cli/option_values.h"
#include "searcher/server/html.h"
#include "searcher/server/page_layout.h"
#include "searcher/server/search_params.h"

namespace kensaku::server {
namespace {

// The parameters of the current search, to build links that change one of them.
struct PageState {
  std::string q, like, sort, since, until, recent;
  std::vector<std::string> filters;
  std::size_t offset = 0, limit = 10;

  std::string url() const {
    std::string out;
    auto add = [&](const char* name, const std::string& value) {
      if (!value.empty())
        out += std::string(out.empty() ? "/?" : "&") + name + "=" + percent_encode(value);
    };
    add("q", q);
    add("like", like);
    for (const std::string& filter : filters) add("filter", filter);
    add("sort", sort);
    add("since", since);
    add("until", until);
    add("recent", recent);
    if (offset > 0) add("offset", std::to_string(offset));
    if (limit != 10) add("limit", std::to_string(limit));
    return out.empty() ? "/" : out;
  }
};

std::string param(const std::vector<QueryParam>& params, const std::string& name) {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

std::string link(const std::string& href, const std::string& text_html, const char* attrs = "") {
  return "<a href=\"" + escape_html(href) + "\"" + attrs + ">" + text_html + "</a>";
}

std::string hit_html(const Hit& hit, const PageState& state) {
  std::string href = "/articles/" + percent_encode(hit.id);
  if (!state.q.empty()) href += "?q=" + percent_encode(state.q);
  std::string title = hit.title.empty() ? hit.id : hit.title;
  std::string meta;
  for (const std::string* field : {&hit.source, &hit.author, &hit.date}) {
    if (!field->empty()) meta += (meta.empty() ? "" : " · ") + escape_html(*field);
  }
  std::string out = "<li class=\"hit\"><h2><span class=\"rank\">" + std::to_string(hit.rank) +
                    ".</span> " + link(href, escape_html(title)) + "</h2>";
  if (!meta.empty()) out += "<p class=\"meta\">" + meta + "</p>";
  for (const Fragment& fragment : hit.fragments) {
    out += "<p class=\"fragment\">" + marked_html(fragment.text, fragment.highlights) + "</p>";
  }
  PageState similar;
  similar.like = hit.id;
  out += "<p class=\"more\">" + link(similar.url(), "Similar articles") + "</p></li>";
  return out;
}

std::string pagination_html(const SearchResponse& response, const PageState& state) {
  if (response.total <= state.limit) return {};
  std::string out = "<nav class=\"pages\" aria-label=\"Pages\"><ul>";
  std::size_t pages = std::min<std::size_t>((response.total + state.limit - 1) / state.limit,
                                            kMaxOffset / state.limit + 1);
  std::size_t current = state.offset / state.limit;
  std::size_t first = current > 4 ? current - 4 : 0, last = std::min(pages, first + 9);
  PageState to = state;
  if (current > 0) {
    to.offset = (current - 1) * state.limit;
    out += "<li>" + link(to.url(), "Previous", " rel=\"prev\"") + "</li>";
  }
  for (std::size_t page = first; page < last; ++page) {
    to.offset = page * state.limit;
    std::string number = std::to_string(page + 1);
    out += page == current ? "<li><span aria-current=\"page\">" + number + "</span></li>"
                           : "<li>" + link(to.url(), number, "") + "</li>";
  }
  if (current + 1 < pages) {
    to.offset = (current + 1) * state.limit;
    out += "<li>" + link(to.url(), "Next", " rel=\"next\"") + "</li>";
  }
  return out + "</ul></nav>";
}

std::string facets_html(const SearchResponse& response, const PageState& state) {
  std::string out;
  if (!state.filters.empty()) {
    out += "<section class=\"active\"><h2>Active filters</h2><ul>";
    for (const std::string& filter : state.filters) {
      PageState without = state;
      without.offset = 0;
      without.filters.erase(std::find(without.filters.begin(), without.filters.end(), filter));
      out += "<li>" +
             link(without.url(), escape_html(filter) + " <span aria-hidden=\"true\">×</span>",
                  " class=\"remove\" aria-label=\"Remove filter\"") +
             "</li>";
    }
    out += "</ul></section>";
  }
  for (const std::string& name : split_list(kPageFacets)) {
    auto counts = response.facets.find(name == "year" ? "year" : name);
    if (counts == response.facets.end() || counts->second.empty()) continue;
    out += "<section class=\"facet\"><h2>" + escape_html(name) + "</h2><ul>";
    std::size_t shown = 0;
    for (const FacetCount& count : counts->second) {
      if (++shown > 10) break;
      std::string filter = name + ":" + count.value;
      if (count.value.find('"') != std::string::npos) continue;
      bool active =
          std::find(state.filters.begin(), state.filters.end(), filter) != state.filters.end();
      PageState with = state;
      with.offset = 0;
      if (!active) with.filters.push_back(filter);
      std::string label = escape_html(count.value) + " <span class=\"count\">" +
                          std::to_string(count.count) + "</span>";
      out += "<li>" +
             (active ? "<span class=\"on\">" + label + "</span>" : link(with.url(), label)) +
             "</li>";
    }
    out += "</ul></section>";
  }
  return out;
}

std::string notes_html(const SearchResponse& response, const PageState& state) {
  std::string out;
  if (!response.suggestion.empty()) {
    PageState fixed = state;
    fixed.q = response.suggestion;
    fixed.offset = 0;
    out += std::string("<p class=\"suggestion\">") +
           (response.showing_suggestion ? "Showing results for " : "Did you mean ") +
           link(fixed.url(), "<strong>" + escape_html(response.suggestion) + "</strong>") + "?</p>";
  }
  if (response.lenient) {
    out +=
        "<p class=\"note\">The query could not be read as written (unbalanced quotes or a "
        "stray operator?), so its words were searched as plain words.</p>";
  }
  for (const std::string& note : response.notes)
    out += "<p class=\"note\">" + escape_html(note) + "</p>";
  return out;
}

std::string results_html(const SearchResponse& response, const PageState& state) {
  std::string out = notes_html(response, state);
  if (response.hits.empty()) {
    return out +
           "<section class=\"none\"><h1>No articles found</h1><p>Try fewer or other words, "
           "remove a filter or the date range, or end a word with * to match its forms "
           "(co-produc*).</p></section>";
  }
  std::size_t first = response.hits.front().rank, last = response.hits.back().rank;
  out += "<h1 class=\"summary\">Showing " + std::to_string(first) + "–" + std::to_string(last) +
         " of " + std::to_string(response.total) + "</h1><ol class=\"hits\">";
  for (const Hit& hit : response.hits) out += hit_html(hit, state);
  return out + "</ol>" + pagination_html(response, state);
}

}  // namespace

HttpResponse search_page(SearcherPool& pool, const Target& target) {
  PageSearch page = read_page_search(target.params);
  PageState state{param(target.params, "q"),
                  param(target.params, "like"),
                  param(target.params, "sort"),
                  page.request.since,
                  page.request.until,
                  param(target.params, "recent"),
                  page.filters,
                  page.request.offset,
                  page.request.limit};
  FormState form{state.q, state.filters, page.request.sort, state.since, state.until, state.recent};
  if (!page.has_query && page.filters.empty()) {
    std::string intro =
        "<h1 class=\"summary\">Search the news</h1><p>Words, \"exact phrases\", "
        "title:word, author:name, OR, NOT, and co-produc* all work.</p>";
    return HttpResponse{200, "text/html; charset=utf-8", page_html("Kensaku", form, intro, ""), {}};
  }
  SearchRequest request = page.request;
  request.query = query_with_filters(request.query, page.filters);
  request.facets = split_list(kPageFacets);
  SearchResponse response = pool.local().search(request);
  std::string title = (state.q.empty() ? std::string("Similar articles") : state.q) + " — Kensaku";
  return HttpResponse{
      200,
      "text/html; charset=utf-8",
      page_html(title, form, results_html(response, state), facets_html(response, state)),
      {}};
}

}  // namespace kensaku::server
