// Calls from several threads at once, to the same and to different scripts.
#include "lua_test_support.hpp"

#include <gmock/gmock.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <thread>
#include <vector>

namespace sentinel::host::testing {
namespace {

using nlohmann::json;

constexpr int kThreads = 6;
constexpr int kCallsPerThread = 200;

template <typename Work>
void run_in_threads(int thread_count, Work work) {
    std::vector<std::jthread> threads;
    for (int t = 0; t < thread_count; ++t) {
        threads.emplace_back(work, t);
    }
}

TEST_F(LuaEngineTest, ConcurrentCallsGiveCorrectResults) {
    scripts.write("math/add.lua",
                  "function add(a, b)\n"
                  "  local parts = {}\n"
                  "  for i = 1, 50 do parts[i] = tostring(i) end\n" // some work and garbage per call
                  "  return a + b + #table.concat(parts) - 91\n"
                  "end\n");
    scripts.write("math/mul.lua", "function mul(a, b) return a * b end\n");
    std::atomic<int> wrong_results{0};

    run_in_threads(kThreads, [&](int t) {
        for (int i = 0; i < kCallsPerThread; ++i) {
            const LuaResult sum = engine.call_file("math/add.lua", "add", json::array({t, i}));
            const LuaResult product = engine.call_file("math/mul.lua", "mul", json::array({t, i}));
            const LuaResult negated =
                engine.call_source("rules/neg", "function neg(x) return -x end", "neg", json::array({i}));
            if (!sum.ok() || sum.value != t + i || !product.ok() || product.value != t * i ||
                !negated.ok() || negated.value != -i) {
                ++wrong_results;
            }
        }
    });

    EXPECT_EQ(wrong_results.load(), 0);
}

TEST_F(LuaEngineTest, CallsToOneScriptAreSerialised) {
    scripts.write("counter.lua", "count = 0\nfunction bump() count = count + 1 return count end\n");
    std::vector<std::vector<long long>> seen(kThreads);

    run_in_threads(kThreads, [&](int t) {
        for (int i = 0; i < kCallsPerThread; ++i) {
            const LuaResult result = engine.call_file("counter.lua", "bump", json::array());
            seen[static_cast<std::size_t>(t)].push_back(result.ok() ? result.value.get<long long>() : -1);
        }
    });

    std::vector<long long> all;
    for (const auto& values : seen) {
        all.insert(all.end(), values.begin(), values.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<long long> expected(kThreads * kCallsPerThread);
    std::iota(expected.begin(), expected.end(), 1);
    EXPECT_EQ(all, expected) << "every bump must see every earlier one exactly once";
}

TEST_F(LuaEngineTest, LimitErrorsInOneThreadDoNotDisturbOthers) {
    scripts.write("mixed.lua", "function spin() while true do end end\nfunction double(x) return 2 * x end\n");
    std::atomic<int> wrong_results{0};

    run_in_threads(4, [&](int t) {
        for (int i = 0; i < 30; ++i) {
            if (t == 0) {
                const LuaResult spun = engine.call_file("mixed.lua", "spin", json::array());
                wrong_results += spun.error_kind == LuaErrorKind::InstructionLimit ? 0 : 1;
            } else {
                const LuaResult doubled = engine.call_file("mixed.lua", "double", json::array({i}));
                wrong_results += doubled.ok() && doubled.value == 2 * i ? 0 : 1;
            }
        }
    });

    EXPECT_EQ(wrong_results.load(), 0);
}

} // namespace
} // namespace sentinel::host::testing
