// kensaku-index: parses options, runs the indexer library, maps errors and signals to exit
// statuses.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/whole_numbers.h"
#include "common/xapian_errors.h"
#include "common/index_layout.h"
#include "indexer/index_writer.h"
#include "indexer/indexer.h"
#include "kensaku/error.h"
#include "kensaku/version.h"

namespace po = boost::program_options;

namespace {

// The ranges of the numeric options (README, "Indexing"): far beyond any article or batch, yet
// small enough that their shift to bytes cannot overflow; a writer waits at most a day for the
// lock.
constexpr kensaku::NumberRange kMaxSizeMibRange{1, 65536};
constexpr kensaku::NumberRange kBatchArticlesRange{1, 1000000};
constexpr kensaku::NumberRange kBatchMibRange{1, 65536};
constexpr kensaku::NumberRange kShardsRange{2, kensaku::kMaxShards};
constexpr kensaku::DecimalRange kWaitRange{0, 86400, "seconds"};

constexpr const char* kUsage = R"(Usage: kensaku-index --db DIR [options] PATH...
       kensaku-index --db DIR --compact
       kensaku-index --db DIR --check

Indexes news articles (text with optional .meta sidecars, HTML pages, JSON Lines feeds) found
under each PATH into the index DIR. Re-running is safe and only redoes what changed: new files
are added, changed ones replaced, and articles whose files are gone from PATH are removed.

Examples:
  kensaku-index --db ~/.kensaku corpus/
  KENSAKU_DB=/srv/news.idx kensaku-index --quiet --wait 60 /srv/news/incoming
  kensaku-index --db /srv/news.idx --shards 4 /srv/news   # 4 shards, indexed in parallel

Exit status: 0 done, 3 done but some inputs failed (named on stderr), 75 index locked by another
writer, 2 usage or fatal error (a damaged index, a full disk), 130/143 stopped by SIGINT/SIGTERM
after committing the work done. --check: 0 no damage found, 2 damage found.

Options)";

// Set by the first SIGINT/SIGTERM; the indexer stops between articles and commits.
std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;
std::string g_database;  // the index being worked on, for the last-resort Xapian error report

extern "C" void on_stop_signal(int signal) {
  // A second signal means "now": the last commit is intact, like after a crash.
  if (g_stop.exchange(true)) ::_exit(128 + signal);
  g_signal = signal;
}

void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int stopped_status() { return 128 + (g_signal ? static_cast<int>(g_signal) : SIGINT); }

std::string duration_text(double seconds) {
  long s = std::lround(seconds);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  }
  return text;
}

std::string mib(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1 << 20));
  return text;
}

// Everything the binary prints while the library works: failures, --verbose and --dry-run lines,
// and on a terminal a progress line that the other output clears first.
class StderrObserver : public kensaku::IndexObserver {
 public:
  StderrObserver(bool verbose, bool dry_run, bool progress)
      : verbose_(verbose), dry_run_(dry_run), progress_(progress) {}

  void on_failure(const kensaku::InputError& error) override {
    clear_progress();
    std::cerr << "kensaku-index: " << error.what() << '\n';
  }

  void on_warning(const kensaku::InputError& warning) override {
    clear_progress();
    std::cerr << "kensaku-index: warning: " << warning.what() << '\n';
  }

  void on_notice(const std::string& message) override {
    clear_progress();
    std::cerr << "kensaku-index: note: " << message << '\n';
  }

  void on_article(const std::string& id, kensaku::IndexAction action) override {
    static constexpr const char* kDone[] = {"added", "updated", "unchanged", "removed"};
    static constexpr const char* kWould[] = {"would add", "would update", "unchanged",
                                             "would remove"};
    if (dry_run_ && action != kensaku::IndexAction::kUnchanged) {
      clear_progress();
      std::cout << kWould[static_cast<int>(action)] << ' ' << id << '\n';
    } else if (verbose_) {
      clear_progress();
      std::cerr << (dry_run_ ? kWould : kDone)[static_cast<int>(action)] << ' ' << id << '\n';
    }
  }

  void on_progress(const kensaku::IndexProgress& p) override {
    if (!progress_) return;
    double rate = p.seconds > 0 ? static_cast<double>(p.scanned) / p.seconds : 0;
    std::string line = "scanned " + std::to_string(p.scanned) + " · indexed " +
                       std::to_string(p.indexed) + " · " + std::to_string(std::lround(rate)) + "/s";
    if (p.expected > p.scanned && rate > 0) {
      line += " · ETA " + duration_text(static_cast<double>(p.expected - p.scanned) / rate);
    }
    std::cerr << "\r\033[K" << line << std::flush;
    shown_ = true;
  }

  void clear_progress() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
  }

 private:
  bool verbose_;
  bool dry_run_;
  bool progress_;
  bool shown_ = false;
};

// --check: Xapian's report on stdout (unless quiet), the verdict on stderr.
int check(const std::string& db, bool quiet) {
  std::ostringstream report;
  kensaku::CheckSummary done = kensaku::check_index(db, report);
  if (!quiet || done.errors > 0) std::cout << report.str();
  if (done.errors == 0) {
    if (!quiet) std::cerr << "checked " << db << ": no damage found\n";
    return 0;
  }
  std::cerr << "kensaku-index: " << done.errors << " errors in the index at " << db
            << " (listed above)\n"
            << "  hint: run the check once more (a commit during it shows as damage); if the "
               "errors stay, remove "
            << db << " and index the articles again\n";
  return static_cast<int>(kensaku::ExitStatus::kError);
}

int run(int argc, char** argv) {
  po::options_description visible(kUsage);
  std::string db;
  // Numbers as given, read by the checked readers of common/whole_numbers.h (never wrapped).
  std::string max_size_text, batch_text, batch_mib_text, wait_text, shards_text;
  visible.add_options()("help,h", "show this help")("version", "show the version")(
      "db,d", po::value<std::string>(&db), "index directory (default: $KENSAKU_DB)")(
      "max-size", po::value<std::string>(&max_size_text)->default_value("32"),
      "skip files larger than this many MiB (1-65536)")(
      "keep-missing", "keep the articles of files that are gone from PATH")(
      "dry-run,n", "print what would be added, updated and removed; change nothing")(
      "wait", po::value<std::string>(&wait_text)->default_value("0"),
      "wait up to SECONDS (0-86400, e.g. 0.5) for another writer to finish instead of exiting 75")(
      "batch", po::value<std::string>(&batch_text)->default_value("2000"),
      "commit after this many changed articles (1-1000000)")(
      "batch-mib", po::value<std::string>(&batch_mib_text)->default_value("64"),
      "... or after this many MiB of changed input, whichever comes first (1-65536)")(
      "compact",
      "rewrite the index compactly (after indexing PATH, if given) and switch to it atomically")(
      "check",
      "check the current generation of the index (of each shard) for damage, as xapian-check "
      "does; change nothing")("quiet,q", "print nothing unless something failed")(
      "verbose,v", "name each article and what happened to it")(
      "shards", po::value<std::string>(&shards_text),
      "split a new index over N (2-100) shard databases, written in parallel (an existing sharded "
      "index keeps its shards without this)");
  po::options_description hidden;
  hidden.add_options()("path", po::value<std::vector<std::string>>(), "");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("path", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw kensaku::UsageError(e.what(), "see 'kensaku-index --help'");
  }
  if (vm.count("help")) {
    std::cout << visible << '\n';
    return 0;
  }
  if (vm.count("version")) {
    std::cout << "kensaku-index " << KENSAKU_VERSION << '\n';
    return 0;
  }
  if (db.empty()) {
    if (const char* env = std::getenv("KENSAKU_DB")) db = env;
  }
  if (db.empty()) throw kensaku::UsageError("no index given", "pass --db DIR or set KENSAKU_DB");
  g_database = db;
  if (vm.count("check")) {
    if (vm.count("path") || vm.count("compact") || vm.count("dry-run")) {
      throw kensaku::UsageError("--check takes no PATH, --compact or --dry-run",
                                "run 'kensaku-index --db " + db + " --check' on its own");
    }
    return check(db, vm.count("quiet") > 0);
  }
  const bool compact = vm.count("compact") > 0;
  const bool dry_run = vm.count("dry-run") > 0;
  const bool quiet = vm.count("quiet") > 0;
  if (!vm.count("path") && !compact) {
    throw kensaku::UsageError("nothing to index", "name the files or directories to index");
  }
  if (compact && dry_run) {
    throw kensaku::UsageError("--compact and --dry-run cannot be combined");
  }
  // Checked before anything is opened: a bad number changes nothing.
  const std::uint64_t max_size_mib =
      kensaku::parse_whole_number("--max-size", max_size_text, kMaxSizeMibRange);
  const std::uint64_t batch_articles =
      kensaku::parse_whole_number("--batch", batch_text, kBatchArticlesRange);
  const std::uint64_t batch_mib =
      kensaku::parse_whole_number("--batch-mib", batch_mib_text, kBatchMibRange);
  const double wait_seconds = kensaku::parse_decimal_number("--wait", wait_text, kWaitRange);
  const unsigned shards = !vm.count("shards") ? 0
                                              : static_cast<unsigned>(kensaku::parse_whole_number(
                                                    "--shards", shards_text, kShardsRange));

  install_stop_handlers();
  int status = 0;
  if (vm.count("path")) {
    kensaku::IndexOptions options;
    options.database = db;
    options.max_file_size = max_size_mib << 20;
    options.batch_articles = batch_articles;
    options.batch_bytes = batch_mib << 20;
    options.keep_missing = vm.count("keep-missing") > 0;
    options.dry_run = dry_run;
    options.wait_seconds = wait_seconds;
    options.stop = &g_stop;
    options.shards = shards;
    // Under cron stderr is a log, not a terminal: no progress line there.
    StderrObserver observer(vm.count("verbose") > 0, dry_run, !quiet && ::isatty(2));
    kensaku::Indexer indexer(options, &observer);
    kensaku::IndexSummary summary = indexer.run(vm["path"].as<std::vector<std::string>>());
    observer.clear_progress();
    if (!quiet || summary.failed > 0 || summary.stopped) {
      std::cerr << kensaku::format_summary(summary)
                << (summary.stopped ? " · stopped: the work done so far is committed" : "")
                << (dry_run ? " · dry run: nothing was changed" : "") << '\n';
    }
    if (summary.stopped) return stopped_status();
    if (summary.failed > 0) status = static_cast<int>(kensaku::ExitStatus::kInputsFailed);
  }
  if (compact) {
    kensaku::IndexWriterOptions options;
    options.wait_seconds = wait_seconds;
    options.stop = &g_stop;
    kensaku::CompactionSummary done = kensaku::compact_index(db, options);
    if (!quiet) {
      std::cerr << "compacted " << db << ": " << mib(done.bytes_before) << " -> "
                << mib(done.bytes_after) << '\n';
    }
    // Compaction is not interrupted (the switch is one rename), but a stop request still counts.
    if (g_stop.load()) return stopped_status();
  }
  return status;
}

// Reports the Xapian::Error being handled as the guard would have, naming the index given
// or "the index" when the options were not read yet.
int report_xapian_error() {
  try {
    try {
      throw;
    } catch (const Xapian::Error& e) {
      kensaku::rethrow_as_kensaku_error(e, g_database.empty() ? "the index" : g_database);
    }
  } catch (const kensaku::Error& e) {
    std::cerr << "kensaku-index: " << e.what() << '\n';
    if (!e.hint().empty()) std::cerr << "  hint: " << e.hint() << '\n';
    return static_cast<int>(e.exit_status());
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f) a write then fails with EFBIG, which is reported with the
  // index's path, instead of SIGXFSZ killing the process mid-commit without a word.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    return run(argc, argv);
  } catch (const kensaku::Error& e) {
    // A stop while waiting for the lock is a stop, not a locked index.
    if (g_stop.load()) return stopped_status();
    std::cerr << "kensaku-index: " << e.what() << '\n';
    if (!e.hint().empty()) std::cerr << "  hint: " << e.hint() << '\n';
    return static_cast<int>(e.exit_status());
  } catch (const std::exception& e) {
    std::cerr << "kensaku-index: " << e.what() << '\n';
    return static_cast<int>(kensaku::ExitStatus::kError);
  } catch (const Xapian::Error&) {
    // Every call into Xapian is guarded (xapian_try); this is the last net, so that one that is
    // not still says what happened instead of ending in std::terminate.
    return report_xapian_error();
  }
}
