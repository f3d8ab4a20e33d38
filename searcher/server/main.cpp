// kensaku-server: the search page and the JSON API over HTTP, for the indexes given with --db.
#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "kensaku/error.h"
#include "kensaku/search.h"
#include "kensaku/version.h"
#include "searcher/server/http_server.h"
#include "searcher/server/listen_address.h"
#include "searcher/server/searcher_pool.h"

namespace po = boost::program_options;
using kensaku::server::ServerOptions;

namespace {

constexpr const char* kUsage = R"(Usage: kensaku-server --db DIR [--db DIR...] [options]

Serves a search page at / and a JSON API under /api/ (searcher/server/api.md) for the index DIR
(anything kensaku-search --db accepts: directories, stubs, shards, tcp://HOST:PORT remotes).
Binds loopback unless --listen names another address. Stops on SIGTERM or SIGINT.

Exit status: 0 after a stop, 2 for a usage error or an address it cannot listen on.

Options)";

// The soft limit on open files raised to the hard one: every connection is a descriptor.
void raise_file_limit() {
  struct rlimit limit;
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

// Opens the index once, so that a wrong --db is said at startup; the server still starts (and
// answers 503) so that it can come up before the first index is written.
void check_index(kensaku::server::SearcherPool& pool) {
  try {
    std::size_t count = pool.local().article_count();
    std::cerr << "kensaku-server: " << count << " articles\n";
  } catch (const kensaku::Error& e) {
    std::cerr << "kensaku-server: warning: " << e.what() << '\n';
    if (!e.hint().empty()) std::cerr << "  hint: " << e.hint() << '\n';
    std::cerr << "  (serving 503 until the index can be opened)\n";
  }
}

// Checks the values the options parser cannot, and fills in those read as text or seconds.
void finish_options(const std::string& listen, const std::string& log_queries,
                    std::size_t header_timeout, std::size_t idle_timeout, std::size_t drain_timeout,
                    ServerOptions& server) {
  if (log_queries != "yes" && log_queries != "no") {
    throw kensaku::UsageError("--log-queries must be yes or no, not '" + log_queries + "'");
  }
  if (server.threads == 0 || server.threads > 256) {
    throw kensaku::UsageError("--threads must be from 1 to 256");
  }
  if (server.max_connections == 0) {
    throw kensaku::UsageError("--max-connections must be at least 1");
  }
  if (header_timeout == 0 || idle_timeout == 0) {
    throw kensaku::UsageError("timeouts must be at least 1 second");
  }
  kensaku::server::ListenAddress address = kensaku::server::parse_listen(listen);
  server.host = address.host;
  server.port = address.port;
  server.log_queries = log_queries == "yes";
  server.header_timeout = std::chrono::seconds(header_timeout);
  server.idle_timeout = std::chrono::seconds(idle_timeout);
  server.drain_timeout = std::chrono::seconds(drain_timeout);
}

int run(int argc, char** argv) {
  po::options_description options(kUsage);
  std::vector<std::string> db;
  std::string listen, synonyms, log_queries;
  ServerOptions server;
  std::size_t header_timeout = 10, idle_timeout = 30, drain_timeout = 10;
  std::size_t hardware = std::max(2u, std::thread::hardware_concurrency());
  options.add_options()("help,h", "show this help")("version", "show the version")(
      "db,d", po::value<std::vector<std::string>>(&db)->composing(),
      "index directory, stub file or tcp://HOST:PORT (default: $KENSAKU_DB); repeatable")(
      "listen", po::value<std::string>(&listen)->default_value("127.0.0.1:8080"),
      "HOST:PORT to listen on ([::1]:PORT for IPv6; port 0: any free port)")(
      "threads", po::value<std::size_t>(&server.threads)->default_value(hardware),
      "worker threads, each with its own Searcher")("synonyms", po::value<std::string>(&synonyms),
                                                    "synonyms file (default: $KENSAKU_SYNONYMS)")(
      "log-queries", po::value<std::string>(&log_queries)->default_value("yes"),
      "yes: log request targets whole; no: without query values")(
      "max-connections", po::value<std::size_t>(&server.max_connections)->default_value(4096),
      "open connections at most; more are answered 503")(
      "header-timeout", po::value<std::size_t>(&header_timeout)->default_value(10),
      "seconds a new connection has to send its request headers")(
      "idle-timeout", po::value<std::size_t>(&idle_timeout)->default_value(30),
      "seconds a keep-alive connection may wait for its next request")(
      "drain-timeout", po::value<std::size_t>(&drain_timeout)->default_value(10),
      "seconds requests in flight get to finish after SIGTERM/SIGINT");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw kensaku::UsageError(e.what(), "see 'kensaku-server --help'");
  }
  if (vm.count("help")) {
    std::cout << options << '\n';
    return 0;
  }
  if (vm.count("version")) {
    std::cout << "kensaku-server " << kensaku::version() << '\n';
    return 0;
  }
  if (db.empty()) {
    const char* env = std::getenv("KENSAKU_DB");
    if (env && *env) db.emplace_back(env);
  }
  if (db.empty()) throw kensaku::UsageError("no index given", "pass --db DIR or set KENSAKU_DB");
  if (synonyms.empty()) {
    if (const char* env = std::getenv("KENSAKU_SYNONYMS")) synonyms = env;
  }
  finish_options(listen, log_queries, header_timeout, idle_timeout, drain_timeout, server);
  raise_file_limit();
  kensaku::server::SearcherPool pool(db, synonyms);
  check_index(pool);
  kensaku::server::serve_http(server, pool);
  std::cerr << "kensaku-server: stopped\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const kensaku::Error& e) {
    std::cerr << "kensaku-server: " << e.what() << '\n';
    if (!e.hint().empty()) std::cerr << "  hint: " << e.hint() << '\n';
    return static_cast<int>(e.exit_status());
  } catch (const std::exception& e) {
    std::cerr << "kensaku-server: " << e.what() << '\n';
    return static_cast<int>(kensaku::ExitStatus::kError);
  }
}
