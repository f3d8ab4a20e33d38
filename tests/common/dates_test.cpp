// Tests of the date reader: every newsroom form to the stored ISO form, and what it refuses.
#include "common/dates.h"

#include <gtest/gtest.h>

#include <string>

namespace kensaku {
namespace {

struct DateCase {
  const char* written;
  const char* stored;  // "" when the value must be refused
};

std::ostream& operator<<(std::ostream& out, const DateCase& c) { return out << c.written; }

class ReadsNewsroomDates : public testing::TestWithParam<DateCase> {};

TEST_P(ReadsNewsroomDates, IntoTheStoredIsoForm) {
  EXPECT_EQ(normalise_date(GetParam().written), GetParam().stored);
}

INSTANTIATE_TEST_SUITE_P(
    Iso, ReadsNewsroomDates,
    testing::Values(DateCase{"2025-03-30", "2025-03-30"}, DateCase{"  2025-03-30 ", "2025-03-30"},
                    DateCase{"2025-03-30T09:00:00", "2025-03-30T09:00:00"},
                    DateCase{"2025-03-30T09:00", "2025-03-30T09:00:00"},
                    DateCase{"2025-03-30 09:15:27", "2025-03-30T09:15:27"},
                    DateCase{"2025-03-30t09:15:27", "2025-03-30T09:15:27"},
                    DateCase{"2025-03-30T09:00:00+09:00", "2025-03-30T09:00:00+09:00"},
                    DateCase{"2025-03-30T09:00:00+0900", "2025-03-30T09:00:00+09:00"},
                    DateCase{"2025-03-30T09:00:00+09", "2025-03-30T09:00:00+09:00"},
                    DateCase{"2025-03-30T09:00:00-05:30", "2025-03-30T09:00:00-05:30"},
                    DateCase{"2025-03-30T09:00:00Z", "2025-03-30T09:00:00Z"},
                    DateCase{"2025-03-30T09:00Z", "2025-03-30T09:00:00Z"},
                    DateCase{"2025-03-30T09:00:00+00:00", "2025-03-30T09:00:00Z"},
                    DateCase{"1987-02-26T15:01:01.790", "1987-02-26T15:01:01"},
                    DateCase{"2024-03-07T08:00:00.250123456789Z", "2024-03-07T08:00:00Z"},
                    DateCase{"2024-02-29", "2024-02-29"}));

INSTANTIATE_TEST_SUITE_P(
    CompactAndSlashed, ReadsNewsroomDates,
    testing::Values(DateCase{"20250330", "2025-03-30"},
                    DateCase{"20250330T090000Z", "2025-03-30T09:00:00Z"},
                    DateCase{"20250330T0900+0900", "2025-03-30T09:00:00+09:00"},
                    DateCase{"2025/03/30", "2025-03-30"}, DateCase{"2025/3/30", "2025-03-30"},
                    DateCase{"2025/03/30 09:00", "2025-03-30T09:00:00"},
                    DateCase{"2025.03.30", "2025-03-30"}));

INSTANTIATE_TEST_SUITE_P(
    Rfc2822, ReadsNewsroomDates,
    testing::Values(DateCase{"Sun, 30 Mar 2025 09:00:00 +0900", "2025-03-30T09:00:00+09:00"},
                    DateCase{"30 Mar 2025 09:00:00 +0900", "2025-03-30T09:00:00+09:00"},
                    DateCase{"Sun, 30 Mar 2025 09:00 +0900", "2025-03-30T09:00:00+09:00"},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 GMT", "2025-03-30T09:00:00Z"},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 UT", "2025-03-30T09:00:00Z"},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 UTC", "2025-03-30T09:00:00Z"},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 EST", "2025-03-30T09:00:00-05:00"},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 PDT", "2025-03-30T09:00:00-07:00"},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 -0000", "2025-03-30T09:00:00"},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 +0000 (UTC)", "2025-03-30T09:00:00Z"},
                    DateCase{"sunday, 30 MAR 2025 09:00:00 -0430", "2025-03-30T09:00:00-04:30"},
                    DateCase{"Sun, 30 Mar 25 09:00:00 +0900", "2025-03-30T09:00:00+09:00"},
                    DateCase{"Thu, 26 Feb 87 15:01:01 GMT", "1987-02-26T15:01:01Z"},
                    DateCase{"Sun, 1 Mar 2025 09:00:60 GMT", "2025-03-01T09:00:59Z"}));

INSTANTIATE_TEST_SUITE_P(
    WrittenOut, ReadsNewsroomDates,
    testing::Values(
        DateCase{"30 March 2025", "2025-03-30"}, DateCase{"30th March 2025", "2025-03-30"},
        DateCase{"1st Mar 2025 9:05 am", "2025-03-01T09:05:00"},
        DateCase{"30 Mar 2025", "2025-03-30"}, DateCase{"30-Mar-2025", "2025-03-30"},
        DateCase{"1 September 2025", "2025-09-01"}, DateCase{"30 Sept 2025", "2025-09-30"},
        DateCase{"March 30, 2025", "2025-03-30"}, DateCase{"March 30 2025", "2025-03-30"},
        DateCase{"Mar. 30, 2025", "2025-03-30"}, DateCase{"March 30th, 2025", "2025-03-30"},
        DateCase{"Sunday, March 30, 2025", "2025-03-30"},
        DateCase{"March 30, 2025 9:05 pm", "2025-03-30T21:05:00"},
        DateCase{"March 30, 2025 at 12:30 a.m. EDT", "2025-03-30T00:30:00-04:00"},
        DateCase{"30 March 2025 18:45", "2025-03-30T18:45:00"},
        DateCase{"30 March 2025, 18:45:10 GMT", "2025-03-30T18:45:10Z"}));

INSTANTIATE_TEST_SUITE_P(
    Refused, ReadsNewsroomDates,
    testing::Values(DateCase{"", ""}, DateCase{"not a date", ""}, DateCase{"2023-02-29", ""},
                    DateCase{"2024-13-01", ""}, DateCase{"2024-04-31", ""},
                    DateCase{"05/03/2024", ""},  // day or month first: unknowable
                    DateCase{"30-03-2025", ""}, DateCase{"2024-3-5", ""},
                    DateCase{"2024-03-05T24:00:00", ""}, DateCase{"2024-03-05T09:60", ""},
                    DateCase{"2024-03-05 garbage", ""}, DateCase{"2024-03-05T09:00+25:00", ""},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 XYZ", ""},
                    DateCase{"Sun, 30 Mar 2025 09:00:00 +0900 (open", ""},
                    DateCase{"31 February 2025", ""}, DateCase{"Smarch 30, 2025", ""},
                    DateCase{"March 30", ""}, DateCase{"13:00 pm", ""},
                    DateCase{"March 30, 2025 13:00 pm", ""}, DateCase{"202503301", ""},
                    DateCase{"0000-01-01", ""}, DateCase{"2025", ""}, DateCase{"March 2025", ""},
                    DateCase{"30 Smarch", ""}, DateCase{"30th", ""}, DateCase{"2025-03-30T09", ""},
                    DateCase{"1987-03-31T605:12:19", ""}));

struct SortCase {
  const char* written;
  const char* key;
};

std::ostream& operator<<(std::ostream& out, const SortCase& c) { return out << c.written; }

class SortsByTheUtcInstant : public testing::TestWithParam<SortCase> {};

TEST_P(SortsByTheUtcInstant, WithZonesApplied) {
  EXPECT_EQ(utc_sort_key(GetParam().written).value_or(""), GetParam().key);
}

INSTANTIATE_TEST_SUITE_P(Keys, SortsByTheUtcInstant,
                         testing::Values(SortCase{"2025-03-30", "20250330000000"},
                                         SortCase{"2025-03-30T09:00:00", "20250330090000"},
                                         SortCase{"2025-03-30T09:00:00Z", "20250330090000"},
                                         SortCase{"2025-03-30T09:00:00+09:00", "20250330000000"},
                                         SortCase{"2025-03-30T08:00:00+09:00", "20250329230000"},
                                         SortCase{"2025-12-31T20:00:00-05:00", "20260101010000"},
                                         SortCase{"2024-03-01T01:00:00+02:00", "20240229230000"},
                                         SortCase{"Sun, 30 Mar 2025 09:00:00 +0900",
                                                  "20250330000000"},
                                         SortCase{"9999-12-31T23:00:00-05:00", "99991231230000"},
                                         SortCase{"not a date", ""}));

TEST(UtcSortKey, OrdersTheSameDayByTimeAndZone) {
  // Three reports of one day: Tokyo 08:00 (= 23:00 the day before in UTC), London 07:00, 09:30.
  const auto tokyo = utc_sort_key("2025-03-30T08:00:00+09:00");
  const auto london = utc_sort_key("2025-03-30T07:00:00Z");
  const auto later = utc_sort_key("2025-03-30T09:30:00");
  ASSERT_TRUE(tokyo && london && later);
  EXPECT_LT(*tokyo, *london);
  EXPECT_LT(*london, *later);
}

}  // namespace
}  // namespace kensaku
