// Reading article inputs and query files, and writing result lines, for the benchmark baselines.
#include "tests/bench/bench_support.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string_view>

namespace kensaku::bench {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_feed(const fs::path& path) {
  const std::string name = path.filename().string();
  return ends_with(name, ".jsonl") || ends_with(name, ".jsonl.gz");
}

std::string read_whole_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The article-file convention of scripts/bench: the first line is the title, the rest the body.
BenchArticle article_from_file(const fs::path& path, const fs::path& root) {
  const std::string text = read_whole_file(path);
  const std::size_t newline = text.find('\n');
  BenchArticle article;
  article.id = fs::relative(path, root.parent_path()).string();
  article.title = text.substr(0, newline);
  if (newline != std::string::npos) article.body = text.substr(newline + 1);
  return article;
}

std::int64_t visit_directory(const fs::path& root,
                             const std::function<void(const BenchArticle&)>& visit) {
  // Path order, as Kensaku's walker uses, so every engine sees the articles in the same order.
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().filename().string().front() != '.') {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) visit(article_from_file(file, root));
  return static_cast<std::int64_t>(files.size());
}

std::string string_member(const json& record, const char* name) {
  const auto found = record.find(name);
  if (found == record.end() || found->is_null()) return {};
  return found->is_string() ? found->get<std::string>() : found->dump();
}

// gzread reads plain files too, so one loop serves .jsonl and .jsonl.gz.
std::int64_t visit_feed(const fs::path& path,
                        const std::function<void(const BenchArticle&)>& visit) {
  gzFile feed = gzopen(path.c_str(), "rb");
  if (feed == nullptr) throw std::runtime_error("cannot open " + path.string());
  gzbuffer(feed, 256 * 1024);
  std::int64_t count = 0;
  std::string pending;
  std::vector<char> chunk(256 * 1024);
  const auto visit_line = [&](std::string_view line) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
    const json record = json::parse(line);
    ++count;
    BenchArticle article{string_member(record, "id"), string_member(record, "title"),
                         string_member(record, "body")};
    if (article.id.empty()) article.id = std::to_string(count);
    visit(article);
  };
  for (;;) {
    const int got = gzread(feed, chunk.data(), static_cast<unsigned>(chunk.size()));
    if (got < 0) {
      gzclose(feed);
      throw std::runtime_error("cannot decompress " + path.string());
    }
    if (got == 0) break;
    pending.append(chunk.data(), static_cast<std::size_t>(got));
    std::size_t start = 0;
    for (std::size_t newline; (newline = pending.find('\n', start)) != std::string::npos;) {
      visit_line(std::string_view(pending).substr(start, newline - start));
      start = newline + 1;
    }
    pending.erase(0, start);
  }
  gzclose(feed);
  visit_line(pending);
  return count;
}

}  // namespace

std::int64_t for_each_article(const std::vector<std::string>& inputs,
                              const std::function<void(const BenchArticle&)>& visit) {
  std::int64_t count = 0;
  for (const auto& input : inputs) {
    const fs::path path = fs::absolute(input).lexically_normal();
    if (fs::is_directory(path)) {
      // A trailing slash would make the root's name empty; ids start with the root's name.
      count += visit_directory(path.has_filename() ? path : path.parent_path(), visit);
    } else if (is_feed(path)) {
      count += visit_feed(path, visit);
    } else {
      throw std::runtime_error(input + " is neither a directory nor a .jsonl(.gz) feed");
    }
  }
  return count;
}

std::vector<BenchQuery> read_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<BenchQuery> queries;
  for (std::string line; std::getline(in, line);) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    queries.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return queries;
}

void print_result_line(const std::string& qid, double ms, std::int64_t total,
                       const std::vector<BenchHit>& hits) {
  json line = {{"qid", qid}, {"ms", ms}, {"total", total < 0 ? json(nullptr) : json(total)}};
  json& hit_list = line["hits"] = json::array();
  for (const auto& hit : hits) {
    hit_list.push_back(
        {{"id", hit.id}, {"score", hit.score}, {"title", hit.title}, {"snippet", hit.snippet}});
  }
  // Article text is not always valid UTF-8; replace rather than abort the whole batch.
  std::cout << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

int parse_limit(int argc, char** argv, int first, const char* usage) {
  int limit = 10;
  for (int i = first; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--limit" && i + 1 < argc) {
      limit = std::atoi(argv[++i]);
    } else {
      std::cerr << usage;
      std::exit(2);
    }
  }
  if (limit <= 0) {
    std::cerr << "--limit must be a positive number\n";
    std::exit(2);
  }
  return limit;
}

}  // namespace kensaku::bench
