// Text and JSON renderings of a SearchResponse.
#include "searcher/result_printer.h"

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
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
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

class TextPrinter : public ResultPrinter {
 public:
  explicit TextPrinter(bool bold) : bold_(bold) {}

  void print(const SearchResponse& response, std::ostream& out) override {
    if (response.lenient) {
      out << "Note: the query could not be read as written (unbalanced quotes or brackets, or an "
             "operator without words); its words were searched as plain words.\n";
    }
    for (const std::string& note : response.notes) out << "Note: " << note << ".\n";
    if (response.showing_suggestion) {
      out << "No articles match '" << response.query << "'; showing results for '"
          << response.suggestion << "' instead.\n\n";
    } else if (!response.suggestion.empty()) {
      out << "Did you mean: " << response.suggestion << "?\n\n";
    }
    if (response.hits.empty()) {
      out << "No articles match '" << response.query << "'.\n";
      return;
    }
    for (const Hit& hit : response.hits) {
      out << hit.rank << ". " << (hit.title.empty() ? hit.id : hit.title) << '\n';
      std::string meta;
      for (const std::string* part : {&hit.source, &hit.author, &hit.date}) {
        if (part->empty()) continue;
        if (!meta.empty()) meta += " · ";
        meta += *part;
      }
      if (!meta.empty()) out << "   " << meta << '\n';
      out << "   " << hit.path << '\n';
      if (!hit.snippet.empty()) out << "   " << marked(hit.snippet, hit.highlights) << '\n';
      out << '\n';
    }
    std::size_t last = response.hits.back().rank;
    out << "Showing " << response.hits.front().rank << "-" << last << " of " << response.total
        << (response.total == 1 ? " article" : " articles") << " matching '" << response.query
        << "'.\n";
    for (const auto& [name, counts] : response.facets) {
      out << '\n' << name << ':';
      if (counts.empty()) out << " (none)";
      for (const FacetCount& c : counts) out << "\n   " << c.count << "  " << c.value;
      out << '\n';
    }
  }

 private:
  std::string marked(const std::string& text, const std::vector<Highlight>& highlights) const {
    if (!bold_) return text;
    std::string out;
    std::size_t pos = 0;
    for (const Highlight& h : highlights) {
      std::size_t start = byte_offset(text, h.start), end = byte_offset(text, h.end);
      if (start < pos) continue;
      out.append(text, pos, start - pos);
      out += "\x1b[1m";
      out.append(text, start, end - start);
      out += "\x1b[0m";
      pos = end;
    }
    out.append(text, pos, std::string::npos);
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
  std::string out;
  char score[32];
  for (const Hit& hit : response.hits) {
    std::snprintf(score, sizeof score, "%.6f", hit.score);
    out += qid + " Q0 " + hit.id + " " + std::to_string(hit.rank) + " " + score + " kensaku\n";
  }
  return out;
}

}  // namespace kensaku
