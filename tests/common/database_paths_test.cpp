// Tests of how stub files are followed: programs refused unless allowed, tcp kept, damage named.
#include "common/database_paths.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <xapian.h>

#include <filesystem>
#include <string>

#include "kensaku/error.h"
#include "tests/test_support.h"

namespace kensaku {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::write_file;

// An index directory as kensaku-index lays it out: DIR/XAPIANDB naming DIR/gen-0001.
fs::path make_index(const TempDir& dir) {
  fs::path db = dir / "index";
  fs::create_directories(db);
  Xapian::WritableDatabase((db / "gen-0001").string(), Xapian::DB_CREATE_OR_OPEN).commit();
  write_file(db / "XAPIANDB", "glass gen-0001\n");
  return db;
}

TEST(DatabasePaths, AKensakuIndexComesDownToItsCurrentGeneration) {
  TempDir dir;
  fs::path db = make_index(dir);
  auto leaves = resolve_location(db.string(), {});
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(leaves[0].kind, DatabaseLeaf::Kind::kLocal);
  EXPECT_EQ(fs::path(leaves[0].path), db / "gen-0001");
  EXPECT_EQ(leaves[0].backend, "glass");
}

TEST(DatabasePaths, EveryFormOfARemoteProgramLineIsRefusedUnlessAllowed) {
  TempDir dir;
  const std::vector<std::string> programs = {
      "remote :xapian-progsrv /srv/db\n", "remote :/bin/sh -c 'touch /tmp/x'\n",
      "# a comment first\nremote :touch\n", "glass gen-0001\nremote :touch /tmp/y\n"};
  for (const std::string& stub : programs) {
    SCOPED_TRACE(stub);
    fs::path db = make_index(dir);
    write_file(db / "XAPIANDB", stub);
    try {
      resolve_location(db.string(), {});
      ADD_FAILURE() << "not refused";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("refused"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("XAPIANDB:"), std::string::npos) << e.what();
      EXPECT_NE(e.hint().find("--allow-remote-programs"), std::string::npos) << e.hint();
    }
    auto allowed = resolve_location(db.string(), StubPolicy{true, {}});
    EXPECT_EQ(allowed.back().kind, DatabaseLeaf::Kind::kProgram);
  }
}

TEST(DatabasePaths, AProgramLineInAStubNamedByAStubIsRefusedToo) {
  TempDir dir;
  fs::path db = make_index(dir);
  write_file(dir / "inner", "remote :touch /tmp/z\n");
  write_file(db / "XAPIANDB", "auto ../inner\n");
  EXPECT_THROW(resolve_location(db.string(), {}), UsageError);
  fs::create_directories(dir / "nested");
  write_file(dir / "nested" / "XAPIANDB", "remote :touch /tmp/z\n");
  write_file(db / "XAPIANDB", "auto ../nested\n");
  EXPECT_THROW(resolve_location(db.string(), {}), UsageError);
}

TEST(DatabasePaths, TcpRemotesNeedNoPermission) {
  TempDir dir;
  fs::path stub = dir / "remotes";
  write_file(stub, "remote 127.0.0.1:7000\nremote [::1]:7001\n");
  auto leaves = resolve_location(stub.string(), {});
  ASSERT_EQ(leaves.size(), 2u);
  EXPECT_EQ(leaves[0].kind, DatabaseLeaf::Kind::kTcp);
  EXPECT_EQ(leaves[0].host, "127.0.0.1");
  EXPECT_EQ(leaves[0].port, 7000u);
  EXPECT_EQ(leaves[1].host, "::1");
}

TEST(DatabasePaths, AStubNamingAMissingGenerationPointsAtTheNewestOneLeftNotAtKensakuIndex) {
  TempDir dir;
  fs::path db = make_index(dir);
  write_file(db / "XAPIANDB", "glass gen-0009\n");
  try {
    resolve_location(db.string(), {});
    ADD_FAILURE() << "not refused";
  } catch (const IndexCorruptError& e) {
    EXPECT_NE(std::string(e.what()).find("gen-0009"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("printf 'glass gen-0001\\n' > " + (db / "XAPIANDB").string()),
              std::string::npos)
        << e.hint();
    EXPECT_EQ(e.hint().find("kensaku-index"), std::string::npos) << e.hint();
  }
}

TEST(DatabasePaths, AnEmptyOrCommentOnlyStubIsDamageNotAnEmptyIndex) {
  TempDir dir;
  for (const std::string& content : {std::string(), std::string("# nothing\n\n")}) {
    fs::path db = make_index(dir);
    write_file(db / "XAPIANDB", content);
    EXPECT_THROW(resolve_location(db.string(), {}), IndexCorruptError);
  }
}

TEST(DatabasePaths, StubsThatNameThemselvesEndInsteadOfRecursingForEver) {
  TempDir dir;
  fs::path db = make_index(dir);
  write_file(db / "XAPIANDB", "auto XAPIANDB\n");
  EXPECT_THROW(resolve_location(db.string(), {}), IndexCorruptError);
  write_file(dir / "a", "auto b\n");
  write_file(dir / "b", "auto a\n");
  EXPECT_THROW(resolve_location((dir / "a").string(), {}), IndexCorruptError);
}

TEST(DatabasePaths, AGarbageLineIsShownEscapedNeverRaw) {
  TempDir dir;
  fs::path db = make_index(dir);
  write_file(db / "XAPIANDB", std::string("\x1b]0;owned\x07\x1b[2J junk\n"));
  try {
    resolve_location(db.string(), {});
    ADD_FAILURE() << "not refused";
  } catch (const IndexCorruptError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\x1b'), std::string::npos);
    EXPECT_EQ(message.find('\x07'), std::string::npos);
    EXPECT_NE(message.find("\\x1b"), std::string::npos) << message;
  }
}

TEST(DatabasePaths, OnlyGenerationsOlderThanTheCurrentOneAreRetired) {
  TempDir dir;
  fs::path db = make_index(dir);
  for (const char* name : {"gen-0002", "gen-0003"}) {
    Xapian::WritableDatabase((db / name).string(), Xapian::DB_CREATE_OR_OPEN).commit();
  }
  write_file(db / "XAPIANDB", "glass gen-0002\n");
  EXPECT_TRUE(is_retired_generation((db / "gen-0001").string()));
  EXPECT_FALSE(is_retired_generation((db / "gen-0002").string()));  // current
  EXPECT_FALSE(is_retired_generation((db / "gen-0003").string()));  // being built
  EXPECT_FALSE(is_retired_generation(db.string()));
  write_file(db / "XAPIANDB", "");  // a stub that says nothing retires nothing
  EXPECT_FALSE(is_retired_generation((db / "gen-0001").string()));
}

TEST(DatabasePaths, AStubThatIsADeviceAFifoOrHugeIsNotReadAtAll) {
  TempDir dir;
  fs::path db = make_index(dir);
  ::mkfifo((dir / "fifo").c_str(), 0600);
  write_file(dir / "huge", std::string(kMaxStubBytes + 1, 'x'));
  for (const char* line :
       {"auto /dev/zero", "auto ../fifo", "auto ../huge", "glass ../fifo", "glass /dev/zero"}) {
    SCOPED_TRACE(line);
    write_file(db / "XAPIANDB", std::string(line) + "\n");
    EXPECT_THROW(resolve_location(db.string(), {}), IndexCorruptError);
  }
}

TEST(DatabasePaths, ANonexistentLocationIsNotFound) {
  TempDir dir;
  EXPECT_THROW(resolve_location((dir / "nothing").string(), {}), IndexNotFoundError);
}

}  // namespace
}  // namespace kensaku
