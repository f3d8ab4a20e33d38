// An embedder of Kensaku: searches an index and handles a missing one, using only the installed
// public headers and libkensaku.so. Usage: consumer INDEX MISSING_INDEX QUERY
#include <dlfcn.h>
#include <kensaku/error.h>
#include <kensaku/search.h>
#include <kensaku/version.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: consumer INDEX MISSING_INDEX QUERY\n";
    return 2;
  }
  // Which libkensaku.so the program runs with, to prove it is the installed one.
  Dl_info library{};
  if (dladdr(reinterpret_cast<void*>(&kensaku::version), &library) == 0) return 2;
  std::cout << "library " << library.dli_fname << '\n';
  std::cout << "version " << kensaku::version() << " headers " << KENSAKU_VERSION << '\n';

  try {
    kensaku::Searcher searcher(argv[1]);
    kensaku::SearchRequest request;
    request.query = argv[3];
    request.limit = 3;
    kensaku::SearchResponse response = searcher.search(request);
    std::cout << "articles " << searcher.article_count() << " total " << response.total << '\n';
    for (const kensaku::Hit& hit : response.hits) {
      std::cout << "hit " << hit.rank << ' ' << hit.id << ' ' << hit.highlights.size() << '\n';
    }
  } catch (const kensaku::Error& e) {
    std::cout << "unexpected error: " << e.what() << '\n';
    return static_cast<int>(e.exit_status());
  }

  try {
    kensaku::Searcher missing(argv[2]);
    std::cout << "no error for a missing index\n";
  } catch (const kensaku::IndexNotFoundError& e) {
    std::cout << "IndexNotFoundError exit_status " << static_cast<int>(e.exit_status()) << " hint "
              << e.hint() << '\n';
  } catch (const kensaku::Error& e) {
    std::cout << "wrong error type: " << e.what() << '\n';
  }
  return 0;
}
