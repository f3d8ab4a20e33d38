// The Article record: what every parser produces and the document builder turns into an index
// entry.
#ifndef KENSAKU_COMMON_ARTICLE_H_
#define KENSAKU_COMMON_ARTICLE_H_

#include <string>
#include <vector>

namespace kensaku {

// One news article, every text field already UTF-8. Empty strings mean "not known"; nothing is
// ever guessed to fill them.
struct Article {
  std::string id;    // stable unique id: corpus-relative path, or "<feed>#<record id>"
  std::string path;  // the file it came from, as the indexer was given it
  std::string title;
  bool title_derived = false;  // title taken from the text (headline line, first sentence)
  std::string body;
  std::string source;  // publication
  std::string author;
  // ISO 8601 as common/dates.h format_date writes it: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SS", or with
  // the zone the source stated, "YYYY-MM-DDTHH:MM:SS+09:00" / "...Z"; empty when unknown.
  std::string date;
  std::string url;
  std::string lang;  // BCP 47 tag such as "en" or "ja"
  std::vector<std::string> tags;
  std::vector<std::string> topics;
  std::vector<std::string> places;
  // What the parser read past without failing (an unreadable date): reported, never stored.
  std::vector<std::string> warnings;
};

}  // namespace kensaku

#endif  // KENSAKU_COMMON_ARTICLE_H_
