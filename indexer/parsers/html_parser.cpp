// Saved news web pages: charset, meta tags, JSON-LD and visible body text, through libxml2.
#include "indexer/parsers/html_parser.h"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/dates.h"
#include "common/text_normaliser.h"
#include "indexer/parsers/metadata_values.h"
#include "kensaku/error.h"

namespace kensaku {
namespace {

using json = nlohmann::json;

// IGNORE_ENC: the bytes handed to libxml2 are already UTF-8, so a <meta charset> in them must
// not make it decode a second time. HUGE: without it libxml2 stops building the tree 256
// elements deep, and legacy pages with hundreds of unclosed <div>/<font> lost every paragraph
// past that. The tree's cost stays linear in the page, nested or not (see kMaxElements).
constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;

// Browsers look for <meta charset> in the first 1024 bytes; saved pages often put long comments
// and inline styles first, so look a little further.
constexpr std::size_t kCharsetSniffBytes = 4096;

constexpr const char* kNoBodyText = "HTML page has no body text";

// About 200 bytes of tree and 1.5 us each (measured, nested or flat alike): 200 MiB and ~2 s at
// most. Real news pages have a few thousand elements.
constexpr std::size_t kMaxElements = 1'000'000;

// Elements whose text is not part of the article: code, page chrome, forms, embedded media and
// their "your browser does not support..." fallbacks.
constexpr std::string_view kSkippedElements[] = {
    "audio", "button",   "canvas", "footer", "form",   "head",     "header", "iframe",
    "nav",   "noscript", "object", "script", "select", "style",    "svg",    "template",
    "aside", "textarea", "title",  "video",  "embed",  "datalist", "dialog", "map",
};

// Elements that start a new line, so that words of adjacent blocks never run together.
constexpr std::string_view kBlockElements[] = {
    "address", "article", "blockquote", "br",       "caption",    "center", "dd",    "details",
    "div",     "dl",      "dt",         "fieldset", "figcaption", "figure", "h1",    "h2",
    "h3",      "h4",      "h5",         "h6",       "hgroup",     "hr",     "li",    "main",
    "ol",      "p",       "pre",        "section",  "summary",    "table",  "tbody", "tfoot",
    "thead",   "tr",      "ul",         "body",     "legend",     "menu",
};

// Table cells sit side by side: a space, not a line, between them.
constexpr std::string_view kCellElements[] = {"td", "th"};

// The schema.org types whose metadata describes the page's article.
constexpr std::string_view kNewsTypes[] = {"NewsArticle", "Article", "ReportageNewsArticle"};

template <std::size_t N>
bool contains(const std::string_view (&set)[N], std::string_view name) {
  return std::find(std::begin(set), std::end(set), name) != std::end(set);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

struct DocFreer {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using Doc = std::unique_ptr<xmlDoc, DocFreer>;

struct ContextFreer {
  void operator()(htmlParserCtxt* context) const { htmlFreeParserCtxt(context); }
};

// A parse: the tree, and why libxml2 stopped early when it did (empty when it read to the end).
struct ParsedPage {
  Doc doc;
  std::string stopped;
  std::size_t elements = 0;
};

ParsedPage& page_of(void* context) {
  return *static_cast<ParsedPage*>(static_cast<htmlParserCtxt*>(context)->_private);
}

// Recovery keeps most errors harmless; these end the parse, and what follows would be lost.
void note_stop(void* context, xmlError* error) {
  if (error == nullptr ||
      (error->code != XML_ERR_NO_MEMORY && error->code != XML_ERR_INTERNAL_ERROR &&
       error->level != XML_ERR_FATAL)) {
    return;
  }
  std::string& stopped = page_of(context).stopped;
  if (!stopped.empty()) return;
  std::string message = error->message ? error->message : "unknown error";
  while (!message.empty() && is_space(message.back())) message.pop_back();
  stopped = "HTML page cannot be parsed past line " + std::to_string(error->line) + ": " + message;
}

// Counts elements as libxml2 builds them and stops past kMaxElements: the tree's memory is what
// a page can cost, nested or not.
void count_element(void* context, const xmlChar* name, const xmlChar** attributes) {
  ParsedPage& page = page_of(context);
  if (++page.elements > kMaxElements) {
    if (page.stopped.empty()) {
      page.stopped = "HTML page has more than " + std::to_string(kMaxElements) +
                     " elements (the limit that bounds a page's memory to about 200 MiB)";
    }
    xmlStopParser(static_cast<htmlParserCtxt*>(context));
    return;
  }
  xmlSAX2StartElement(context, name, attributes);
}

// libxml2 wants its global state set up once before threads parse concurrently.
ParsedPage read_html(std::string_view bytes, const char* encoding) {
  static std::once_flag initialised;
  std::call_once(initialised, xmlInitParser);
  ParsedPage page;
  std::unique_ptr<htmlParserCtxt, ContextFreer> context(htmlNewParserCtxt());
  if (!context) {
    page.stopped = "HTML page cannot be parsed: out of memory";
    return page;
  }
  context->_private = &page;
  context->sax->serror = note_stop;
  context->sax->startElement = count_element;
  page.doc.reset(htmlCtxtReadMemory(context.get(), bytes.data(), static_cast<int>(bytes.size()),
                                    nullptr, encoding, kParseOptions));
  return page;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string lower(std::string_view text) {
  std::string result(text);
  for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// `lowercase` must be lower-case already.
bool equals_ignoring_case(std::string_view text, std::string_view lowercase) {
  return text.size() == lowercase.size() &&
         std::equal(text.begin(), text.end(), lowercase.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         equals_ignoring_case(text.substr(text.size() - suffix.size()), suffix);
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         equals_ignoring_case(text.substr(0, prefix.size()), prefix);
}

// Runs of whitespace inside a line become one space; lines are trimmed and empty ones dropped.
// Runs after normalise_text, which has turned no-break and other exotic spaces into ' '.
std::string tidy_lines(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    if (c == '\n') {
      if (!result.empty() && result.back() != '\n') result += '\n';
      pending_space = false;
    } else if (is_space(c)) {
      pending_space = !result.empty() && result.back() != '\n';
    } else {
      if (pending_space) result += ' ';
      pending_space = false;
      result += c;
    }
  }
  if (!result.empty() && result.back() == '\n') result.pop_back();
  return result;
}

std::string single_line(std::string_view text) {
  std::string line = tidy_lines(text);
  std::replace(line.begin(), line.end(), '\n', ' ');
  return line;
}

// A metadata value: normalised, on one line, trimmed.
std::string clean_text(std::string_view raw) { return single_line(normalise_text(trim(raw))); }

void add_list_items(std::string_view comma_separated, std::vector<std::string>& list) {
  while (!comma_separated.empty()) {
    const std::size_t comma = comma_separated.find(',');
    std::string item = clean_text(comma_separated.substr(0, comma));
    if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end()) {
      list.push_back(std::move(item));
    }
    if (comma == std::string_view::npos) break;
    comma_separated.remove_prefix(comma + 1);
  }
}

std::string_view name_of(const xmlNode* node) {
  return node->name ? reinterpret_cast<const char*>(node->name) : "";
}

bool is_element(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && name_of(node) == name;
}

std::string_view content_of(const xmlNode* node) {
  return node->content ? reinterpret_cast<const char*>(node->content) : "";
}

const xmlAttr* find_attribute(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* attribute = node->properties; attribute; attribute = attribute->next) {
    if (attribute->name &&
        equals_ignoring_case(reinterpret_cast<const char*>(attribute->name), name)) {
      return attribute;
    }
  }
  return nullptr;
}

// The attribute's value with entities already decoded by the parser; empty when absent.
std::string attribute(const xmlNode* node, std::string_view name) {
  std::string value;
  if (const xmlAttr* found = find_attribute(node, name)) {
    for (const xmlNode* child = found->children; child; child = child->next) {
      if (child->type == XML_TEXT_NODE) value += content_of(child);
    }
  }
  return value;
}

// Visits the subtree of `root` in document order without recursion (garbage can nest deeply).
// `enter(node)` returns whether to visit the node's children; `leave(node)` follows the children
// of every node that `enter` let in.
template <typename Enter, typename Leave>
void walk(xmlNode* root, Enter&& enter, Leave&& leave) {
  if (root == nullptr) return;
  xmlNode* node = root;
  for (;;) {
    const bool descend = enter(node);
    if (descend && node->children) {
      node = node->children;
      continue;
    }
    if (descend) leave(node);
    for (;;) {
      if (node == root) return;
      if (node->next) {
        node = node->next;
        break;
      }
      node = node->parent;
      leave(node);
    }
  }
}

bool is_hidden(const xmlNode* node) {
  if (find_attribute(node, "hidden")) return true;
  std::string style = lower(attribute(node, "style"));
  std::erase_if(style, [](char c) { return is_space(c); });
  return style.find("display:none") != std::string::npos;
}

// The text a reader sees in `root`, one line per block element, normalised.
std::string visible_text(xmlNode* root) {
  std::string text;
  int preformatted = 0;
  walk(
      root,
      [&](xmlNode* node) {
        if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
          for (const char c : content_of(node)) {
            text += (c == '\n' && preformatted == 0) ? ' ' : c;
          }
          return false;
        }
        if (node->type != XML_ELEMENT_NODE) return false;
        const std::string_view name = name_of(node);
        if (contains(kSkippedElements, name) || is_hidden(node)) return false;
        if (contains(kBlockElements, name)) {
          text += '\n';
        } else if (contains(kCellElements, name)) {
          text += ' ';
        }
        if (name == "pre") ++preformatted;
        return true;
      },
      [&](xmlNode* node) {
        const std::string_view name = name_of(node);
        if (contains(kBlockElements, name)) {
          text += '\n';
        } else if (contains(kCellElements, name)) {
          text += ' ';
        }
        if (name == "pre") --preformatted;
      });
  return tidy_lines(normalise_text(text));
}

// "text/html; charset=windows-1252" -> "windows-1252".
std::string charset_parameter(std::string_view content_type) {
  const std::string lowered = lower(content_type);
  const std::size_t key = lowered.find("charset");
  if (key == std::string::npos) return {};
  std::string_view rest = std::string_view(lowered).substr(key + 7);
  rest = trim(rest);
  if (rest.empty() || rest.front() != '=') return {};
  rest = trim(rest.substr(1));
  if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) rest.remove_prefix(1);
  return std::string(rest.substr(0, rest.find_first_of(";\"' \t")));
}

// Browsers read these labels as other encodings (WHATWG Encoding Standard); pages written for
// browsers rely on it, e.g. curly quotes in bytes 0x80-0x9F of a page labelled ISO-8859-1.
std::string browser_charset(std::string_view label) {
  const std::string name = lower(trim(label));
  if (name == "iso-8859-1" || name == "iso8859-1" || name == "iso_8859-1" || name == "latin1" ||
      name == "l1" || name == "us-ascii" || name == "ascii" || name == "cp1252" ||
      name == "x-cp1252") {
    return "windows-1252";
  }
  // A page whose markup could be read as ASCII to find this label is not UTF-16.
  if (name.starts_with("utf-16")) return "UTF-8";
  return name;
}

bool has_byte_order_mark(std::string_view bytes) {
  return bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
         bytes.starts_with("\xFE\xFF");
}

// The charset the page declares in <meta charset> or <meta http-equiv=content-type>. The head is
// parsed as Latin-1 for this: every byte maps to one character, so ASCII markup reads the same
// in any ASCII-compatible charset.
std::string declared_charset(std::string_view bytes) {
  const ParsedPage head = read_html(bytes.substr(0, kCharsetSniffBytes), "ISO-8859-1");
  const Doc& doc = head.doc;
  if (!doc) return {};
  std::string charset;
  walk(
      xmlDocGetRootElement(doc.get()),
      [&](xmlNode* node) {
        if (!charset.empty() || node->type != XML_ELEMENT_NODE) return false;
        if (name_of(node) == "meta") {
          charset = trim(attribute(node, "charset"));
          if (charset.empty() && lower(trim(attribute(node, "http-equiv"))) == "content-type") {
            charset = charset_parameter(attribute(node, "content"));
          }
          return false;
        }
        return true;
      },
      [](xmlNode*) {});
  return charset.empty() ? charset : browser_charset(charset);
}

// What the page says about itself, gathered in one pass over the document.
struct PageFacts {
  std::string lang;
  std::string title_element;
  xmlNode* first_h1 = nullptr;
  xmlNode* first_article_h1 = nullptr;
  xmlNode* article = nullptr;
  xmlNode* main = nullptr;
  xmlNode* body = nullptr;
  std::vector<std::pair<std::string, std::string>> metas;  // (lower-cased name, content)
  std::string canonical_url;
  std::vector<std::string> json_ld;

  // The first non-empty content of a meta tag called `name` (by name, property or itemprop).
  std::string meta(std::string_view name) const {
    for (const auto& [key, content] : metas) {
      if (key == name && !trim(content).empty()) return content;
    }
    return {};
  }
};

std::string child_text(const xmlNode* node) {
  std::string text;
  for (const xmlNode* child = node->children; child; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      text += content_of(child);
    }
  }
  return text;
}

bool has_token(std::string_view list, std::string_view token) {
  const std::string lowered = lower(list);
  std::string_view rest = lowered;
  while (!rest.empty()) {
    const std::size_t end = rest.find_first_of(" \t\n\r\f");
    if (rest.substr(0, end) == token) return true;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return false;
}

PageFacts gather_facts(xmlNode* root) {
  PageFacts facts;
  if (is_element(root, "html")) {
    facts.lang = attribute(root, "lang");
    if (facts.lang.empty()) facts.lang = attribute(root, "xml:lang");
  }
  // Page chrome (related stories in an aside, teasers in a footer) may hold <article>s too.
  int chrome_depth = 0;
  int article_depth = 0;
  walk(
      root,
      [&](xmlNode* node) {
        if (node->type != XML_ELEMENT_NODE) return false;
        const std::string_view name = name_of(node);
        if (name == "svg" || name == "template" || name == "style") return false;
        if (name == "script") {
          if (lower(trim(attribute(node, "type"))) == "application/ld+json") {
            facts.json_ld.push_back(child_text(node));
          }
          return false;
        }
        if (name == "meta") {
          const std::string content = attribute(node, "content");
          for (const char* key_attribute : {"name", "property", "itemprop"}) {
            const std::string key = lower(trim(attribute(node, key_attribute)));
            if (!key.empty()) facts.metas.emplace_back(key, content);
          }
        } else if (name == "link") {
          if (facts.canonical_url.empty() && has_token(attribute(node, "rel"), "canonical")) {
            facts.canonical_url = attribute(node, "href");
          }
        } else if (name == "title") {
          if (facts.title_element.empty()) facts.title_element = child_text(node);
        } else if (name == "h1") {
          if (!facts.first_h1) facts.first_h1 = node;
          if (!facts.first_article_h1 && article_depth > 0) facts.first_article_h1 = node;
        } else if (name == "body") {
          if (!facts.body) facts.body = node;
        } else if (name == "article" && chrome_depth == 0) {
          if (!facts.article) facts.article = node;
        } else if (name == "main" && chrome_depth == 0) {
          if (!facts.main) facts.main = node;
        }
        if (name == "article") ++article_depth;
        if (contains(kSkippedElements, name) && name != "head") ++chrome_depth;
        return true;
      },
      [&](xmlNode* node) {
        const std::string_view name = name_of(node);
        if (name == "article") --article_depth;
        if (contains(kSkippedElements, name) && name != "head") --chrome_depth;
      });
  return facts;
}

// The first <time datetime> in the article, outside related-story boxes.
std::string article_time(xmlNode* content_root) {
  std::string datetime;
  walk(
      content_root,
      [&](xmlNode* node) {
        if (!datetime.empty() || node->type != XML_ELEMENT_NODE) return false;
        const std::string_view name = name_of(node);
        if (name == "aside" || name == "nav" || name == "script" || name == "template") {
          return false;
        }
        if (name == "time") datetime = attribute(node, "datetime");
        return true;
      },
      [](xmlNode*) {});
  return datetime;
}

// What JSON-LD says about the article (schema.org NewsArticle and kin).
struct JsonLdFacts {
  std::string author;
  std::string date;
  std::string publisher;
};

bool is_news_type(const json& type) {
  const auto matches = [](const json& value) {
    if (!value.is_string()) return false;
    std::string_view name = value.get_ref<const std::string&>();
    // "https://schema.org/NewsArticle" and "schema:NewsArticle" name the same type.
    name = name.substr(
        name.find_last_of("/:") == std::string_view::npos ? 0 : name.find_last_of("/:") + 1);
    return contains(kNewsTypes, name);
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
  return matches(type);
}

const std::string* string_member(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

// An author or publisher: "Name", {"name": "Name"}, or a list of either (joined with ", ").
std::string names_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_object()) {
    const std::string* name = string_member(value, "name");
    return name ? *name : std::string();
  }
  std::string names;
  if (value.is_array()) {
    for (const json& element : value) {
      if (element.is_array()) continue;
      const std::string name(trim(names_of(element)));
      if (name.empty()) continue;
      if (!names.empty()) names += ", ";
      names += name;
    }
  }
  return names;
}

void take_news_object(const json& object, JsonLdFacts& facts) {
  if (facts.author.empty()) {
    if (const auto author = object.find("author"); author != object.end()) {
      facts.author = names_of(*author);
    }
  }
  if (facts.date.empty()) {
    if (const std::string* date = string_member(object, "datePublished")) facts.date = *date;
  }
  if (facts.publisher.empty()) {
    if (const auto publisher = object.find("publisher"); publisher != object.end()) {
      facts.publisher = publisher->is_array() && !publisher->empty() ? names_of(publisher->front())
                                                                     : names_of(*publisher);
    }
  }
}

// News objects sit at the top, in a top-level array, in an "@graph" array, or as the
// "mainEntity" of a WebPage; the depth bound keeps hostile JSON from costing more than that.
void find_news_objects(const json& value, JsonLdFacts& facts, int depth) {
  if (depth > 4) return;
  if (value.is_array()) {
    for (const json& element : value) find_news_objects(element, facts, depth + 1);
    return;
  }
  if (!value.is_object()) return;
  if (const auto type = value.find("@type"); type != value.end() && is_news_type(*type)) {
    take_news_object(value, facts);
  }
  for (const char* container : {"@graph", "mainEntity"}) {
    if (const auto inner = value.find(container); inner != value.end()) {
      find_news_objects(*inner, facts, depth + 1);
    }
  }
}

JsonLdFacts read_json_ld(const std::vector<std::string>& scripts) {
  JsonLdFacts facts;
  for (const std::string& script : scripts) {
    const json value =
        json::parse(script, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (!value.is_discarded()) find_news_objects(value, facts, 0);
  }
  return facts;
}

bool is_url(std::string_view text) {
  text = trim(text);
  return starts_with_ignoring_case(text, "http://") || starts_with_ignoring_case(text, "https://");
}

std::string first_non_empty(std::initializer_list<std::string> candidates) {
  for (const std::string& candidate : candidates) {
    std::string cleaned = clean_text(candidate);
    if (!cleaned.empty()) return cleaned;
  }
  return {};
}

// The first of `candidates` that reads as a date; when some are stated but none reads, the
// first stated one is named in a warning (set_date).
void take_date(std::initializer_list<std::string> candidates, Article& article) {
  std::string first_stated;
  for (const std::string& candidate : candidates) {
    const std::string value = normalise_text(candidate);
    if (trim(value).empty()) continue;
    if (first_stated.empty()) first_stated = value;
    article.date = normalise_date(value);
    if (!article.date.empty()) return;
  }
  if (!first_stated.empty()) set_date(first_stated, article);
}

}  // namespace

bool is_html(std::string_view path, std::string_view head) {
  for (const std::string_view extension : {".html", ".htm", ".xhtml"}) {
    if (ends_with_ignoring_case(path, extension)) return true;
  }
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  head = trim(head);
  return starts_with_ignoring_case(head, "<!doctype html") ||
         starts_with_ignoring_case(head, "<html");
}

Article parse_html(std::string_view bytes, std::string_view path) {
  const std::string path_string(path);
  const std::string charset = has_byte_order_mark(bytes) ? "" : declared_charset(bytes);
  const DecodedText decoded = decode_to_utf8(bytes, charset);
  if (decoded.utf8.size() > static_cast<std::size_t>(INT_MAX)) {
    throw InputError(path_string, "HTML page is larger than 2 GiB");
  }
  const ParsedPage parsed = read_html(decoded.utf8, "UTF-8");
  // A page cut short by the parser is named as such, never indexed without its tail.
  if (!parsed.stopped.empty()) throw InputError(path_string, parsed.stopped);
  xmlNode* root = parsed.doc ? xmlDocGetRootElement(parsed.doc.get()) : nullptr;
  if (root == nullptr) {
    if (trim(decoded.utf8).empty()) throw InputError(path_string, kNoBodyText);
    throw InputError(path_string, "HTML page cannot be parsed: libxml2 built no document");
  }
  const PageFacts facts = gather_facts(root);

  Article article;
  article.id = path_string;
  article.path = path_string;
  // An <article> or <main> holding no text is a teaser shell; the page's text is elsewhere.
  xmlNode* content_root = nullptr;
  for (xmlNode* candidate : {facts.article, facts.main, facts.body, root}) {
    if (candidate == nullptr) continue;
    article.body = visible_text(candidate);
    if (!article.body.empty()) {
      content_root = candidate;
      break;
    }
  }
  if (article.body.empty()) throw InputError(path_string, kNoBodyText);

  xmlNode* h1 = facts.first_article_h1 ? facts.first_article_h1 : facts.first_h1;
  article.title = first_non_empty({facts.meta("og:title"), facts.title_element,
                                   h1 ? single_line(visible_text(h1)) : std::string()});
  if (article.title.empty()) {
    article.title = derive_title(article.body);
    article.title_derived = !article.title.empty();
  }

  const JsonLdFacts json_ld = read_json_ld(facts.json_ld);
  const std::string article_author = facts.meta("article:author");
  article.author =
      first_non_empty({facts.meta("author"),
                       is_url(article_author) ? std::string() : article_author, json_ld.author});

  const bool in_article = content_root == facts.article || content_root == facts.main;
  take_date({facts.meta("article:published_time"), facts.meta("date"), facts.meta("pubdate"),
             facts.meta("dc.date"), json_ld.date,
             in_article ? article_time(content_root) : std::string()},
            article);

  article.source = first_non_empty({facts.meta("og:site_name"), json_ld.publisher});
  article.url = first_non_empty({facts.meta("og:url"), facts.canonical_url});
  article.lang = language_tag(facts.lang);
  for (const auto& [key, content] : facts.metas) {
    if (key == "keywords" || key == "article:tag") add_list_items(content, article.tags);
  }
  return article;
}

}  // namespace kensaku
