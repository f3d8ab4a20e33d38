// libFuzzer target: QueryBuilder::build on any text (mixed scripts, operators, fields, quotes,
// wildcards) never crashes, throws only UsageError, and gives a query Xapian can run.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "indexer/document_builder.h"
#include "kensaku/error.h"
#include "searcher/query_builder.h"
#include "searcher/synonyms.h"

namespace {

// A few articles in English, Japanese and Chinese with every field set, so wildcards expand,
// fields and dates filter, and snippet weights see real term statistics.
Xapian::Database& database() {
  static Xapian::WritableDatabase db = [] {
    Xapian::WritableDatabase writable(std::string(), Xapian::DB_BACKEND_INMEMORY);
    kensaku::DocumentBuilder builder;
    const kensaku::Article articles[] = {
        {"a/oil.txt",
         "a/oil.txt",
         "Oil prices rise",
         "Crude oil production in OPEC rose. SM-6 "
         "co-production of missiles; US-Japan talks.",
         "Reuters",
         "Jane Doe",
         "1987-03-02",
         "https://example.com/oil",
         "en",
         {"energy"},
         {"crude"},
         {"usa"}},
        {"a/jp.txt",
         "a/jp.txt",
         "日米同盟の強化",
         "共同生産について北京で協議した。",
         "共同通信",
         "佐藤",
         "2025-03-30T09:15:00",
         "",
         "ja",
         {"defence"},
         {"politics"},
         {"japan"}},
        {"feed.jsonl#7",
         "feed.jsonl",
         "北京 talks",
         "中国 and Japan 我们 agree on grain exports",
         "Alpine Wire",
         "K. Sato",
         "2024-12-31",
         "",
         "zh",
         {"trade"},
         {"grain"},
         {"china"}},
    };
    for (const kensaku::Article& article : articles) {
      const Xapian::Document document = builder.build(article, kensaku::Signature{});
      writable.add_document(document);
    }
    writable.commit();
    return writable;
  }();
  return db;
}

const kensaku::SynonymTable& synonyms() {
  static const kensaku::SynonymTable table = kensaku::SynonymTable::parse(
      "USFJ = US Forces Japan\noil = crude\n北京 = Beijing\n", "fuzz synonyms");
  return table;
}

void check(kensaku::QueryBuilder& builder, std::string_view text) {
  kensaku::BuiltQuery built;
  try {
    built = builder.build(text);
  } catch (const kensaku::UsageError&) {
    return;  // empty text: the documented refusal
  }
  if (built.query.empty()) return;
  Xapian::Enquire enquire(database());
  enquire.set_query(built.query);
  const Xapian::MSet matches = enquire.get_mset(0, 10);
  if (matches.size() > database().get_doccount()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static kensaku::QueryBuilder plain(database());
  static kensaku::QueryBuilder with_synonyms(database(), &synonyms());
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(plain, text);
  check(with_synonyms, text);
  return 0;
}
