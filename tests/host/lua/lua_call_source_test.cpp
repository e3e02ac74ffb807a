// In-memory chunks: cached per chunk name, replaced when the text changes.
#include "lua_test_support.hpp"

#include <gmock/gmock.h>

namespace sentinel::host::testing {
namespace {

using nlohmann::json;

constexpr std::string_view kCounter = "count = 0\nfunction bump() count = count + 1 return count end\n";

TEST_F(LuaEngineTest, SourceStateIsCachedPerChunkName) {
    EXPECT_EQ(engine.call_source("rules/a", kCounter, "bump", json::array()).value, 1);
    EXPECT_EQ(engine.call_source("rules/a", kCounter, "bump", json::array()).value, 2);
    EXPECT_EQ(engine.call_source("rules/b", kCounter, "bump", json::array()).value, 1)
        << "another chunk name is another state";
    EXPECT_EQ(engine.call_source("rules/a", kCounter, "bump", json::array()).value, 3);
}

TEST_F(LuaEngineTest, SourceIsReplacedWhenTheTextChanges) {
    ASSERT_EQ(engine.call_source("rules/a", kCounter, "bump", json::array()).value, 1);
    ASSERT_EQ(engine.call_source("rules/a", kCounter, "bump", json::array()).value, 2);

    const std::string replaced = "count = 100\nfunction bump() count = count + 1 return count end\n";
    EXPECT_EQ(engine.call_source("rules/a", replaced, "bump", json::array()).value, 101);
    EXPECT_EQ(engine.call_source("rules/a", replaced, "bump", json::array()).value, 102);
    EXPECT_EQ(engine.call_source("rules/a", kCounter, "bump", json::array()).value, 1)
        << "going back to the old text is a change too";
}

TEST_F(LuaEngineTest, SourceErrorsUseTheChunkName) {
    const LuaResult runtime =
        engine.call_source("rules/cpu-high", "function f()\n  error('boom')\nend\n", "f", json::array());
    const LuaResult syntax = engine.call_source("rules/broken", "function f(\n", "f", json::array());

    EXPECT_EQ(runtime.error_kind, LuaErrorKind::Runtime);
    EXPECT_EQ(runtime.error, "rules/cpu-high:2: boom");
    EXPECT_EQ(syntax.error_kind, LuaErrorKind::Load);
    EXPECT_EQ(syntax.error, "rules/broken:2: <name> or '...' expected near <eof>");
}

TEST_F(LuaEngineTest, FixedSourceReplacesACachedLoadError) {
    const LuaResult broken = engine.call_source("rules/x", "function f() return", "f", json::array());
    const LuaResult fixed = engine.call_source("rules/x", "function f() return 'ok' end", "f", json::array());

    EXPECT_EQ(broken.error_kind, LuaErrorKind::Load);
    ASSERT_TRUE(fixed.ok()) << fixed.error;
    EXPECT_EQ(fixed.value, "ok");
}

TEST_F(LuaEngineTest, SourceChunksAndFilesWithTheSameNameAreSeparate) {
    scripts.write("same.lua", "function who() return 'file' end\n");

    const LuaResult from_source =
        engine.call_source("same.lua", "function who() return 'source' end", "who", json::array());
    const LuaResult from_file = engine.call_file("same.lua", "who", json::array());

    EXPECT_EQ(from_source.value, "source");
    EXPECT_EQ(from_file.value, "file");
}

TEST_F(LuaEngineTest, SourceWithMissingFunctionIsNotFound) {
    const LuaResult result = engine.call_source("rules/empty", "", "evaluate", json::array());

    EXPECT_EQ(result.error_kind, LuaErrorKind::NotFound);
    EXPECT_EQ(result.error, "rules/empty: no global function 'evaluate' (it is nil)");
}

} // namespace
} // namespace sentinel::host::testing
