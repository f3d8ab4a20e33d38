// One Searcher per worker thread, opened on first use and again after a failure to open: a shared
// Searcher serialises its calls (kensaku/search.h), and opening one is cheap.
#ifndef KENSAKU_SEARCHER_SERVER_SEARCHER_POOL_H_
#define KENSAKU_SEARCHER_SERVER_SEARCHER_POOL_H_

#include <string>
#include <vector>

#include "kensaku/search.h"

namespace kensaku::server {

class SearcherPool {
 public:
  SearcherPool(std::vector<std::string> databases, std::string synonyms_path);

  // The calling thread's Searcher, opened now if it is not yet. Throws what the Searcher
  // constructor throws (IndexNotFoundError, IndexCorruptError, FatalError, UsageError) when the
  // index cannot be opened; the next call tries again.
  Searcher& local();

  // The local directories among the databases (not tcp:// remotes).
  std::vector<std::string> local_databases() const;

 private:
  std::vector<std::string> databases_;
  std::string synonyms_path_;
};

}  // namespace kensaku::server

#endif  // KENSAKU_SEARCHER_SERVER_SEARCHER_POOL_H_
