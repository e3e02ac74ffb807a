// The sandbox: what scripts can reach, what they cannot, and print().
#include "lua_test_support.hpp"

#include <gmock/gmock.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

namespace sentinel::host::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using nlohmann::json;

// One function per line, so every expected message can name its line.
constexpr std::string_view kForbiddenScript =
    "function still_working() return 'still working' end\n"                            // 1
    "function os_execute() return os.execute('true') end\n"                             // 2
    "function os_exit() os.exit(3) end\n"                                               // 3
    "function os_remove() return os.remove('/tmp/x') end\n"                             // 4
    "function os_getenv() return os.getenv('HOME') end\n"                               // 5
    "function io_open() return io.open('/etc/passwd') end\n"                            // 6
    "function call_require() return require('os') end\n"                                // 7
    "function package_loadlib() return package.loadlib('libc.so.6', 'system') end\n"    // 8
    "function string_dump() return string.dump(still_working) end\n"                   // 9
    "function method_dump() return ('x'):dump() end\n"                                  // 10
    "function debug_sethook() debug.sethook() end\n"                                    // 11
    "function call_dofile() return dofile('/etc/passwd') end\n"                         // 12
    "function call_loadfile() return loadfile('/etc/passwd') end\n"                     // 13
    "function call_collectgarbage() return collectgarbage('count') end\n"               // 14
    "local bytecode = '\\27Lua\\84\\0\\25\\147\\13\\10\\26\\10'\n"                      // 15
    "function load_bytecode() return assert(load(bytecode)) end\n"                      // 16
    "function load_bytecode_mode_b() return assert(load(bytecode, 'b', 'b')) end\n"     // 17
    "function gc_metamethod() setmetatable({}, {__gc = function() end}) end\n"          // 18
    "function call_coroutine() return coroutine.create(print) end\n";                  // 19

struct ForbiddenCase {
    const char* function;
    const char* expected_error;
};

class ForbiddenOperationTest : public LuaEngineTest,
                               public ::testing::WithParamInterface<ForbiddenCase> {};

TEST_P(ForbiddenOperationTest, FailsWithClearErrorAndEngineKeepsWorking) {
    scripts.write("sandbox/forbidden.lua", kForbiddenScript);

    const LuaResult result = engine.call_file("sandbox/forbidden.lua", GetParam().function, json::array());

    EXPECT_EQ(result.error_kind, LuaErrorKind::Runtime);
    EXPECT_EQ(result.error, GetParam().expected_error);
    const LuaResult after = engine.call_file("sandbox/forbidden.lua", "still_working", json::array());
    ASSERT_TRUE(after.ok()) << after.error;
    EXPECT_EQ(after.value, "still working");
}

INSTANTIATE_TEST_SUITE_P(
    Sandbox, ForbiddenOperationTest,
    ::testing::Values(
        ForbiddenCase{"os_execute", "sandbox/forbidden.lua:2: attempt to call a nil value (field 'execute')"},
        ForbiddenCase{"os_exit", "sandbox/forbidden.lua:3: attempt to call a nil value (field 'exit')"},
        ForbiddenCase{"os_remove", "sandbox/forbidden.lua:4: attempt to call a nil value (field 'remove')"},
        ForbiddenCase{"os_getenv", "sandbox/forbidden.lua:5: attempt to call a nil value (field 'getenv')"},
        ForbiddenCase{"io_open", "sandbox/forbidden.lua:6: attempt to index a nil value (global 'io')"},
        ForbiddenCase{"call_require", "sandbox/forbidden.lua:7: attempt to call a nil value (global 'require')"},
        ForbiddenCase{"package_loadlib", "sandbox/forbidden.lua:8: attempt to index a nil value (global 'package')"},
        ForbiddenCase{"string_dump", "sandbox/forbidden.lua:9: attempt to call a nil value (field 'dump')"},
        ForbiddenCase{"method_dump", "sandbox/forbidden.lua:10: attempt to call a nil value (method 'dump')"},
        ForbiddenCase{"debug_sethook", "sandbox/forbidden.lua:11: attempt to index a nil value (global 'debug')"},
        ForbiddenCase{"call_dofile", "sandbox/forbidden.lua:12: attempt to call a nil value (global 'dofile')"},
        ForbiddenCase{"call_loadfile", "sandbox/forbidden.lua:13: attempt to call a nil value (global 'loadfile')"},
        ForbiddenCase{"call_collectgarbage", "sandbox/forbidden.lua:14: attempt to call a nil value (global 'collectgarbage')"},
        ForbiddenCase{"load_bytecode", "sandbox/forbidden.lua:16: attempt to load a binary chunk (mode is 't')"},
        ForbiddenCase{"load_bytecode_mode_b", "sandbox/forbidden.lua:17: attempt to load a binary chunk (mode is 't')"},
        ForbiddenCase{"gc_metamethod", "sandbox/forbidden.lua:18: __gc metamethods are not allowed in the sandbox"},
        ForbiddenCase{"call_coroutine", "sandbox/forbidden.lua:19: attempt to index a nil value (global 'coroutine')"}),
    [](const ::testing::TestParamInfo<ForbiddenCase>& case_info) { return std::string(case_info.param.function); });

TEST_F(LuaEngineTest, OnlyWhitelistedGlobalsExist) {
    scripts.write("sandbox/globals.lua",
                  "function present()\n"
                  "  local names = {}\n"
                  "  for name in pairs(_G) do names[#names + 1] = name end\n"
                  "  table.sort(names)\n"
                  "  return table.concat(names, ' ')\n"
                  "end\n"
                  "function os_fields()\n"
                  "  local names = {}\n"
                  "  for name in pairs(os) do names[#names + 1] = name end\n"
                  "  table.sort(names)\n"
                  "  return table.concat(names, ' ')\n"
                  "end\n");

    const LuaResult globals = engine.call_file("sandbox/globals.lua", "present", json::array());
    const LuaResult os_fields = engine.call_file("sandbox/globals.lua", "os_fields", json::array());

    ASSERT_TRUE(globals.ok()) << globals.error;
    EXPECT_EQ(globals.value,
              "_G _VERSION assert error getmetatable ipairs load math next os os_fields pairs pcall "
              "present print rawequal rawget rawlen rawset select setmetatable string table "
              "tonumber tostring type utf8 warn xpcall");
    ASSERT_TRUE(os_fields.ok()) << os_fields.error;
    EXPECT_EQ(os_fields.value, "clock date time");
}

TEST_F(LuaEngineTest, AllowedLibrariesWork) {
    scripts.write("sandbox/allowed.lua",
                  "function use_them()\n"
                  "  return {\n"
                  "    format = string.format('%05.1f|%s', 3.14159, 'x'),\n"
                  "    upper = ('abc'):upper(),\n"
                  "    concat = table.concat({'a', 'b', 'c'}, '-'),\n"
                  "    floor = math.floor(7.9),\n"
                  "    char = utf8.char(0x263A),\n"
                  "    epoch_year = os.date('!%Y', 0),\n"
                  "    time_is_integer = math.type(os.time()) == 'integer',\n"
                  "    clock_is_number = type(os.clock()) == 'number',\n"
                  "    loaded_text = load('return 40 + 2')(),\n"
                  "    loaded_with_env = load('return x', 'env', 't', {x = 7})(),\n"
                  "    caught = select(2, pcall(error, 'inner', 0)),\n"
                  "  }\n"
                  "end\n");

    const LuaResult result = engine.call_file("sandbox/allowed.lua", "use_them", json::array());

    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.value, json::parse(R"({
        "format": "003.1|x", "upper": "ABC", "concat": "a-b-c", "floor": 7, "char": "\u263a",
        "epoch_year": "1970", "time_is_integer": true, "clock_is_number": true,
        "loaded_text": 42, "loaded_with_env": 7, "caught": "inner"})"));
}

TEST_F(LuaEngineTest, LoadIsLimitedToTextEvenWithAReaderFunction) {
    scripts.write("sandbox/reader.lua",
                  "function load_from_reader()\n"
                  "  local pieces = {'\\27Lua', 'rest'}\n"
                  "  local f, err = load(function() return table.remove(pieces, 1) end)\n"
                  "  return {loaded = f ~= nil, err = err}\n"
                  "end\n");

    const LuaResult result = engine.call_file("sandbox/reader.lua", "load_from_reader", json::array());

    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.value["loaded"], false);
    EXPECT_THAT(result.value["err"].get<std::string>(), HasSubstr("attempt to load a binary chunk"));
}

TEST_F(LuaEngineTest, PrintGoesToTheHostLogWithTheScriptName) {
    std::ostringstream log_text;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text);
    sink->set_pattern("%v");
    const auto previous_logger = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("lua-test", sink));
    scripts.write("sandbox/print.lua", "function speak() print('hello', 42, nil, true, 1.5) return 'done' end\n");

    const LuaResult result = engine.call_file("sandbox/print.lua", "speak", json::array());
    spdlog::set_default_logger(previous_logger);

    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.value, "done");
    EXPECT_THAT(log_text.str(), HasSubstr("lua sandbox/print.lua: hello\t42\tnil\ttrue\t1.5\n"));
}

TEST_F(LuaEngineTest, ScriptsDoNotShareGlobals) {
    scripts.write("a.lua", "shared = 'from a'\nfunction get() return shared end\n");
    scripts.write("b.lua", "function get() return shared end\n");

    const LuaResult from_a = engine.call_file("a.lua", "get", json::array());
    const LuaResult from_b = engine.call_file("b.lua", "get", json::array());

    ASSERT_TRUE(from_a.ok()) << from_a.error;
    EXPECT_EQ(from_a.value, "from a");
    ASSERT_TRUE(from_b.ok()) << from_b.error;
    EXPECT_TRUE(from_b.value.is_null());
}

TEST_F(LuaEngineTest, ModifiedStringMetatableStaysInItsOwnState) {
    scripts.write("a.lua", "getmetatable('').__index = {shout = function() return 'hijacked' end}\n"
                           "function shout() return ('x'):shout() end\n");
    scripts.write("b.lua", "function upper() return ('x'):upper() end\n");

    const LuaResult hijacked = engine.call_file("a.lua", "shout", json::array());
    const LuaResult normal = engine.call_file("b.lua", "upper", json::array());

    ASSERT_TRUE(hijacked.ok()) << hijacked.error;
    EXPECT_EQ(hijacked.value, "hijacked");
    ASSERT_TRUE(normal.ok()) << normal.error;
    EXPECT_EQ(normal.value, "X");
}

TEST_F(LuaEngineTest, RuntimeErrorNamesScriptAndLine) {
    scripts.write("alerts/three_of_five.lua",
                  "function evaluate(samples)\n"
                  "  local count = 0\n"
                  "  for i = 1, 5 do\n"
                  "    if samples[i].value > 90 then count = count + 1 end\n"
                  "  end\n"
                  "  return count >= 3\n"
                  "end\n");

    const LuaResult result = engine.call_file("alerts/three_of_five.lua", "evaluate",
                                              json::array({json::array({{{"value", 95}}})}));

    EXPECT_EQ(result.error_kind, LuaErrorKind::Runtime);
    EXPECT_THAT(result.error, StartsWith("alerts/three_of_five.lua:4: attempt to index a nil value"));
}

} // namespace
} // namespace sentinel::host::testing
