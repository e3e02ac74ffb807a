// Scripts loaded from the scripts directory: paths, reloads, listing, load errors.
#include "lua_test_support.hpp"

#include <gmock/gmock.h>

namespace sentinel::host::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using nlohmann::json;

constexpr std::string_view kCounterScript =
    "count = 0\nfunction bump() count = count + 1 return count end\n";

TEST_F(LuaEngineTest, CallsAFunctionInASubdirectoryScript) {
    scripts.write("alerts/add.lua", "function add(a, b) return a + b end\n");

    const LuaResult result = engine.call_file("alerts/add.lua", "add", json::array({2, 40}));

    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.value, 42);
    EXPECT_EQ(engine.scripts_dir(), scripts.path());
}

TEST_F(LuaEngineTest, MissingScriptOrFunctionIsNotFound) {
    scripts.write("alerts/add.lua", "function add(a, b) return a + b end\nvalue = 5\n");

    const LuaResult no_file = engine.call_file("alerts/missing.lua", "add", json::array());
    const LuaResult no_function = engine.call_file("alerts/add.lua", "subtract", json::array());
    const LuaResult not_a_function = engine.call_file("alerts/add.lua", "value", json::array());

    EXPECT_EQ(no_file.error_kind, LuaErrorKind::NotFound);
    EXPECT_THAT(no_file.error, StartsWith("script 'alerts/missing.lua' not found"));
    EXPECT_EQ(no_function.error_kind, LuaErrorKind::NotFound);
    EXPECT_EQ(no_function.error, "alerts/add.lua: no global function 'subtract' (it is nil)");
    EXPECT_EQ(not_a_function.error_kind, LuaErrorKind::NotFound);
    EXPECT_EQ(not_a_function.error, "alerts/add.lua: no global function 'value' (it is number)");
}

class PathEscapeTest : public LuaEngineTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(PathEscapeTest, IsRejectedAsBadArguments) {
    scripts.write("alerts/ok.lua", "function f() return 1 end\n");

    const LuaResult result = engine.call_file(GetParam(), "f", json::array());

    EXPECT_EQ(result.error_kind, LuaErrorKind::BadArguments) << result.error;
    EXPECT_THAT(result.error, HasSubstr("script path"));
}

INSTANTIATE_TEST_SUITE_P(Paths, PathEscapeTest,
                         ::testing::Values("../outside.lua", "/etc/passwd", "alerts/../../outside.lua",
                                           "alerts/../alerts/ok.lua", "..", "", "alerts/", "."));

TEST_F(LuaEngineTest, SymlinkLeadingOutsideIsRejected) {
    TempScriptsDir elsewhere;
    elsewhere.write("secret.lua", "function f() return 'secret' end\n");
    std::filesystem::create_symlink(elsewhere.path() / "secret.lua", scripts.path() / "link.lua");
    std::filesystem::create_directory_symlink(elsewhere.path(), scripts.path() / "linked_dir");

    const LuaResult file_link = engine.call_file("link.lua", "f", json::array());
    const LuaResult dir_link = engine.call_file("linked_dir/secret.lua", "f", json::array());

    EXPECT_EQ(file_link.error_kind, LuaErrorKind::BadArguments);
    EXPECT_EQ(file_link.error, "script path 'link.lua' resolves outside the scripts directory");
    EXPECT_EQ(dir_link.error_kind, LuaErrorKind::BadArguments);
    EXPECT_THAT(engine.list_scripts(), ::testing::IsEmpty());
}

TEST_F(LuaEngineTest, SymlinkStayingInsideIsAllowed) {
    scripts.write("real/target.lua", "function f() return 'inside' end\n");
    std::filesystem::create_symlink(scripts.path() / "real" / "target.lua", scripts.path() / "alias.lua");

    const LuaResult result = engine.call_file("alias.lua", "f", json::array());

    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.value, "inside");
}

TEST_F(LuaEngineTest, EquivalentSpellingsShareOneState) {
    scripts.write("alerts/counter.lua", kCounterScript);

    EXPECT_EQ(engine.call_file("alerts/counter.lua", "bump", json::array()).value, 1);
    EXPECT_EQ(engine.call_file("alerts/./counter.lua", "bump", json::array()).value, 2);
    EXPECT_EQ(engine.call_file("alerts//counter.lua", "bump", json::array()).value, 3);
}

TEST_F(LuaEngineTest, StateIsKeptWhileTheFileIsUnchanged) {
    scripts.write("counter.lua", kCounterScript);

    for (int expected = 1; expected <= 3; ++expected) {
        const LuaResult result = engine.call_file("counter.lua", "bump", json::array());
        ASSERT_TRUE(result.ok()) << result.error;
        EXPECT_EQ(result.value, expected);
    }
}

TEST_F(LuaEngineTest, ScriptIsReloadedWhenTheFileChanges) {
    scripts.write("version.lua", "count = 0\nfunction v() count = count + 1 return {1, count} end\n");
    ASSERT_EQ(engine.call_file("version.lua", "v", json::array()).value, json::array({1, 1}));
    ASSERT_EQ(engine.call_file("version.lua", "v", json::array()).value, json::array({1, 2}));

    // A different length changes the size even when the mtime granularity hides the rewrite.
    scripts.write("version.lua", "count = 0\nfunction v() count = count + 1 return {22, count} end -- v2\n");
    const LuaResult reloaded = engine.call_file("version.lua", "v", json::array());

    ASSERT_TRUE(reloaded.ok()) << reloaded.error;
    EXPECT_EQ(reloaded.value, json::array({22, 1}));
}

TEST_F(LuaEngineTest, BrokenRewriteIsALoadErrorUntilFixed) {
    scripts.write("rule.lua", "function f() return 'v1' end\n");
    ASSERT_TRUE(engine.call_file("rule.lua", "f", json::array()).ok());

    scripts.write("rule.lua", "function f()\n  return 'v2'\n");
    const LuaResult broken = engine.call_file("rule.lua", "f", json::array());
    const LuaResult still_broken = engine.call_file("rule.lua", "f", json::array());
    scripts.write("rule.lua", "function f() return 'v3 fixed' end\n");
    const LuaResult fixed = engine.call_file("rule.lua", "f", json::array());

    EXPECT_EQ(broken.error_kind, LuaErrorKind::Load);
    EXPECT_EQ(broken.error, "rule.lua:3: 'end' expected (to close 'function' at line 1) near <eof>");
    EXPECT_EQ(still_broken.error, broken.error);
    ASSERT_TRUE(fixed.ok()) << fixed.error;
    EXPECT_EQ(fixed.value, "v3 fixed");
}

TEST_F(LuaEngineTest, DeletedScriptIsNotFoundAndRecreatedScriptWorks) {
    scripts.write("gone.lua", "function f() return 1 end\n");
    ASSERT_TRUE(engine.call_file("gone.lua", "f", json::array()).ok());

    std::filesystem::remove(scripts.path() / "gone.lua");
    const LuaResult deleted = engine.call_file("gone.lua", "f", json::array());
    scripts.write("gone.lua", "function f() return 2 end\n");
    const LuaResult recreated = engine.call_file("gone.lua", "f", json::array());

    EXPECT_EQ(deleted.error_kind, LuaErrorKind::NotFound);
    ASSERT_TRUE(recreated.ok()) << recreated.error;
    EXPECT_EQ(recreated.value, 2);
}

TEST_F(LuaEngineTest, ErrorsNameTheScriptAndLine) {
    scripts.write("alerts/errors.lua",
                  "local function helper(t)\n"       // 1
                  "  return t.missing.field\n"       // 2
                  "end\n"                            // 3
                  "function index_nil() return helper({}) end\n" // 4
                  "function raise()\n"               // 5
                  "  error('boom')\n"                // 6
                  "end\n"                            // 7
                  "function raise_without_position() error('bare', 0) end\n"
                  "function raise_table() error({code = 7}) end\n"
                  "function raise_in_loaded_chunk() load('\\n\\nerror(\"deep\")', '=inner')() end\n");

    const LuaResult index_nil = engine.call_file("alerts/errors.lua", "index_nil", json::array());
    const LuaResult raise = engine.call_file("alerts/errors.lua", "raise", json::array());
    const LuaResult bare = engine.call_file("alerts/errors.lua", "raise_without_position", json::array());
    const LuaResult table = engine.call_file("alerts/errors.lua", "raise_table", json::array());
    const LuaResult loaded = engine.call_file("alerts/errors.lua", "raise_in_loaded_chunk", json::array());

    EXPECT_EQ(index_nil.error_kind, LuaErrorKind::Runtime);
    EXPECT_EQ(index_nil.error, "alerts/errors.lua:2: attempt to index a nil value (field 'missing')");
    EXPECT_EQ(raise.error, "alerts/errors.lua:6: boom");
    EXPECT_EQ(bare.error, "alerts/errors.lua: bare");
    EXPECT_EQ(table.error, "alerts/errors.lua: (error object is a table value)");
    EXPECT_EQ(loaded.error, "alerts/errors.lua: inner:3: deep");
}

TEST_F(LuaEngineTest, ErrorInTopLevelChunkIsALoadError) {
    scripts.write("top.lua", "local x = 1\nerror('cannot start')\n");

    const LuaResult result = engine.call_file("top.lua", "f", json::array());

    EXPECT_EQ(result.error_kind, LuaErrorKind::Load);
    EXPECT_EQ(result.error, "top.lua:2: cannot start");
}

TEST_F(LuaEngineTest, BytecodeFileIsRefused) {
    scripts.write("compiled.lua", std::string_view("\x1bLuaT\0\x19\x93\r\n\x1a\n\x04\x08\x08", 15));

    const LuaResult result = engine.call_file("compiled.lua", "f", json::array());

    EXPECT_EQ(result.error_kind, LuaErrorKind::Load);
    EXPECT_EQ(result.error, "compiled.lua: attempt to load a binary chunk (mode is 't')");
}

TEST_F(LuaEngineTest, ArgumentsMustBeAnArray) {
    scripts.write("f.lua", "function f() return 1 end\n");

    const LuaResult result = engine.call_file("f.lua", "f", json::object());

    EXPECT_EQ(result.error_kind, LuaErrorKind::BadArguments);
    EXPECT_EQ(result.error, "f.lua: arguments must be a JSON array, not object");
}

TEST_F(LuaEngineTest, ListsLuaScriptsRecursivelySorted) {
    scripts.write("zeta.lua", "");
    scripts.write("alerts/disk.lua", "");
    scripts.write("alerts/cpu.lua", "");
    scripts.write("remediation/deep/fix.lua", "");
    scripts.write("alerts/notes.txt", "");
    scripts.write("alerts/cpu.lua.bak", "");
    std::filesystem::create_directories(scripts.path() / "folder.lua");

    EXPECT_THAT(engine.list_scripts(), ElementsAre("alerts/cpu.lua", "alerts/disk.lua",
                                                   "remediation/deep/fix.lua", "zeta.lua"));
}

TEST_F(LuaEngineTest, ListsTheScriptsOfOneFolderOnly) {
    scripts.write("security/20-b.lua", "");
    scripts.write("security/10-a.lua", "");
    scripts.write("security/deep/c.lua", "");
    scripts.write("security.lua", "");
    scripts.write("securityx/d.lua", "");

    EXPECT_THAT(engine.list_scripts_in("security"), ElementsAre("security/10-a.lua", "security/20-b.lua"));
    EXPECT_THAT(engine.list_scripts_in("security/"), ElementsAre("security/10-a.lua", "security/20-b.lua"));
    EXPECT_THAT(engine.list_scripts_in("security/deep"), ElementsAre("security/deep/c.lua"));
    EXPECT_THAT(engine.list_scripts_in("absent"), ::testing::IsEmpty());
}

TEST_F(LuaEngineTest, ListingRefusesFoldersOutsideTheScriptsDirectory) {
    EXPECT_THROW(engine.list_scripts_in(""), std::invalid_argument);
    EXPECT_THROW(engine.list_scripts_in("/etc"), std::invalid_argument);
    EXPECT_THROW(engine.list_scripts_in("../outside"), std::invalid_argument);
    EXPECT_THROW(engine.list_scripts_in("security/../../x"), std::invalid_argument);
}

TEST(LuaEngineMissingDirectory, ListsNothingAndReportsNotFound) {
    LuaEngine engine{std::filesystem::temp_directory_path() / "sentinel-lua-test-no-such-dir",
                     test_limits()};

    EXPECT_THAT(engine.list_scripts(), ::testing::IsEmpty());
    EXPECT_EQ(engine.call_file("a.lua", "f", json::array()).error_kind, LuaErrorKind::NotFound);
}

} // namespace
} // namespace sentinel::host::testing
