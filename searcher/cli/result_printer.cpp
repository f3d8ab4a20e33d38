// Text and JSON renderings of a SearchResponse.
#include "searcher/cli/result_printer.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <utility>

namespace kensaku {
namespace {

// Keys in the order the schema documents them, not alphabetical.
using json = nlohmann::ordered_json;

// Byte offset of code point `cp` in UTF-8 `text`.
std::size_t byte_offset(const std::string& text, std::size_t cp) {
  std::size_t i = 0, seen = 0;
  while (i < text.size()) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (seen == cp) return i;
      ++seen;
    }
    ++i;
  }
  return text.size();
}

// The length of the well-formed UTF-8 sequence at text[i] and its code point, or 0 when the byte
// there does not start one (a stray continuation byte, an overlong form, a surrogate, a cut).
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& cp) {
  unsigned char lead = static_cast<unsigned char>(text[i]);
  std::size_t length = lead < 0x80                   ? 1
                       : lead >= 0xC2 && lead < 0xE0 ? 2
                       : lead >= 0xE0 && lead < 0xF0 ? 3
                       : lead >= 0xF0 && lead < 0xF5 ? 4
                                                     : 0;
  if (length == 0 || i + length > text.size()) return 0;
  cp = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    unsigned char next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3F);
  }
  bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
  if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return length;
}

// The code points a terminal acts on beyond C0 and DEL: C1 controls, and the bidirectional
// controls that reorder what follows them on the line (the "Trojan Source" characters).
bool is_hidden_control(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

std::string hex_escape(const char* prefix, unsigned value, int digits) {
  char out[16];
  std::snprintf(out, sizeof out, "%s%0*x", prefix, digits, value);
  return out;
}

// The dumped JSON with DEL, the C1 and bidirectional controls, and U+2028/U+2029 (line breaks
// to JavaScript) written as \u escapes: the same JSON value, but no raw control reaches a
// terminal that shows it. nlohmann escapes C0 itself; `dumped` is well-formed UTF-8 (invalid
// input was replaced), and these code points can only occur inside its strings.
std::string escape_controls(std::string dumped) {
  std::string out;
  std::size_t copied = 0;  // dumped[0, copied) is in `out` already
  for (std::size_t i = dumped.find_first_of("\x7f\xc2\xe2"); i != std::string::npos;
       i = dumped.find_first_of("\x7f\xc2\xe2", i + 1)) {
    char32_t cp = 0;
    std::size_t length = utf8_sequence(dumped, i, cp);
    if (length == 0 || !(cp == 0x7F || is_hidden_control(cp) || cp == 0x2028 || cp == 0x2029)) {
      continue;  // "…", "—" and the like share these lead bytes
    }
    out.append(dumped, copied, i - copied);
    out += hex_escape("\\u", static_cast<unsigned>(cp), 4);
    copied = i + length;
  }
  if (copied == 0) return dumped;
  out.append(dumped, copied, std::string::npos);
  return out;
}

json highlights_json(const std::vector<Highlight>& highlights) {
  json spans = json::array();
  for (const Highlight& h : highlights) spans.push_back({h.start, h.end});
  return spans;
}

// Objects are filled member by member: built from an initializer list, nlohmann copies every
// value once more (the list's elements are const), snippets and fragments included.
json hit_json(const Hit& hit) {
  json fragments = json::array();
  for (const Fragment& f : hit.fragments) {
    json fragment = json::object();
    fragment["text"] = f.text;
    fragment["highlights"] = highlights_json(f.highlights);
    fragments.push_back(std::move(fragment));
  }
  json out = json::object();
  out["rank"] = hit.rank;
  out["id"] = hit.id;
  out["score"] = hit.score;
  out["title"] = hit.title;
  out["title_derived"] = hit.title_derived;
  out["source"] = hit.source;
  out["author"] = hit.author;
  out["date"] = hit.date;
  out["path"] = hit.path;
  out["url"] = hit.url;
  out["lang"] = hit.lang;
  out["tags"] = hit.tags;
  out["topics"] = hit.topics;
  out["places"] = hit.places;
  out["snippet"] = hit.snippet;
  out["highlights"] = highlights_json(hit.highlights);
  out["fragments"] = std::move(fragments);
  out["matched_words"] = hit.matched_words;
  return out;
}

json facets_json(const SearchResponse& response) {
  json facets = json::object();
  for (const auto& [name, counts] : response.facets) {
    json values = json::object();
    for (const FacetCount& c : counts) values[c.value] = c.count;
    facets[name] = values;
  }
  return facets;
}

json response_object(const SearchResponse& response) {
  json hits = json::array();
  for (const Hit& hit : response.hits) hits.push_back(hit_json(hit));
  json out = json::object();
  out["version"] = kJsonSchemaVersion;
  out["query"] = response.query;
  out["total"] = response.total;
  // Present only when they say something: an exact, complete answer prints as before.
  if (!response.total_exact) {
    out["total_exact"] = false;
    out["total_bounds"] = json::array({response.total_lower, response.total_upper});
  }
  if (response.timed_out) out["timed_out"] = true;
  out["lenient"] = response.lenient;
  out["query_words"] = response.query_words;
  out["suggestion"] = response.suggestion;
  out["showing_suggestion"] = response.showing_suggestion;
  out["notes"] = response.notes;
  out["facets"] = facets_json(response);
  out["hits"] = std::move(hits);
  return out;
}

std::string dump(const json& value) {
  return escape_controls(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

// A request's id, echoed as the client wrote it (`id_json` is text that parsed once already; text
// that does not parse shows as null).
json id_value(const std::string& id_json) {
  json id = json::parse(id_json, nullptr, false);
  return id.is_discarded() ? json() : id;
}

class JsonPrinter : public ResultPrinter {
 public:
  void print(const SearchResponse& response, std::ostream& out) override {
    out << response_to_json(response) << '\n';
  }
};

// "1 article", "339 articles", or for an estimated count (SearchResponse::total_exact false)
// "about 43560 articles (an estimate: 40000 to 50000)", so a reader never takes it for a count.
std::string count_text(const SearchResponse& response) {
  std::string text = response.total_exact ? "" : "about ";
  text += std::to_string(response.total) + (response.total == 1 ? " article" : " articles");
  if (!response.total_exact) {
    text += " (an estimate: " + std::to_string(response.total_lower) + " to " +
            std::to_string(response.total_upper) + ")";
  }
  return text;
}

class TextPrinter : public ResultPrinter {
 public:
  explicit TextPrinter(bool bold) : bold_(bold) {}

  void print(const SearchResponse& response, std::ostream& out) override {
    std::string query = terminal_safe(response.query);
    if (response.lenient) {
      out << "Note: the query could not be read as written (unbalanced quotes or brackets, or an "
             "operator without words); its words were searched as plain words.\n";
    }
    for (const std::string& note : response.notes) out << "Note: " << terminal_safe(note) << ".\n";
    if (response.showing_suggestion) {
      out << "No articles match '" << query << "'; showing results for '"
          << terminal_safe(response.suggestion) << "' instead.\n\n";
    } else if (!response.suggestion.empty()) {
      out << "Did you mean: " << terminal_safe(response.suggestion) << "?\n\n";
    }
    if (response.hits.empty()) {
      // Matches, but none on this page: the offset is past the last one (exit status 0).
      if (response.total > 0) {
        out << "No more results (" << count_text(response)
            << (response.total == 1 && response.total_exact ? " matches '" : " match '") << query
            << "'; this page starts after the last one).\n";
      } else {
        out << "No articles match '" << query << "'.\n";
      }
      return;
    }
    for (const Hit& hit : response.hits) print_hit(hit, out);
    std::size_t last = response.hits.back().rank;
    out << "Showing " << response.hits.front().rank << "-" << last << " of " << count_text(response)
        << " matching '" << query << "'.\n";
    for (const auto& [name, counts] : response.facets) {
      out << '\n' << name << ':';
      if (counts.empty()) out << " (none)";
      for (const FacetCount& c : counts)
        out << "\n   " << c.count << "  " << terminal_safe(c.value);
      out << '\n';
    }
  }

 private:
  void print_hit(const Hit& hit, std::ostream& out) const {
    out << hit.rank << ". " << terminal_safe(hit.title.empty() ? hit.id : hit.title) << '\n';
    std::string meta;
    for (const std::string* part : {&hit.source, &hit.author, &hit.date}) {
      if (part->empty()) continue;
      if (!meta.empty()) meta += " · ";
      meta += terminal_safe(*part);
    }
    if (!meta.empty()) out << "   " << meta << '\n';
    out << "   " << terminal_safe(hit.path) << '\n';
    if (!hit.snippet.empty()) out << "   " << marked(hit.snippet, hit.highlights) << '\n';
    out << '\n';
  }

  // The snippet made terminal-safe piece by piece (the highlight offsets count code points of the
  // stored text), with the highlights in bold when asked for.
  std::string marked(const std::string& text, const std::vector<Highlight>& highlights) const {
    if (!bold_) return terminal_safe(text);
    std::string out;
    std::size_t pos = 0;
    for (const Highlight& h : highlights) {
      std::size_t start = byte_offset(text, h.start), end = byte_offset(text, h.end);
      if (start < pos) continue;
      out += terminal_safe(std::string_view(text).substr(pos, start - pos));
      out += "\x1b[1m";
      out += terminal_safe(std::string_view(text).substr(start, end - start));
      out += "\x1b[0m";
      pos = end;
    }
    out += terminal_safe(std::string_view(text).substr(pos));
    return out;
  }

  bool bold_;
};

}  // namespace

std::unique_ptr<ResultPrinter> make_text_printer(bool bold) {
  return std::make_unique<TextPrinter>(bold);
}

std::unique_ptr<ResultPrinter> make_json_printer() { return std::make_unique<JsonPrinter>(); }

std::string response_to_json(const SearchResponse& response) {
  return dump(response_object(response));
}

std::string batch_line_json(const std::string& qid, const SearchResponse& response) {
  json line{{"qid", qid}, {"ms", response.elapsed_ms}};
  json body = response_object(response);
  for (auto it = body.begin(); it != body.end(); ++it) line[it.key()] = std::move(it.value());
  return dump(line);
}

std::string batch_error_json(const std::string& qid, const std::string& error,
                             const std::string& hint) {
  return dump(json{{"qid", qid}, {"error", error}, {"hint", hint}});
}

std::string service_response_json(const std::string& id_json, const SearchResponse& response) {
  json body = response_object(response);
  json line{{"version", kJsonSchemaVersion}, {"id", id_value(id_json)}};
  for (auto it = body.begin(); it != body.end(); ++it) line[it.key()] = std::move(it.value());
  return dump(line);
}

std::string service_error_json(const std::string& id_json, const Error& error) {
  json detail{{"message", error.what()},
              {"hint", error.hint()},
              {"status", static_cast<int>(error.exit_status())}};
  return dump(json{{"version", kJsonSchemaVersion}, {"id", id_value(id_json)}, {"error", detail}});
}

std::string trec_run_lines(const std::string& qid, const SearchResponse& response) {
  std::string out, safe_qid = terminal_safe(qid);
  char score[32];
  for (const Hit& hit : response.hits) {
    std::snprintf(score, sizeof score, "%.6f", hit.score);
    out += safe_qid + " Q0 " + terminal_safe(hit.id) + " " + std::to_string(hit.rank) + " " +
           score + " kensaku\n";
  }
  return out;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t length = utf8_sequence(text, i, cp);
    if (length == 0) {
      out += hex_escape("\\x", static_cast<unsigned char>(text[i]), 2);
      length = 1;
    } else if (cp == '\t') {
      out += ' ';
    } else if (cp < 0x20 || cp == 0x7F) {
      out += hex_escape("\\x", static_cast<unsigned>(cp), 2);
    } else if (is_hidden_control(cp)) {
      out += hex_escape("\\u", static_cast<unsigned>(cp), 4);
    } else {
      out.append(text, i, length);
    }
    i += length;
  }
  return out;
}

}  // namespace kensaku
