// Tests of the one Xapian guard: every Xapian error class reaches the user as words and a hint.
#include "common/xapian_errors.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <functional>
#include <string>
#include <typeinfo>

namespace kensaku {
namespace {

const std::string kWhere = "/srv/news.idx";

enum class Kind { kUsage, kNotFound, kCorrupt, kLocked, kFatal };

struct Case {
  const char* xapian_class;
  std::function<void()> raise;
  Kind kind;
};

Kind kind_of(const Error& error) {
  if (dynamic_cast<const UsageError*>(&error)) return Kind::kUsage;
  if (dynamic_cast<const IndexNotFoundError*>(&error)) return Kind::kNotFound;
  if (dynamic_cast<const IndexCorruptError*>(&error)) return Kind::kCorrupt;
  if (dynamic_cast<const IndexLockedError*>(&error)) return Kind::kLocked;
  return Kind::kFatal;
}

// Every class Xapian 1.4 throws, most derived ones included.
std::vector<Case> every_xapian_class() {
  return {
      {"AssertionError", [] { throw Xapian::AssertionError("x"); }, Kind::kFatal},
      {"InvalidArgumentError",
       [] { throw Xapian::InvalidArgumentError("Can't make an Enquire object"); }, Kind::kFatal},
      {"InvalidOperationError", [] { throw Xapian::InvalidOperationError("x"); }, Kind::kFatal},
      {"UnimplementedError", [] { throw Xapian::UnimplementedError("x"); }, Kind::kFatal},
      {"DatabaseError", [] { throw Xapian::DatabaseError("EOF reading block 2"); }, Kind::kCorrupt},
      {"DatabaseCorruptError", [] { throw Xapian::DatabaseCorruptError("x"); }, Kind::kCorrupt},
      {"DatabaseCreateError", [] { throw Xapian::DatabaseCreateError("x"); }, Kind::kFatal},
      {"DatabaseLockError", [] { throw Xapian::DatabaseLockError("x"); }, Kind::kLocked},
      {"DatabaseModifiedError", [] { throw Xapian::DatabaseModifiedError("x"); }, Kind::kFatal},
      {"DatabaseOpeningError", [] { throw Xapian::DatabaseOpeningError("x"); }, Kind::kCorrupt},
      {"DatabaseVersionError", [] { throw Xapian::DatabaseVersionError("x"); }, Kind::kCorrupt},
      {"DatabaseNotFoundError", [] { throw Xapian::DatabaseNotFoundError("x"); }, Kind::kNotFound},
      {"DatabaseClosedError", [] { throw Xapian::DatabaseClosedError("x"); }, Kind::kFatal},
      {"DocNotFoundError", [] { throw Xapian::DocNotFoundError("Document 7 not found"); },
       Kind::kCorrupt},
      {"FeatureUnavailableError",
       [] { throw Xapian::FeatureUnavailableError("Database has no termlist"); }, Kind::kCorrupt},
      {"InternalError", [] { throw Xapian::InternalError("x"); }, Kind::kFatal},
      {"NetworkError", [] { throw Xapian::NetworkError("x"); }, Kind::kFatal},
      {"NetworkTimeoutError", [] { throw Xapian::NetworkTimeoutError("x"); }, Kind::kFatal},
      {"QueryParserError", [] { throw Xapian::QueryParserError("x"); }, Kind::kUsage},
      {"SerialisationError", [] { throw Xapian::SerialisationError("x"); }, Kind::kFatal},
      {"RangeError", [] { throw Xapian::RangeError("x"); }, Kind::kUsage},
      {"WildcardError", [] { throw Xapian::WildcardError("x"); }, Kind::kUsage},
  };
}

TEST(XapianErrors, EveryXapianClassBecomesAKensakuErrorWithWordsAndAHint) {
  for (const Case& c : every_xapian_class()) {
    SCOPED_TRACE(c.xapian_class);
    try {
      xapian_try(kWhere, c.raise);
      ADD_FAILURE() << "nothing thrown";
    } catch (const Error& e) {
      const std::string message = e.what();
      EXPECT_EQ(kind_of(e), c.kind) << message;
      EXPECT_EQ(message.find(c.xapian_class), std::string::npos) << message;
      EXPECT_EQ(message.find("Error:"), std::string::npos) << message;
      EXPECT_FALSE(e.hint().empty()) << message;
      EXPECT_NE(e.exit_status(), ExitStatus::kOk);
    }
  }
}

TEST(XapianErrors, HintsAboutTheIndexNameACommandThatTakesItsDirectory) {
  for (const Case& c : every_xapian_class()) {
    SCOPED_TRACE(c.xapian_class);
    try {
      xapian_try(kWhere, c.raise);
    } catch (const Error& e) {
      // xapian-check cannot open an index directory (it takes DIR/gen-NNNN): never offered so.
      EXPECT_EQ(e.hint().find("xapian-check " + kWhere), std::string::npos) << e.hint();
      if (kind_of(e) == Kind::kCorrupt && std::string(c.xapian_class) != "DatabaseVersionError") {
        EXPECT_NE(e.hint().find("kensaku-index --db " + kWhere + " --check"), std::string::npos)
            << e.hint();
      }
    }
  }
}

TEST(XapianErrors, ADiskFullUnderAnyClassIsReportedAsADiskFullWithThePath) {
  const std::vector<std::function<void()>> full_disks = {
      [] { throw Xapian::DatabaseError("Error writing block 12", ENOSPC); },
      [] { throw Xapian::DatabaseCorruptError("Db block overwritten", ENOSPC); },
      [] { throw Xapian::DatabaseCreateError("Cannot create directory", ENOSPC); },
      [] { throw Xapian::DatabaseOpeningError("Couldn't write iamglass.tmp", EDQUOT); },
      [] { throw Xapian::DatabaseError("Error writing block 3", EFBIG); },
  };
  for (const auto& raise : full_disks) {
    try {
      xapian_try(kWhere, raise);
      ADD_FAILURE() << "nothing thrown";
    } catch (const Error& e) {
      const std::string message = e.what();
      EXPECT_FALSE(dynamic_cast<const IndexCorruptError*>(&e)) << message;
      EXPECT_TRUE(message.find("no space left") != std::string::npos ||
                  message.find("size limit") != std::string::npos)
          << message;
      EXPECT_NE(message.find(kWhere), std::string::npos) << message;
      EXPECT_EQ(e.hint().find("remove"), std::string::npos) << e.hint();
      EXPECT_NE(e.hint().find("intact"), std::string::npos) << e.hint();
    }
  }
}

TEST(XapianErrors, APermissionProblemIsNamedAsOne) {
  try {
    xapian_try(kWhere, [] { throw Xapian::DatabaseOpeningError("Couldn't open", EACCES); });
  } catch (const FatalError& e) {
    EXPECT_NE(std::string(e.what()).find("no permission"), std::string::npos) << e.what();
  }
}

TEST(XapianErrors, TheGuardReturnsWhatTheWorkReturns) {
  EXPECT_EQ(xapian_try(kWhere, [] { return 42; }), 42);
  int calls = 0;
  xapian_try(kWhere, [&] { ++calls; });
  EXPECT_EQ(calls, 1);
}

TEST(XapianErrors, ARemoteLocationIsCheckedOnItsServer) {
  try {
    xapian_try("tcp://10.0.0.1:7000", [] { throw Xapian::DatabaseCorruptError("x"); });
  } catch (const Error& e) {
    EXPECT_EQ(e.hint().find("kensaku-index"), std::string::npos) << e.hint();
  }
}

}  // namespace
}  // namespace kensaku
