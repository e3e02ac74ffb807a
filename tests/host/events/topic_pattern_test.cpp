#include "events/topic_pattern.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace sentinel::host {
namespace {

struct MatchCase {
  std::string pattern;
  std::string topic;
  bool matches;
};

class TopicPatternMatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(TopicPatternMatchTest, Matches) {
  const MatchCase& c = GetParam();
  EXPECT_EQ(TopicPattern(c.pattern).matches(c.topic), c.matches)
      << "pattern '" << c.pattern << "', topic '" << c.topic << "'";
}

const MatchCase match_cases[] = {
    {"monitor.cpu", "monitor.cpu", true},
    {"monitor.cpu", "monitor.cpu.high", false},
    {"monitor.cpu", "monitor", false},
    {"monitor.cpu", "monitor.cp", false},
    {"monitor.*", "monitor.x", true},
    {"monitor.*", "monitor.x.y", true},
    {"monitor.*", "monitors.x", false},
    {"monitor.*", "monitor", false},
    {"monitor.*", "monitor.", false},
    {"monitor.*", "xmonitor.x", false},
    {"monitor.cpu.*", "monitor.cpu.high", true},
    {"monitor.cpu.*", "monitor.disk.high", false},
    {"*", "anything", true},
    {"*", "a.b.c", true},
    {"snake_case-and-dash.*", "snake_case-and-dash.9", true},
};

INSTANTIATE_TEST_SUITE_P(Table, TopicPatternMatchTest, ::testing::ValuesIn(match_cases));

TEST(TopicPatternTest, RejectsMalformedPatterns) {
  for (const std::string bad :
       {"", " ", "monitor. cpu", "monitor.cpu ", "\tmonitor", "**", "*.cpu", "monitor*",
        "monitor.*.cpu", "monitor.**", ".*", "mon*tor.x", "Monitor.cpu", "monitor/cpu"}) {
    EXPECT_THROW(TopicPattern{bad}, std::invalid_argument) << "'" << bad << "'";
  }
}

TEST(TopicPatternTest, KeepsItsText) { EXPECT_EQ(TopicPattern("monitor.*").text(), "monitor.*"); }

TEST(TopicTest, ValidTopicsUseLowercaseDigitsDotsDashesAndUnderscores) {
  EXPECT_TRUE(is_valid_topic("monitor.cpu"));
  EXPECT_TRUE(is_valid_topic("a"));
  EXPECT_TRUE(is_valid_topic("plugin-1.disk_usage.high"));
  EXPECT_FALSE(is_valid_topic(""));
  EXPECT_FALSE(is_valid_topic("Monitor"));
  EXPECT_FALSE(is_valid_topic("monitor cpu"));
  EXPECT_FALSE(is_valid_topic("monitor.*"));
  EXPECT_FALSE(is_valid_topic("*"));
  EXPECT_FALSE(is_valid_topic("émoji"));
}

}  // namespace
}  // namespace sentinel::host
