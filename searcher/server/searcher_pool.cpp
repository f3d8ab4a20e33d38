// Per-thread Searchers, keyed by pool so that two pools in one process do not share one.
#include "searcher/server/searcher_pool.h"

#include <map>
#include <memory>
#include <utility>

namespace kensaku::server {

SearcherPool::SearcherPool(std::vector<std::string> databases, std::string synonyms_path)
    : databases_(std::move(databases)), synonyms_path_(std::move(synonyms_path)) {}

Searcher& SearcherPool::local() {
  thread_local std::map<const SearcherPool*, std::unique_ptr<Searcher>> searchers;
  std::unique_ptr<Searcher>& mine = searchers[this];
  if (!mine) mine = std::make_unique<Searcher>(databases_, synonyms_path_);
  return *mine;
}

std::vector<std::string> SearcherPool::local_databases() const {
  std::vector<std::string> out;
  for (const std::string& each : databases_) {
    if (each.rfind("tcp://", 0) != 0) out.push_back(each);
  }
  return out;
}

}  // namespace kensaku::server
