#include "lua_rule_contract.hpp"
#include "lua_rules.hpp"
#include "sample_entries.hpp"

#include <sentinel/sdk/testing/mocks.hpp>

#include <gmock/gmock.h>

#include <cmath>
#include <limits>

namespace sentinel::security {
namespace {

using nlohmann::json;
using ::testing::_;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::InSequence;
using ::testing::Invoke;
using ::testing::IsEmpty;
using ::testing::Return;
using ::testing::SizeIs;
using ::testing::Throw;

constexpr std::int64_t kNow = 1'800'000'000'000;

LogEntry sample_entry() { return testing::sample_entry(); }

Analysis scored(int score) { return testing::sql_injection_analysis(score); }

sdk::ScriptError script_error(const std::string& text) { return sdk::ScriptError(SNL_ERR, text); }

// ---- the contract -------------------------------------------------------------------------

TEST(RuleArguments, EntryAndAnalysisAsTheContractDescribes) {
    const json args = rule_arguments("acme", sample_entry(), scored(85));
    ASSERT_TRUE(args.is_array());
    ASSERT_EQ(args.size(), 2u);
    EXPECT_EQ(args[0], (json{{"source", "Nginx Gateway"}, {"event_id", 90210}, {"severity_level", "WARNING"},
                             {"message", "GET /?id=1' OR 1=1"}, {"metadata", {{"ip", "45.22.19.11"}}},
                             {"tenant", "acme"}}));
    EXPECT_EQ(args[1]["score"], 85);
    EXPECT_EQ(args[1]["severity"], "HIGH");
    EXPECT_EQ(args[1]["summary"], "SQL injection pattern");
    EXPECT_EQ(args[1]["prevention_measures"], "Use parameterised queries");
    EXPECT_EQ(args[1]["findings"],
              json::array({{{"detector", "sql_injection"}, {"score", 85}, {"summary", "SQL injection pattern"}}}));
}

TEST(RuleAnswer, NilChangesNothing) {
    Analysis a = scored(85);
    EXPECT_THAT(apply_rule_answer(json(), a), IsEmpty());
    EXPECT_EQ(a.score, 85);
    EXPECT_EQ(a.summary, "SQL injection pattern");
}

TEST(RuleAnswer, AbsoluteScoreThenAdjustAndSeverityFollows) {
    Analysis a = scored(85);
    EXPECT_THAT(apply_rule_answer(json{{"score", 30}, {"adjust", 15}}, a), IsEmpty());
    EXPECT_EQ(a.score, 45);
    EXPECT_EQ(a.severity, Severity::Medium);

    EXPECT_THAT(apply_rule_answer(json{{"adjust", -10.4}}, a), IsEmpty());
    EXPECT_EQ(a.score, 35);
    EXPECT_EQ(a.severity, Severity::Low);
}

TEST(RuleAnswer, ScoreIsClampedTo0Through100) {
    Analysis a = scored(50);
    apply_rule_answer(json{{"adjust", 500}}, a);
    EXPECT_EQ(a.score, 100);
    EXPECT_EQ(a.severity, Severity::Critical);
    apply_rule_answer(json{{"score", -20}}, a);
    EXPECT_EQ(a.score, 0);
    EXPECT_EQ(a.severity, Severity::Low);
}

TEST(RuleAnswer, NonFiniteOrNonNumericScoresAreIgnoredAndReported) {
    Analysis a = scored(50);
    const auto problems = apply_rule_answer(
        json{{"score", std::numeric_limits<double>::quiet_NaN()}, {"adjust", "10"}}, a);
    EXPECT_EQ(a.score, 50);
    EXPECT_THAT(problems, ElementsAre(HasSubstr("score must be a finite number"),
                                      HasSubstr("adjust must be a number, got string")));
}

TEST(RuleAnswer, TextsReplaceAndAppendWithSeparator) {
    Analysis a = scored(50);
    EXPECT_THAT(apply_rule_answer(json{{"summary", "Known pentest"}, {"append_summary", "internal scanner"},
                                       {"append_prevention", "Ignore during the test window"}},
                                  a),
                IsEmpty());
    EXPECT_EQ(a.summary, "Known pentest; internal scanner");
    EXPECT_EQ(a.prevention_measures, "Use parameterised queries; Ignore during the test window");

    apply_rule_answer(json{{"prevention_measures", ""}, {"append_prevention", "Page on-call"}}, a);
    EXPECT_EQ(a.prevention_measures, "Page on-call"); // nothing to separate from
}

TEST(RuleAnswer, OverlongTextIsIgnoredNotTruncated) {
    Analysis a = scored(50);
    const auto problems = apply_rule_answer(json{{"summary", std::string(kMaxRuleTextBytes + 1, 'x')},
                                                 {"append_prevention", std::string(kMaxRuleTextBytes, 'y')}},
                                            a);
    EXPECT_EQ(a.summary, "SQL injection pattern");
    EXPECT_EQ(a.prevention_measures.size(), std::string("Use parameterised queries; ").size() + kMaxRuleTextBytes);
    EXPECT_THAT(problems, ElementsAre(HasSubstr("summary is longer than 2000 bytes")));
}

TEST(RuleAnswer, AppendsStopAtTheAnalysisTextLimit) {
    Analysis a = scored(50);
    const json append = {{"append_summary", std::string(kMaxRuleTextBytes, 'z')}};
    std::vector<std::string> problems;
    for (int i = 0; i < 10 && problems.empty(); ++i) problems = apply_rule_answer(append, a);
    EXPECT_LE(a.summary.size(), kMaxAnalysisTextBytes);
    EXPECT_THAT(problems, ElementsAre(HasSubstr("append_summary would make the text longer")));
}

TEST(RuleAnswer, UnknownFieldsAndWrongTypesAreReportedValidPartsStillApply) {
    Analysis a = scored(50);
    const auto problems = apply_rule_answer(json{{"scroe", 1}, {"summary", 7}, {"adjust", 5}}, a);
    EXPECT_EQ(a.score, 55);
    EXPECT_EQ(a.summary, "SQL injection pattern");
    EXPECT_THAT(problems, ElementsAre(HasSubstr("unknown field 'scroe'"), HasSubstr("summary must be a string")));
}

TEST(RuleAnswer, NonTableAnswerIsReported) {
    for (const json& answer : {json(42), json("raise"), json(true), json::array({1, 2})}) {
        Analysis a = scored(50);
        EXPECT_THAT(apply_rule_answer(answer, a), ElementsAre(HasSubstr("must return nil or a table"))) << answer;
        EXPECT_EQ(a.score, 50);
    }
}

// ---- running the rules ----------------------------------------------------------------------

class LuaRulesTest : public ::testing::Test {
protected:
    void SetUp() override { ON_CALL(host.clock, now_ms()).WillByDefault(Invoke([this] { return now; })); }

    sdk::testing::MockHost host;
    sdk::HostServices services = host.services();
    std::int64_t now = kNow;
};

TEST_F(LuaRulesTest, AdminScriptsInOrderThenTheTenantsEachSeeingThePreviousResult) {
    EXPECT_CALL(host.scripts, list(std::string_view("security")))
        .WillOnce(Return(std::vector<std::string>{"security/10-a.lua", "security/20-b.lua"}));
    {
        InSequence order;
        EXPECT_CALL(host.scripts, call_file(std::string_view("security/10-a.lua"), std::string_view("score"), _))
            .WillOnce(Invoke([](auto, auto, const json& args) {
                EXPECT_EQ(args[0]["tenant"], "acme");
                EXPECT_EQ(args[1]["score"], 85);
                return json{{"adjust", -40}};
            }));
        EXPECT_CALL(host.scripts, call_file(std::string_view("security/20-b.lua"), std::string_view("score"), _))
            .WillOnce(Invoke([](auto, auto, const json& args) {
                EXPECT_EQ(args[1]["score"], 45);
                EXPECT_EQ(args[1]["severity"], "MEDIUM");
                return json{{"append_summary", "from b"}};
            }));
        EXPECT_CALL(host.scripts, call_source(std::string_view("tenant-rule:acme"),
                                              std::string_view("function score() end"), std::string_view("score"), _))
            .WillOnce(Invoke([](auto, auto, auto, const json& args) {
                EXPECT_EQ(args[1]["summary"], "SQL injection pattern; from b");
                return json{{"adjust", 50}};
            }));
    }
    LuaRules rules(services);
    Analysis a = scored(85);
    rules.apply("acme", "function score() end", sample_entry(), a);
    EXPECT_EQ(a.score, 95);
    EXPECT_EQ(a.severity, Severity::Critical);
    EXPECT_EQ(a.summary, "SQL injection pattern; from b");
}

TEST_F(LuaRulesTest, UsesTheConfiguredAdminFolderAndSkipsAnEmptyTenantRule) {
    EXPECT_CALL(host.scripts, list(std::string_view("custom"))).WillOnce(Return(std::vector<std::string>{}));
    EXPECT_CALL(host.scripts, call_file(_, _, _)).Times(0);
    EXPECT_CALL(host.scripts, call_source(_, _, _, _)).Times(0);
    LuaRules rules(services, "custom");
    Analysis a = scored(85);
    rules.apply("acme", "", sample_entry(), a);
    EXPECT_EQ(a.score, 85);
}

TEST_F(LuaRulesTest, AFailingScriptIsSkippedAndTheOthersStillRun) {
    ON_CALL(host.scripts, list(_)).WillByDefault(Return(std::vector<std::string>{"security/10-bad.lua", "security/20-ok.lua"}));
    EXPECT_CALL(host.scripts, call_file(std::string_view("security/10-bad.lua"), _, _))
        .WillOnce(Throw(script_error("security/10-bad.lua:3: attempt to index a nil value")));
    EXPECT_CALL(host.scripts, call_file(std::string_view("security/20-ok.lua"), _, _)).WillOnce(Return(json{{"score", 12}}));
    EXPECT_CALL(host.log, log(sdk::LogLevel::Warn, AllOf(HasSubstr("security/10-bad.lua"), HasSubstr("attempt to index"))));
    LuaRules rules(services);
    Analysis a = scored(85);
    rules.apply("acme", "", sample_entry(), a);
    EXPECT_EQ(a.score, 12);
    EXPECT_EQ(a.severity, Severity::Low);
}

TEST_F(LuaRulesTest, ScriptErrorsAreLoggedOnceAMinutePerScript) {
    ON_CALL(host.scripts, list(_)).WillByDefault(Return(std::vector<std::string>{"security/10-bad.lua"}));
    ON_CALL(host.scripts, call_file(_, _, _)).WillByDefault(Throw(script_error("instruction limit exceeded")));
    ON_CALL(host.scripts, call_source(_, _, _, _)).WillByDefault(Throw(script_error("syntax error")));
    std::vector<std::string> warnings;
    EXPECT_CALL(host.log, log(sdk::LogLevel::Warn, _)).WillRepeatedly(Invoke([&](auto, std::string_view m) {
        warnings.emplace_back(m);
    }));
    LuaRules rules(services);
    for (int i = 0; i < 5; ++i) {
        Analysis a = scored(85);
        rules.apply("acme", "broken(", sample_entry(), a);
        EXPECT_EQ(a.score, 85);
        now += 1000;
    }
    ASSERT_THAT(warnings, SizeIs(2)); // the admin script and the tenant's, once each
    EXPECT_THAT(warnings[0], HasSubstr("security/10-bad.lua"));
    EXPECT_THAT(warnings[1], HasSubstr("tenant-rule:acme"));

    now = kNow + 61'000;
    Analysis a = scored(85);
    rules.apply("acme", "broken(", sample_entry(), a);
    EXPECT_THAT(warnings, SizeIs(4));
}

TEST_F(LuaRulesTest, InvalidAnswersAreLoggedWithTheScriptName) {
    ON_CALL(host.scripts, list(_)).WillByDefault(Return(std::vector<std::string>{}));
    EXPECT_CALL(host.scripts, call_source(_, _, _, _)).WillOnce(Return(json{{"scor", 5}, {"adjust", 10}}));
    EXPECT_CALL(host.log, log(sdk::LogLevel::Warn, AllOf(HasSubstr("tenant-rule:acme"), HasSubstr("unknown field 'scor'"))));
    LuaRules rules(services);
    Analysis a = scored(50);
    rules.apply("acme", "function score() return {scor = 5, adjust = 10} end", sample_entry(), a);
    EXPECT_EQ(a.score, 60);
}

TEST_F(LuaRulesTest, TheAdminFolderIsListedAgainOnlyAfterTenSeconds) {
    EXPECT_CALL(host.scripts, list(_))
        .WillOnce(Return(std::vector<std::string>{}))
        .WillOnce(Return(std::vector<std::string>{"security/30-new.lua"}));
    EXPECT_CALL(host.scripts, call_file(std::string_view("security/30-new.lua"), _, _)).WillOnce(Return(json()));
    LuaRules rules(services);
    Analysis a = scored(50);
    rules.apply("acme", "", sample_entry(), a);
    now += 9'999;
    rules.apply("acme", "", sample_entry(), a);
    now += 1;
    rules.apply("acme", "", sample_entry(), a);
}

TEST_F(LuaRulesTest, AHostWithoutListingStillRunsTheTenantRule) {
    EXPECT_CALL(host.scripts, list(_)).WillOnce(Throw(sdk::HostError(SNL_ERR_UNSUPPORTED, "needs API 1.3")));
    EXPECT_CALL(host.scripts, call_source(_, _, _, _)).WillOnce(Return(json{{"score", 1}}));
    EXPECT_CALL(host.log, log(sdk::LogLevel::Warn, HasSubstr("needs API 1.3")));
    LuaRules rules(services);
    Analysis a = scored(50);
    rules.apply("acme", "function score() return {score = 1} end", sample_entry(), a);
    EXPECT_EQ(a.score, 1);
}

TEST_F(LuaRulesTest, CheckAcceptsAWorkingRule) {
    EXPECT_CALL(host.scripts, call_source(std::string_view("tenant-rule-check:acme"), _, std::string_view("score"), _))
        .WillOnce(Invoke([](auto, auto, auto, const json& args) {
            EXPECT_EQ(args[0]["source"], "Nginx Gateway");
            EXPECT_EQ(args[1]["severity"], "HIGH");
            return json{{"adjust", -5}};
        }));
    LuaRules rules(services);
    EXPECT_EQ(rules.check("acme", "function score(e, a) return {adjust = -5} end"), std::nullopt);
}

TEST_F(LuaRulesTest, CheckReportsTheLuaError) {
    EXPECT_CALL(host.scripts, call_source(_, _, _, _))
        .WillOnce(Throw(script_error("[string \"tenant-rule-check:acme\"]:1: unexpected symbol near '('")));
    LuaRules rules(services);
    const auto problem = rules.check("acme", "(");
    ASSERT_TRUE(problem);
    EXPECT_THAT(*problem, HasSubstr("unexpected symbol"));
}

TEST_F(LuaRulesTest, CheckReportsAnInvalidAnswer) {
    EXPECT_CALL(host.scripts, call_source(_, _, _, _)).WillOnce(Return(json("high")));
    LuaRules rules(services);
    const auto problem = rules.check("acme", "function score() return 'high' end");
    ASSERT_TRUE(problem);
    EXPECT_THAT(*problem, HasSubstr("must return nil or a table"));
}

TEST_F(LuaRulesTest, CheckRefusesAnOversizedRuleWithoutRunningIt) {
    EXPECT_CALL(host.scripts, call_source(_, _, _, _)).Times(0);
    LuaRules rules(services);
    const auto problem = rules.check("acme", std::string(kMaxTenantRuleBytes + 1, '-'));
    ASSERT_TRUE(problem);
    EXPECT_THAT(*problem, HasSubstr("larger than 64 KiB"));
}

} // namespace
} // namespace sentinel::security
