// kensaku-index: parses options, runs the indexer library, maps errors to exit statuses.
#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "indexer/indexer.h"
#include "kensaku/error.h"
#include "kensaku/version.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage = R"(Usage: kensaku-index --db DIR [options] PATH...

Indexes news articles (text with optional .meta sidecars, HTML pages, JSON Lines feeds) found
under each PATH into the index DIR. Re-running is safe and only redoes what changed.

Examples:
  kensaku-index --db ~/.kensaku corpus/
  KENSAKU_DB=/srv/news.idx kensaku-index /srv/news/incoming

Exit status: 0 done, 3 done but some inputs failed (named on stderr), 75 index locked by another
writer, 2 usage or fatal error.

Options)";

class StderrObserver : public kensaku::IndexObserver {
 public:
  explicit StderrObserver(bool verbose) : verbose_(verbose) {}
  void on_failure(const kensaku::InputError& error) override {
    std::cerr << "kensaku-index: " << error.what() << '\n';
  }
  void on_article(const std::string& id, kensaku::IndexAction action) override {
    if (!verbose_) return;
    static constexpr const char* kNames[] = {"added", "updated", "unchanged", "removed"};
    std::cerr << kNames[static_cast<int>(action)] << ' ' << id << '\n';
  }

 private:
  bool verbose_;
};

int run(int argc, char** argv) {
  po::options_description visible(kUsage);
  std::string db;
  std::uint64_t max_size_mib = 32;
  visible.add_options()("help,h", "show this help")("version", "show the version")(
      "db,d", po::value<std::string>(&db), "index directory (default: $KENSAKU_DB)")(
      "max-size", po::value<std::uint64_t>(&max_size_mib)->default_value(32),
      "skip files larger than this many MiB")("quiet,q", "print nothing unless something failed")(
      "verbose,v", "name each article and what happened to it");
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
    std::cout << "kensaku-index " << KENSAKU_VERSION_STRING << '\n';
    return 0;
  }
  if (db.empty()) {
    if (const char* env = std::getenv("KENSAKU_DB")) db = env;
  }
  if (db.empty()) throw kensaku::UsageError("no index given", "pass --db DIR or set KENSAKU_DB");
  if (!vm.count("path")) {
    throw kensaku::UsageError("nothing to index", "name the files or directories to index");
  }

  kensaku::IndexOptions options;
  options.database = db;
  options.max_file_size = max_size_mib << 20;
  StderrObserver observer(vm.count("verbose") > 0);
  kensaku::Indexer indexer(options, &observer);
  kensaku::IndexSummary summary = indexer.run(vm["path"].as<std::vector<std::string>>());
  if (!vm.count("quiet") || summary.failed > 0) {
    std::cerr << kensaku::format_summary(summary) << '\n';
  }
  return summary.failed > 0 ? static_cast<int>(kensaku::ExitStatus::kInputsFailed) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const kensaku::Error& e) {
    std::cerr << "kensaku-index: " << e.what() << '\n';
    if (!e.hint().empty()) std::cerr << "  hint: " << e.hint() << '\n';
    return static_cast<int>(e.exit_status());
  } catch (const std::exception& e) {
    std::cerr << "kensaku-index: " << e.what() << '\n';
    return static_cast<int>(kensaku::ExitStatus::kError);
  }
}
