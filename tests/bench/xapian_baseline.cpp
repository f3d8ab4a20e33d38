// kensaku-bench-xapian: the minimal plain-Xapian indexer and searcher Kensaku is measured against.
//
// Deliberately what the engine underneath does with nothing on top: TermGenerator (English
// stemmer, STEM_SOME, positions), QueryParser and MSet::snippet, Xapian's defaults otherwise.
#include <xapian.h>

#include <chrono>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/bench/bench_support.h"

namespace {

using kensaku::bench::BenchArticle;
using kensaku::bench::BenchHit;

constexpr const char* kUsage =
    "usage: kensaku-bench-xapian build DB INPUT...   (INPUT: a directory of article files,\n"
    "                                                  or a .jsonl/.jsonl.gz feed)\n"
    "       kensaku-bench-xapian search DB QUERIES.tsv [--limit N]\n";

// Document data: the id, the title and the body, one per line (the body may hold more lines).
struct StoredArticle {
  std::string_view id;
  std::string_view title;
  std::string_view text;  // title and body, what the snippet is taken from
};

StoredArticle parse_data(std::string_view data) {
  const std::size_t id_end = data.find('\n');
  if (id_end == std::string_view::npos) return {data, {}, {}};
  const std::string_view text = data.substr(id_end + 1);
  return {data.substr(0, id_end), text.substr(0, text.find('\n')), text};
}

int build(const std::string& db_path, const std::vector<std::string>& inputs) {
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  const auto count = kensaku::bench::for_each_article(inputs, [&](const BenchArticle& article) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(article.title, 1, "S");
    generator.index_text(article.title);
    generator.increase_termpos();  // no phrase across the end of the title and the body
    generator.index_text(article.body);
    doc.add_boolean_term("Q" + article.id);
    doc.set_data(article.id + '\n' + article.title + '\n' + article.body);
    db.add_document(doc);  // Xapian's own autoflush decides when to write
  });
  db.commit();
  std::cerr << "indexed " << count << " articles\n";
  return 0;
}

int search(const std::string& db_path, const std::string& queries_path, int limit) {
  Xapian::Database db(db_path);
  const Xapian::Stem stemmer("english");
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(stemmer);
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.add_prefix("title", "S");
  Xapian::Enquire enquire(db);
  for (const auto& query : kensaku::bench::read_queries(queries_path)) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<BenchHit> hits;
    Xapian::doccount total = 0;
    try {
      enquire.set_query(parser.parse_query(query.text));
      const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
      total = mset.get_matches_estimated();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        const std::string data = it.get_document().get_data();
        const StoredArticle stored = parse_data(data);
        hits.push_back({std::string(stored.id), it.get_weight(), std::string(stored.title),
                        mset.snippet(std::string(stored.text), 500, stemmer)});
      }
    } catch (const Xapian::QueryParserError& e) {
      std::cerr << query.qid << ": " << e.get_description() << '\n';
    }
    kensaku::bench::print_result_line(query.qid, kensaku::bench::ms_since(start), total, hits);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  try {
    if (command == "build" && argc >= 4) {
      return build(argv[2], std::vector<std::string>(argv + 3, argv + argc));
    }
    if (command == "search" && argc >= 4) {
      return search(argv[2], argv[3], kensaku::bench::parse_limit(argc, argv, 4, kUsage));
    }
    std::cerr << kUsage;
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "kensaku-bench-xapian: " << e.get_description() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "kensaku-bench-xapian: " << e.what() << '\n';
  }
  return 1;
}
