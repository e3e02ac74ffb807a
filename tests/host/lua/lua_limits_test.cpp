// Instruction budget and memory cap: runaway scripts are stopped, the state is rebuilt after.
#include "lua_test_support.hpp"

#include <gmock/gmock.h>

namespace sentinel::host::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using nlohmann::json;

constexpr std::string_view kRunawayScript =
    "count = 0\n"                                                                     // 1
    "function bump() count = count + 1 return count end\n"                            // 2
    "function spin() while true do end end\n"                                         // 3
    "function spin_inside_pcall()\n"                                                  // 4
    "  while true do pcall(function() while true do end end) end\n"                   // 5
    "end\n"                                                                           // 6
    "function big_string() return #string.rep('x', 1e9) end\n"                        // 7
    "function growing_table() local t = {} for i = 1, 1e9 do t[i] = i end end\n"      // 8
    "function doubling_string() local s = 'x' while true do s = s .. s end end\n"     // 9
    "function caught_allocation() return select(2, pcall(string.rep, 'x', 1e9)) end\n" // 10
    "function busy(n) local x = 0 for i = 1, n do x = x + i end return x end\n";      // 11

class LuaLimitsTest : public ::testing::Test {
protected:
    LuaLimitsTest() { scripts.write("limits/runaway.lua", kRunawayScript); }

    LuaResult call(LuaEngine& engine, const std::string& function, json args = json::array()) {
        return engine.call_file("limits/runaway.lua", function, args);
    }

    TempScriptsDir scripts;
    LuaEngine engine{scripts.path(), LuaLimits{1'000'000, 4u << 20}};
};

TEST_F(LuaLimitsTest, InfiniteLoopIsStoppedWithInstructionLimit) {
    const LuaResult result = call(engine, "spin");

    EXPECT_EQ(result.error_kind, LuaErrorKind::InstructionLimit);
    EXPECT_EQ(result.error, "limits/runaway.lua:3: instruction limit of 1000000 exceeded");
}

TEST_F(LuaLimitsTest, PcallInTheScriptCannotSwallowTheInstructionLimit) {
    const LuaResult result = call(engine, "spin_inside_pcall");

    EXPECT_EQ(result.error_kind, LuaErrorKind::InstructionLimit);
    EXPECT_EQ(result.error, "limits/runaway.lua:5: instruction limit of 1000000 exceeded");
}

TEST_F(LuaLimitsTest, StateIsRebuiltAfterInstructionLimit) {
    ASSERT_EQ(call(engine, "bump").value, 1);
    ASSERT_EQ(call(engine, "bump").value, 2);

    ASSERT_EQ(call(engine, "spin").error_kind, LuaErrorKind::InstructionLimit);
    const LuaResult after = call(engine, "bump");

    ASSERT_TRUE(after.ok()) << after.error;
    EXPECT_EQ(after.value, 1) << "the old state should have been discarded";
}

TEST_F(LuaLimitsTest, BudgetIsPerCall) {
    // Two instructions per iteration (ADD, FORLOOP): each call uses well over half the budget.
    for (int i = 0; i < 4; ++i) {
        const LuaResult result = call(engine, "busy", json::array({300'000}));
        ASSERT_TRUE(result.ok()) << "call " << i << ": " << result.error;
        EXPECT_EQ(result.value, 300'000LL * 300'001 / 2);
    }
    EXPECT_EQ(call(engine, "busy", json::array({1'000'000})).error_kind, LuaErrorKind::InstructionLimit);
}

TEST_F(LuaLimitsTest, HugeStringIsStoppedWithMemoryLimit) {
    const LuaResult result = call(engine, "big_string");

    EXPECT_EQ(result.error_kind, LuaErrorKind::MemoryLimit);
    EXPECT_EQ(result.error, "limits/runaway.lua: not enough memory (memory limit of 4194304 bytes)");
}

TEST_F(LuaLimitsTest, GrowingTableIsStoppedWithMemoryLimitAndNextCallWorks) {
    LuaEngine generous_budget{scripts.path(), LuaLimits{1'000'000'000, 4u << 20}};
    ASSERT_EQ(call(generous_budget, "bump").value, 1);

    const LuaResult result = call(generous_budget, "growing_table");
    const LuaResult after = call(generous_budget, "bump");

    EXPECT_EQ(result.error_kind, LuaErrorKind::MemoryLimit);
    EXPECT_THAT(result.error, HasSubstr("not enough memory"));
    ASSERT_TRUE(after.ok()) << after.error;
    EXPECT_EQ(after.value, 1) << "the old state should have been discarded";
}

TEST_F(LuaLimitsTest, DoublingStringIsStoppedWithMemoryLimit) {
    LuaEngine generous_budget{scripts.path(), LuaLimits{1'000'000'000, 4u << 20}};

    EXPECT_EQ(call(generous_budget, "doubling_string").error_kind, LuaErrorKind::MemoryLimit);
    EXPECT_TRUE(call(generous_budget, "bump").ok());
}

TEST_F(LuaLimitsTest, ScriptMayCatchARefusedAllocationItself) {
    ASSERT_EQ(call(engine, "bump").value, 1);

    const LuaResult result = call(engine, "caught_allocation");

    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.value, "not enough memory");
    EXPECT_EQ(call(engine, "bump").value, 2) << "a handled error keeps the state";
}

TEST_F(LuaLimitsTest, TopLevelChunkIsLimitedOnLoadAndRetriedAfterTheFix) {
    scripts.write("limits/top_level.lua", "while true do end\n");
    const LuaResult looping = engine.call_file("limits/top_level.lua", "f", json::array());
    scripts.write("limits/top_level.lua", "local t = {}\nfor i = 1, 1e9 do t[i] = i end\n");
    LuaEngine generous_budget{scripts.path(), LuaLimits{1'000'000'000, 4u << 20}};
    const LuaResult hungry = generous_budget.call_file("limits/top_level.lua", "f", json::array());
    scripts.write("limits/top_level.lua", "function f() return 'fixed' end\n");
    const LuaResult fixed = engine.call_file("limits/top_level.lua", "f", json::array());

    EXPECT_EQ(looping.error_kind, LuaErrorKind::InstructionLimit);
    EXPECT_EQ(looping.error, "limits/top_level.lua:1: instruction limit of 1000000 exceeded");
    EXPECT_EQ(hungry.error_kind, LuaErrorKind::MemoryLimit);
    ASSERT_TRUE(fixed.ok()) << fixed.error;
    EXPECT_EQ(fixed.value, "fixed");
}

TEST_F(LuaLimitsTest, TopLevelLimitIsRetriedOnEveryCall) {
    const std::string looping = "while true do end\n";

    const LuaResult first = engine.call_source("rules/looping", looping, "f", json::array());
    const LuaResult second = engine.call_source("rules/looping", looping, "f", json::array());

    EXPECT_EQ(first.error_kind, LuaErrorKind::InstructionLimit);
    EXPECT_EQ(second.error_kind, LuaErrorKind::InstructionLimit);
}

TEST_F(LuaLimitsTest, MemoryCapTooSmallForAStateIsReported) {
    LuaEngine starved{scripts.path(), LuaLimits{1'000'000, 1024}};

    const LuaResult result = call(starved, "bump");

    EXPECT_EQ(result.error_kind, LuaErrorKind::MemoryLimit);
    EXPECT_THAT(result.error, StartsWith("limits/runaway.lua: not enough memory to create a Lua state"));
}

} // namespace
} // namespace sentinel::host::testing
