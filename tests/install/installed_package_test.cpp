// The installed package as an embedder meets it: `cmake --install` into a temporary prefix, then a
// program outside the tree built against that prefix with find_package(Kensaku) and with
// pkg-config, searching the shipped corpus.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "kensaku/version.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::run;
using testing::RunResult;
using testing::TempDir;

::testing::AssertionResult succeeded(const RunResult& r) {
  if (r.exit_status == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "exit status " << r.exit_status << "\n" << r.out << r.err;
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

// The consumer's output, keyed by each line's first word ("hit" lines in order).
struct ConsumerOutput {
  std::map<std::string, std::string> lines;
  std::vector<std::string> hits;
};

ConsumerOutput parse(const std::string& out) {
  ConsumerOutput parsed;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    std::string key = line.substr(0, line.find(' '));
    std::string rest = line.size() > key.size() ? line.substr(key.size() + 1) : "";
    if (key == "hit") {
      parsed.hits.push_back(rest);
    } else {
      parsed.lines[key] = rest;
    }
  }
  return parsed;
}

// What the consumer must have printed, whichever way it was built.
void expect_consumer_searched(const RunResult& r, const fs::path& installed_library,
                              const fs::path& missing) {
  ASSERT_TRUE(succeeded(r));
  ConsumerOutput out = parse(r.out);
  // It ran with the installed library, not the one in the build tree.
  ASSERT_TRUE(out.lines.count("library")) << r.out;
  EXPECT_EQ(fs::canonical(out.lines["library"]), fs::canonical(installed_library));
  EXPECT_EQ(out.lines["version"], std::string(KENSAKU_VERSION) + " headers " + KENSAKU_VERSION);
  EXPECT_EQ(words(out.lines["articles"]).at(0), "5") << r.out;
  ASSERT_FALSE(out.hits.empty()) << r.out;
  std::vector<std::string> first = words(out.hits[0]);
  ASSERT_EQ(first.size(), 3u) << out.hits[0];
  EXPECT_EQ(first[0], "1");
  EXPECT_EQ(first[1], "corpus/003_b13ff8993483ff35.txt");
  EXPECT_GT(std::stoi(first[2]), 0) << "no highlighted words in the snippet";
  // A typed error crosses the library boundary and is caught by its own type.
  EXPECT_EQ(out.lines["IndexNotFoundError"], "exit_status 2 hint run 'kensaku-index --db " +
                                                 missing.string() + " PATH...' first to create it")
      << r.out;
}

TEST(InstalledPackage, AProgramBuiltOutsideTheTreeSearchesWithFindPackageAndWithPkgConfig) {
  TempDir dir;
  const fs::path prefix = dir / "prefix";
  ASSERT_TRUE(succeeded(run({KENSAKU_CMAKE, "--install", KENSAKU_BUILD_DIR, "--prefix", prefix})));

  // Binaries, the library with its soname links, the public headers and both package files.
  const fs::path bin = prefix / KENSAKU_INSTALL_BINDIR, lib = prefix / KENSAKU_INSTALL_LIBDIR;
  const std::string soname = "libkensaku.so." + std::to_string(KENSAKU_VERSION_MAJOR);
  for (const fs::path& file :
       {bin / "kensaku-index", bin / "kensaku-search", lib / ("libkensaku.so." KENSAKU_VERSION),
        lib / "cmake/Kensaku/KensakuConfig.cmake", lib / "cmake/Kensaku/KensakuConfigVersion.cmake",
        lib / "cmake/Kensaku/KensakuTargets.cmake", lib / "pkgconfig/kensaku.pc"}) {
    EXPECT_TRUE(fs::is_regular_file(file)) << file;
  }
  EXPECT_EQ(fs::read_symlink(lib / "libkensaku.so"), soname);
  EXPECT_EQ(fs::read_symlink(lib / soname), "libkensaku.so." KENSAKU_VERSION);
  std::set<std::string> includes, headers;
  for (const auto& entry : fs::directory_iterator(prefix / KENSAKU_INSTALL_INCLUDEDIR)) {
    includes.insert(entry.path().filename().string());
  }
  for (const auto& entry :
       fs::directory_iterator(prefix / KENSAKU_INSTALL_INCLUDEDIR / "kensaku")) {
    headers.insert(entry.path().filename().string());
    // No Xapian type or header (the comments may name xapian-tcpsrv, which serves remote indexes).
    const std::string text = testing::read_file(entry.path());
    EXPECT_EQ(text.find("Xapian::"), std::string::npos) << entry.path();
    EXPECT_EQ(text.find("<xapian"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(includes, std::set<std::string>{"kensaku"});
  EXPECT_EQ(headers, (std::set<std::string>{"error.h", "export.h", "search.h", "version.h"}));

  // The installed binaries find the installed library by themselves (RPATH $ORIGIN/../lib).
  const fs::path index = dir / "index", missing = dir / "no-index";
  ASSERT_TRUE(
      succeeded(run({bin / "kensaku-index", "--db", index, "--quiet", testing::corpus_dir()},
                    {"LD_LIBRARY_PATH="})));
  RunResult searched =
      run({bin / "kensaku-search", "--db", index, "--limit", "1", "SM-6", "co-production"},
          {"LD_LIBRARY_PATH="});
  ASSERT_TRUE(succeeded(searched));
  EXPECT_NE(searched.out.find("003_b13ff8993483ff35.txt"), std::string::npos) << searched.out;

  // The consumer is copied out of the source tree, so nothing can reach back into it.
  const fs::path source = dir / "consumer";
  fs::copy(fs::path(KENSAKU_SOURCE_DIR) / "tests/install/consumer", source,
           fs::copy_options::recursive);
  const std::vector<std::string> flags = words(KENSAKU_CONSUMER_FLAGS);
  const std::vector<std::string> query_args = {index, missing, "SM-6 co-production"};

  // 1. find_package(Kensaku) with the prefix on CMAKE_PREFIX_PATH.
  const fs::path build = dir / "consumer-build";
  RunResult configured =
      run({KENSAKU_CMAKE, "-S", source, "-B", build, "-G", KENSAKU_CMAKE_GENERATOR,
           "-DCMAKE_CXX_COMPILER=" KENSAKU_CXX, "-DCMAKE_BUILD_TYPE=Release",
           "-DCMAKE_CXX_FLAGS=" KENSAKU_CONSUMER_FLAGS, "-DCMAKE_PREFIX_PATH=" + prefix.string(),
           "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"});
  ASSERT_TRUE(succeeded(configured));
  EXPECT_NE(
      configured.out.find("Kensaku " KENSAKU_VERSION " from " + (lib / "cmake/Kensaku").string()),
      std::string::npos)
      << configured.out;
  ASSERT_TRUE(succeeded(run({KENSAKU_CMAKE, "--build", build})));
  // Compiled against the installed headers only.
  std::string commands = testing::read_file(build / "compile_commands.json");
  EXPECT_NE(commands.find((prefix / KENSAKU_INSTALL_INCLUDEDIR).string()), std::string::npos);
  EXPECT_EQ(commands.find(KENSAKU_SOURCE_DIR), std::string::npos) << commands;
  std::vector<std::string> argv = {(build / "consumer").string()};
  argv.insert(argv.end(), query_args.begin(), query_args.end());
  expect_consumer_searched(run(argv), lib / "libkensaku.so", missing);

  // 2. pkg-config, compiling by hand with the same compiler.
  const std::string pc_path = "PKG_CONFIG_PATH=" + (lib / "pkgconfig").string();
  RunResult pc = run({KENSAKU_PKG_CONFIG, "--cflags", "--libs", "kensaku"}, {pc_path});
  ASSERT_TRUE(succeeded(pc));
  RunResult pc_libdir = run({KENSAKU_PKG_CONFIG, "--variable=libdir", "kensaku"}, {pc_path});
  ASSERT_TRUE(succeeded(pc_libdir));
  EXPECT_EQ(fs::canonical(words(pc_libdir.out).at(0)), fs::canonical(lib));
  const fs::path program = dir / "consumer-pkg-config";
  std::vector<std::string> compile = {KENSAKU_CXX, "-std=c++17"};
  compile.insert(compile.end(), flags.begin(), flags.end());
  compile.push_back((source / "main.cpp").string());
  for (const std::string& flag : words(pc.out)) compile.push_back(flag);
  compile.insert(compile.end(), {"-Wl,-rpath," + words(pc_libdir.out).at(0), "-o", program});
  ASSERT_TRUE(succeeded(run(compile)));
  argv[0] = program.string();
  expect_consumer_searched(run(argv), lib / "libkensaku.so", missing);
}

}  // namespace
}  // namespace kensaku
