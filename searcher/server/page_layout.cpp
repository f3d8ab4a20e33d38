// The shared frame of the HTML pages. No inline script or style: the CSP forbids both.
#include "searcher/server/page_layout.h"

#include "searcher/server/html.h"

namespace kensaku::server {
namespace {

std::string option(const std::string& value, const std::string& label, bool selected) {
  return "<option value=\"" + escape_html(value) + "\"" + (selected ? " selected" : "") + ">" +
         escape_html(label) + "</option>";
}

std::string sort_select(SortOrder sort) {
  return "<label for=\"sort\">Sort</label><select id=\"sort\" name=\"sort\">" +
         option("relevance", "Relevance", sort == SortOrder::kRelevance) +
         option("-date", "Newest first", sort == SortOrder::kDateDescending) +
         option("date", "Oldest first", sort == SortOrder::kDateAscending) + "</select>";
}

std::string recent_select(const std::string& recent) {
  std::string out =
      "<label for=\"recent\">Favour recent</label><select id=\"recent\" name=\"recent\">";
  bool known = false;
  for (const auto& [value, label] : {std::pair<std::string, std::string>{"", "No"},
                                     {"1w", "Past week"},
                                     {"1m", "Past month"},
                                     {"1y", "Past year"}}) {
    known = known || value == recent;
    out += option(value, label, value == recent);
  }
  if (!known) out += option(recent, recent, true);
  return out + "</select>";
}

std::string search_form(const FormState& form) {
  std::string out =
      "<form class=\"search\" role=\"search\" method=\"get\" action=\"/\">"
      "<div class=\"box\"><label for=\"q\" class=\"visually-hidden\">Search articles</label>"
      "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" maxlength=\"1024\" "
      "placeholder=\"Search articles (press / to focus)\" value=\"" +
      escape_html(form.query) +
      "\"><button type=\"submit\">Search</button></div>"
      "<div class=\"options\">" +
      sort_select(form.sort) +
      "<label for=\"since\">From</label><input id=\"since\" name=\"since\" "
      "inputmode=\"numeric\" placeholder=\"YYYY-MM-DD\" size=\"10\" value=\"" +
      escape_html(form.since) +
      "\"><label for=\"until\">To</label><input id=\"until\" name=\"until\" inputmode=\"numeric\" "
      "placeholder=\"YYYY-MM-DD\" size=\"10\" value=\"" +
      escape_html(form.until) + "\">" + recent_select(form.recent) + "</div>";
  for (const std::string& filter : form.filters) {
    out += "<input type=\"hidden\" name=\"filter\" value=\"" + escape_html(filter) + "\">";
  }
  return out + "</form>";
}

}  // namespace

std::string page_html(const std::string& title, const FormState& form, const std::string& main_html,
                      const std::string& aside_html) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"color-scheme\" content=\"light dark\"><title>" +
      escape_html(title) +
      "</title><link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">"
      "<link rel=\"stylesheet\" href=\"/assets/app.css\">"
      "<script src=\"/assets/app.js\" defer></script></head><body>"
      "<a class=\"skip\" href=\"#main\">Skip to results</a>"
      "<header><a class=\"brand\" href=\"/\">Kensaku</a>" +
      search_form(form) + "</header><div class=\"layout\"><main id=\"main\" tabindex=\"-1\">" +
      main_html + "</main>";
  if (!aside_html.empty()) out += "<aside aria-label=\"Filters\">" + aside_html + "</aside>";
  out +=
      "</div><footer><p>JSON API: <a href=\"/api/openapi.json\">/api/openapi.json</a> · "
      "<a href=\"/api/health\">/api/health</a></p></footer></body></html>\n";
  return out;
}

std::string error_page_html(int status, const std::string& message, const std::string& hint) {
  std::string main =
      "<h1>" + std::to_string(status) + "</h1><p class=\"error\">" + escape_html(message) + "</p>";
  if (!hint.empty()) main += "<p>" + escape_html(hint) + "</p>";
  main += "<p><a href=\"/\">New search</a></p>";
  return page_html("Error " + std::to_string(status) + " — Kensaku", FormState{}, main, "");
}

}  // namespace kensaku::server
