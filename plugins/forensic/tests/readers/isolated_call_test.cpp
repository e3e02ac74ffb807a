#include "readers/isolated_call.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace sentinel::forensic {
namespace {

using namespace std::chrono_literals;

TEST(RunIsolated, ReturnsTheChildsBytes) {
    const auto answer = run_isolated([] { return std::string("hello\0world", 11); }, 10s);
    ASSERT_TRUE(answer);
    EXPECT_EQ(*answer, std::string("hello\0world", 11));
}

TEST(RunIsolated, LargeAnswersArriveWhole) {
    const auto answer = run_isolated([] { return std::string(3'000'000, 'x'); }, 30s);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->size(), 3'000'000u);
}

TEST(RunIsolated, ChildStateStaysInTheChild) {
    int touched = 0;
    const auto answer = run_isolated([&] {
        touched = 1;
        return std::string("done");
    }, 10s);
    ASSERT_TRUE(answer);
    EXPECT_EQ(touched, 0);
}

TEST(RunIsolated, CrashIsNullopt) {
    EXPECT_FALSE(run_isolated([]() -> std::string {
        std::raise(SIGKILL);
        return "unreachable";
    }, 10s));
}

TEST(RunIsolated, AbnormalExitAndThrowAreNullopt) {
    EXPECT_FALSE(run_isolated([]() -> std::string { std::_Exit(3); }, 10s));
    EXPECT_FALSE(run_isolated([]() -> std::string { throw std::runtime_error("boom"); }, 10s));
}

TEST(RunIsolated, HangIsKilledAtTheTimeout) {
    EXPECT_FALSE(run_isolated([]() -> std::string {
        for (;;) std::this_thread::sleep_for(1s);
    }, 200ms));
}

} // namespace
} // namespace sentinel::forensic
