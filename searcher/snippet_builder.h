// Builds query-relevant, multi-fragment snippets with highlight offsets from an article's text.
#ifndef KENSAKU_SEARCHER_SNIPPET_BUILDER_H_
#define KENSAKU_SEARCHER_SNIPPET_BUILDER_H_

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kensaku/search.h"

namespace kensaku {

// What a snippet must show: the query's words, as the index sees them.
struct SnippetQuery {
  // A single word of the query: `term` is the index term without field prefix (stemmed, as the
  // query parser produced it); `weight` is its importance (e.g. inverse document frequency);
  // a higher weight makes passages with this word preferred. A term of CJK characters (an n-gram
  // such as "日本") matches those characters next to each other in the text.
  struct Word {
    std::string term;
    double weight = 1.0;
  };
  // A phrase: consecutive words that must appear one after the other to count (e.g. "joint force
  // headquarters", or the parts of SM-6). Highlighted as one span. Overlapping CJK bigrams
  // ("日本", "本語") stand for the run of characters they cover ("日本語").
  struct Phrase {
    std::vector<std::string> terms;
    double weight = 1.0;
  };
  // A trailing wildcard: any word whose lowercase form (or stem) starts with `prefix` matches.
  // A prefix of several words ("co-produc") is split as the indexer splits text: the words before
  // the last must match in a row, as words, and the span covers them all ("co-production").
  struct Wildcard {
    std::string prefix;
    double weight = 1.0;
  };
  std::vector<Word> words;
  std::vector<Phrase> phrases;
  std::vector<Wildcard> wildcards;
};

// Chooses passages from text for one query. Deterministic: the result depends only on the query,
// the text and the options, never on other documents or on which page of results is shown.
// Not thread-safe (it caches stems); build one per query and thread.
class SnippetBuilder {
 public:
  struct Options {
    std::size_t max_fragments = 2;     // passages per snippet; 0 for none
    std::size_t fragment_chars = 160;  // target length of one passage, in code points; a passage
                                       // of whole sentences may reach 1.5 times this
  };

  SnippetBuilder(SnippetQuery query, Xapian::Stem stemmer, Options options);
  ~SnippetBuilder();

  // Up to options.max_fragments non-overlapping passages of `text` (UTF-8, already normalised),
  // best first by score but returned in text order. Each passage is cut at word boundaries and,
  // where it fits, at sentence boundaries; a passage cut inside a sentence starts and/or ends
  // with "…". Matched words (stemmed matches highlight the surface word), whole phrases and
  // wildcard matches are highlighted with code-point offsets into the passage's text. When no
  // word matches, returns one passage from the start of the text with no highlights; an empty
  // (or all-whitespace) text gives no passages.
  std::vector<Fragment> build(std::string_view text);

  // Joins fragments with " … ", shifting highlight offsets into the joined string. Replaces the
  // contents of `snippet` and `highlights`. A fragment's own "…" at a seam is dropped, since the
  // joiner already marks the gap ("…a b … c d…", not "…a b… … …c d…").
  static void join(const std::vector<Fragment>& fragments, std::string& snippet,
                   std::vector<Highlight>& highlights);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kensaku

#endif  // KENSAKU_SEARCHER_SNIPPET_BUILDER_H_
