// Values crossing between JSON and Lua.
#include "lua_test_support.hpp"

#include <gmock/gmock.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace sentinel::host::testing {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

constexpr std::string_view kJsonScript = R"lua(
function echo(value) return value end
function echo_all(...) return ... end
function nothing() end
function types(...)
  local result = {}
  for i = 1, select('#', ...) do
    local value = select(i, ...)
    result[i] = math.type(value) or type(value)
  end
  return result
end
function lengths(s) return {bytes = #s, code_points = utf8.len(s)} end
function count_args(...) return select('#', ...) end
function empty() return {} end
function sparse() return {'a', nil, 'c'} end
function mixed() return {10, 20, name = 'x'} end
function number_keys() return {[1.5] = 'a', [-2] = 'b'} end
function colliding_keys() return {[1] = 'number', ['1'] = 'string'} end
function a_function() return print end
function nan() return 0/0 end
function inf() return math.huge end
function cyclic() local t = {} t.self = t return t end
function nested(depth) local t = {} for _ = 2, depth do t = {t} end return t end
function boolean_key() return {[true] = 1} end
function bad_utf8() return '\xff\xfe' end
function integral_float() return 2.0 end
)lua";

class LuaJsonTest : public LuaEngineTest {
protected:
    LuaResult call(const std::string& function, const json& args = json::array()) {
        return engine.call_source("json_test", kJsonScript, function, args);
    }
    json returned(const std::string& function, const json& args = json::array()) {
        const LuaResult result = call(function, args);
        EXPECT_TRUE(result.ok()) << function << ": " << result.error;
        return result.value;
    }
};

TEST_F(LuaJsonTest, NestedObjectsAndArraysRoundTrip) {
    const json value = json::parse(R"({
        "name": "disk", "enabled": true, "disabled": false,
        "tags": ["a", "b", ["c", {"deep": [1, 2, 3]}]],
        "limits": {"warn": 80, "crit": 95.5, "negative": -7},
        "unicode": "h\u00e9llo \u2713"})");

    EXPECT_EQ(returned("echo", json::array({value})), value);
}

TEST_F(LuaJsonTest, IntegersStayIntegersAndFloatsStayFloats) {
    EXPECT_EQ(returned("types", json::parse(R"([1, 1.5, 2.0, -3, 9007199254740993, "s", true, {}])")),
              json::parse(R"(["integer", "float", "float", "integer", "integer", "string", "boolean", "table"])"));

    const json echoed = returned("echo", json::parse(R"([[1, 2.0, 9007199254740993, -1]])"));
    ASSERT_EQ(echoed.size(), 4u);
    EXPECT_TRUE(echoed[0].is_number_integer());
    EXPECT_TRUE(echoed[1].is_number_float());
    EXPECT_EQ(echoed[1].dump(), "2.0");
    EXPECT_EQ(echoed[2].get<std::int64_t>(), 9007199254740993) << "no detour through double";
    EXPECT_EQ(echoed[3], -1);
    EXPECT_TRUE(returned("integral_float").is_number_float());
}

TEST_F(LuaJsonTest, LargestIntegersSurvive) {
    const json extremes = json::array({std::numeric_limits<std::int64_t>::max(),
                                       std::numeric_limits<std::int64_t>::min()});
    EXPECT_EQ(returned("echo", json::array({extremes})), extremes);
}

TEST_F(LuaJsonTest, StringsKeepNulBytesAndUtf8) {
    const std::string with_nul("a\0b", 3);
    const std::string utf8 = "h\xc3\xa9llo \xe2\x9c\x93";

    EXPECT_EQ(returned("echo", json::array({with_nul})).get<std::string>(), with_nul);
    EXPECT_EQ(returned("lengths", json::array({with_nul})), json::parse(R"({"bytes": 3, "code_points": 3})"));
    EXPECT_EQ(returned("echo", json::array({utf8})), utf8);
    EXPECT_EQ(returned("lengths", json::array({utf8})), json::parse(R"({"bytes": 10, "code_points": 7})"));
}

TEST_F(LuaJsonTest, NullBecomesNilAndNoReturnValueIsNull) {
    EXPECT_TRUE(returned("echo", json::array({nullptr})).is_null());
    EXPECT_TRUE(returned("nothing").is_null());
    EXPECT_TRUE(returned("echo").is_null()) << "a missing argument is nil too";
    EXPECT_EQ(returned("count_args", json::array({1, nullptr, 3})), 3);
    EXPECT_EQ(returned("echo", json::parse(R"([{"kept": 1, "dropped": null}])")), json::parse(R"({"kept": 1})"))
        << "a null member becomes a nil field, which does not exist";
}

TEST_F(LuaJsonTest, OnlyTheFirstReturnValueIsKept) {
    EXPECT_EQ(returned("echo_all", json::array({"first", "second"})), "first");
}

TEST_F(LuaJsonTest, EmptyTableIsAnEmptyObject) {
    EXPECT_EQ(returned("empty"), json::object());
    EXPECT_EQ(returned("echo", json::array({json::array()})), json::object()) << "documented: [] comes back as {}";
}

TEST_F(LuaJsonTest, TablesThatAreNotSequencesBecomeObjectsWithStringKeys) {
    EXPECT_EQ(returned("sparse"), json::parse(R"({"1": "a", "3": "c"})"));
    EXPECT_EQ(returned("mixed"), json::parse(R"({"1": 10, "2": 20, "name": "x"})"));
    EXPECT_EQ(returned("number_keys"), json::parse(R"({"1.5": "a", "-2": "b"})"));
}

TEST_F(LuaJsonTest, UnconvertibleResultsAreRuntimeErrors) {
    struct Case {
        const char* function;
        const char* expected;
    };
    for (const Case& c : {Case{"a_function", "json_test: result of 'a_function': cannot convert function to JSON"},
                          Case{"nan", "json_test: result of 'nan': cannot convert nan to JSON"},
                          Case{"inf", "json_test: result of 'inf': cannot convert inf to JSON"},
                          Case{"boolean_key", "cannot convert a table key of type boolean to JSON"},
                          Case{"bad_utf8", "cannot convert a string that is not valid UTF-8 to JSON"},
                          Case{"colliding_keys", "two keys that both become \"1\""},
                          Case{"cyclic", "nested deeper than 64 levels"}}) {
        const LuaResult result = call(c.function);
        EXPECT_EQ(result.error_kind, LuaErrorKind::Runtime) << c.function;
        EXPECT_THAT(result.error, HasSubstr(c.expected)) << c.function;
        EXPECT_TRUE(call("nothing").ok()) << "engine still works after " << c.function;
    }
}

TEST_F(LuaJsonTest, ResultNestingIsLimitedTo64Levels) {
    const LuaResult at_limit = call("nested", json::array({64}));
    const LuaResult too_deep = call("nested", json::array({65}));

    ASSERT_TRUE(at_limit.ok()) << at_limit.error;
    EXPECT_EQ(too_deep.error_kind, LuaErrorKind::Runtime);
    EXPECT_THAT(too_deep.error, HasSubstr("nested deeper than 64 levels"));
}

// `depth` arrays inside each other around a 1.
json nested_arrays(int depth) {
    json value = json::array({1});
    for (int i = 1; i < depth; ++i) {
        value = json::array({value});
    }
    return value;
}

TEST_F(LuaJsonTest, ArgumentNestingIsLimitedTo64Levels) {
    const json at_limit = nested_arrays(64);

    const LuaResult accepted = call("echo", json::array({at_limit}));
    const LuaResult refused = call("echo", json::array({nested_arrays(65)}));

    ASSERT_TRUE(accepted.ok()) << accepted.error;
    EXPECT_EQ(accepted.value, at_limit);
    EXPECT_EQ(refused.error_kind, LuaErrorKind::BadArguments);
    EXPECT_EQ(refused.error, "json_test: arguments nest deeper than 64 levels");
}

TEST_F(LuaJsonTest, ArgumentsMustBeAnArrayOfConvertibleValues) {
    const LuaResult object_args = call("echo", json::object({{"a", 1}}));
    const LuaResult scalar_args = call("echo", 5);
    const LuaResult huge_unsigned = call("echo", json::array({std::numeric_limits<std::uint64_t>::max()}));
    const LuaResult binary = call("echo", json::array({json::binary(std::vector<std::uint8_t>{1, 2, 3})}));

    EXPECT_EQ(object_args.error_kind, LuaErrorKind::BadArguments);
    EXPECT_EQ(object_args.error, "json_test: arguments must be a JSON array, not object");
    EXPECT_EQ(scalar_args.error_kind, LuaErrorKind::BadArguments);
    EXPECT_EQ(huge_unsigned.error_kind, LuaErrorKind::BadArguments);
    EXPECT_THAT(huge_unsigned.error, HasSubstr("out of Lua's integer range"));
    EXPECT_EQ(binary.error_kind, LuaErrorKind::BadArguments);
    EXPECT_EQ(returned("echo", json::array({1})), 1) << "engine still works";
}

} // namespace
} // namespace sentinel::host::testing
