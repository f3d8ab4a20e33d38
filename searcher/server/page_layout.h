// The frame every HTML page shares: head, header with the search form, footer.
#ifndef KENSAKU_SEARCHER_SERVER_PAGE_LAYOUT_H_
#define KENSAKU_SEARCHER_SERVER_PAGE_LAYOUT_H_

#include <string>
#include <vector>

#include "kensaku/search.h"

namespace kensaku::server {

// What the search form shows: the query and options of the current search.
struct FormState {
  std::string query;
  std::vector<std::string> filters;
  SortOrder sort = SortOrder::kRelevance;
  std::string since, until, recent;
};

// A whole document: `title` (plain text) and `main_html` inside <main>, `aside_html` (may be
// empty) inside <aside>.
std::string page_html(const std::string& title, const FormState& form, const std::string& main_html,
                      const std::string& aside_html);

// A page saying what went wrong (plain text message and hint).
std::string error_page_html(int status, const std::string& message, const std::string& hint);

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_PAGE_LAYOUT_H_
