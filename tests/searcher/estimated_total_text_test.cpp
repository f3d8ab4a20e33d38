// Tests of how the text output states the count (issue 14, item 12): an estimated total reads as
// an estimate ("of about N", with its bounds), an exact one as a count; the JSON is unchanged.
#include <gtest/gtest.h>

#include <sstream>

#include "searcher/cli/result_printer.h"

namespace kensaku {
namespace {

SearchResponse response_with(std::size_t total, bool exact, std::size_t hits) {
  SearchResponse response;
  response.query = "oil price";
  response.total = total;
  response.total_exact = exact;
  response.total_lower = exact ? total : total / 2;
  response.total_upper = exact ? total : total * 2;
  for (std::size_t i = 1; i <= hits; ++i) {
    Hit hit;
    hit.rank = i;
    hit.id = "news/" + std::to_string(i) + ".txt";
    hit.title = "Story " + std::to_string(i);
    response.hits.push_back(hit);
  }
  return response;
}

std::string text_of(const SearchResponse& response) {
  std::ostringstream out;
  make_text_printer(false)->print(response, out);
  return out.str();
}

TEST(EstimatedTotalText, AnEstimatedTotalIsShownAsAboutNWithItsBounds) {
  for (std::size_t total : {25001u, 43560u, 1000000u}) {
    std::string text = text_of(response_with(total, false, 10));
    std::string expected = "Showing 1-10 of about " + std::to_string(total) +
                           " articles (an estimate: " + std::to_string(total / 2) + " to " +
                           std::to_string(total * 2) + ") matching 'oil price'.";
    EXPECT_NE(text.find(expected), std::string::npos) << text;
  }
}

TEST(EstimatedTotalText, AnExactTotalIsShownAsACountWithoutAbout) {
  for (std::size_t total : {1u, 10u, 339u, 25000u}) {
    std::string text = text_of(response_with(total, true, total < 10 ? total : 10));
    EXPECT_EQ(text.find("about"), std::string::npos) << text;
    EXPECT_NE(text.find(" of " + std::to_string(total) + (total == 1 ? " article " : " articles ")),
              std::string::npos)
        << text;
  }
}

TEST(EstimatedTotalText, APagePastTheEndOfAnEstimateSaysAbout) {
  std::string text = text_of(response_with(43560, false, 0));
  EXPECT_NE(text.find("No more results (about 43560 articles (an estimate: 21780 to 87120) match"),
            std::string::npos)
      << text;
  EXPECT_NE(text_of(response_with(1, true, 0)).find("No more results (1 article matches"),
            std::string::npos);
}

TEST(EstimatedTotalText, TheJsonOfAnEstimateKeepsItsFieldsAndNoWording) {
  std::string json = response_to_json(response_with(43560, false, 1));
  EXPECT_NE(json.find("\"total\":43560"), std::string::npos) << json;
  EXPECT_NE(json.find("\"total_exact\":false"), std::string::npos) << json;
  EXPECT_NE(json.find("\"total_bounds\":[21780,87120]"), std::string::npos) << json;
  EXPECT_EQ(json.find("about"), std::string::npos) << json;
}

}  // namespace
}  // namespace kensaku
