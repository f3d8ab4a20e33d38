// kensaku-bench-fts5: the SQLite FTS5 indexer and searcher Kensaku is measured against.
//
// FTS5 as its documentation suggests using it: porter over unicode61, bm25 ranking, snippet().
#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tests/bench/bench_support.h"

namespace {

using kensaku::bench::BenchArticle;
using kensaku::bench::BenchHit;

constexpr const char* kUsage =
    "usage: kensaku-bench-fts5 build DB INPUT...   (INPUT: a directory of article files,\n"
    "                                                or a .jsonl/.jsonl.gz feed)\n"
    "       kensaku-bench-fts5 search DB QUERIES.tsv [--limit N]\n";

// Owns a connection; every failure becomes an exception carrying SQLite's message.
class Connection {
 public:
  Connection(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) fail("open " + path);
  }
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
  sqlite3_stmt* prepare(const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
        SQLITE_OK) {
      fail(sql);
    }
    return statement;
  }
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + message());
  }
  std::string message() const { return sqlite3_errmsg(db_); }

 private:
  sqlite3* db_ = nullptr;
};

// A statement finalised on scope exit.
struct Statement {
  sqlite3_stmt* handle;
  ~Statement() { sqlite3_finalize(handle); }
};

void bind_text(sqlite3_stmt* statement, int index, const std::string& text) {
  sqlite3_bind_text(statement, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

std::string column_text(sqlite3_stmt* statement, int index) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, index));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, index)))
              : std::string();
}

int build(const std::string& db_path, const std::vector<std::string>& inputs) {
  std::remove(db_path.c_str());
  Connection db(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  db.exec(
      "CREATE VIRTUAL TABLE articles USING fts5(id UNINDEXED, title, body, "
      "tokenize='porter unicode61')");
  // One transaction: FTS5 otherwise syncs to disk after every row.
  db.exec("BEGIN");
  Statement insert{db.prepare("INSERT INTO articles(id, title, body) VALUES (?1, ?2, ?3)")};
  const auto count = kensaku::bench::for_each_article(inputs, [&](const BenchArticle& article) {
    bind_text(insert.handle, 1, article.id);
    bind_text(insert.handle, 2, article.title);
    bind_text(insert.handle, 3, article.body);
    if (sqlite3_step(insert.handle) != SQLITE_DONE) db.fail("insert " + article.id);
    sqlite3_reset(insert.handle);
  });
  db.exec("COMMIT");
  std::cerr << "indexed " << count << " articles\n";
  return 0;
}

bool has_word_character(std::string_view text) {
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      return true;
    }
  }
  return false;
}

// An FTS5 string: inside double quotes nothing is syntax, and a quote is written twice.
std::string fts5_string(std::string_view text) {
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

// The query's words, each quoted so FTS5 reads none as syntax, joined by OR to match the other
// engines' default operator; a "quoted phrase" in the query stays one FTS5 phrase.
std::string fts5_match_expression(std::string_view query) {
  std::vector<std::string> terms;
  std::size_t at = 0;
  while (at < query.size()) {
    if (std::isspace(static_cast<unsigned char>(query[at]))) {
      ++at;
      continue;
    }
    std::size_t end;
    std::string_view term;
    if (query[at] == '"') {
      end = query.find('"', at + 1);
      if (end == std::string_view::npos) end = query.size();
      term = query.substr(at + 1, end - at - 1);
      ++end;
    } else {
      end = at;
      while (end < query.size() && !std::isspace(static_cast<unsigned char>(query[end]))) ++end;
      term = query.substr(at, end - at);
    }
    if (has_word_character(term)) terms.push_back(fts5_string(term));
    at = end;
  }
  std::string expression;
  for (const auto& term : terms) {
    if (!expression.empty()) expression += " OR ";
    expression += term;
  }
  return expression;
}

int search(const std::string& db_path, const std::string& queries_path, int limit) {
  Connection db(db_path, SQLITE_OPEN_READONLY);
  // `rank` is bm25() unless configured otherwise; ordering by it (rather than by the bm25()
  // call) lets FTS5 sort the matches itself, so snippet() runs only for the rows returned.
  Statement select{db.prepare(
      "SELECT id, title, bm25(articles), snippet(articles, -1, '<b>', '</b>', '...', 64) "
      "FROM articles WHERE articles MATCH ?1 ORDER BY rank LIMIT ?2")};
  for (const auto& query : kensaku::bench::read_queries(queries_path)) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<BenchHit> hits;
    const std::string expression = fts5_match_expression(query.text);
    if (!expression.empty()) {
      bind_text(select.handle, 1, expression);
      sqlite3_bind_int(select.handle, 2, limit);
      int status;
      while ((status = sqlite3_step(select.handle)) == SQLITE_ROW) {
        // bm25() is negative, better matches lower; negated to read like the others' scores.
        hits.push_back({column_text(select.handle, 0), -sqlite3_column_double(select.handle, 2),
                        column_text(select.handle, 1), column_text(select.handle, 3)});
      }
      if (status != SQLITE_DONE) std::cerr << query.qid << ": " << db.message() << '\n';
      sqlite3_reset(select.handle);
    }
    // Counting every match would be a second full evaluation that FTS5 users do not pay for.
    kensaku::bench::print_result_line(query.qid, kensaku::bench::ms_since(start), -1, hits);
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
  } catch (const std::exception& e) {
    std::cerr << "kensaku-bench-fts5: " << e.what() << '\n';
  }
  return 1;
}
