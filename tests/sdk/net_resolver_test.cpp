// sentinel::sdk::net::Resolver and Address, and the Completion wrapper of probe checks.
#include <sentinel/sdk/net/completion.hpp>
#include <sentinel/sdk/net/resolver.hpp>
#include <sentinel/sdk/testing/collector.hpp>

#include <gtest/gtest.h>

#include <netinet/in.h>

#include <stdexcept>
#include <string>

namespace {

using sentinel::sdk::net::Completion;
using sentinel::sdk::net::Resolution;
using sentinel::sdk::net::Resolver;
using sentinel::sdk::testing::Collector;

TEST(NetResolver, ResolvesNumericAddressesWithoutAThread) {
    const auto v4 = Resolver::numeric("10.0.0.5");
    ASSERT_TRUE(v4);
    ASSERT_EQ(v4->addresses.size(), 1u);
    EXPECT_EQ(v4->addresses[0].family(), AF_INET);
    EXPECT_EQ(v4->addresses[0].text(), "10.0.0.5");

    auto v6 = Resolver::numeric("::1");
    ASSERT_TRUE(v6);
    ASSERT_EQ(v6->addresses.size(), 1u);
    EXPECT_EQ(v6->addresses[0].family(), AF_INET6);
    EXPECT_EQ(v6->addresses[0].text(), "::1");
    v6->addresses[0].set_port(5432);
    EXPECT_EQ(ntohs(reinterpret_cast<const sockaddr_in6&>(v6->addresses[0].storage).sin6_port), 5432);

    EXPECT_FALSE(Resolver::numeric("localhost"));
    EXPECT_FALSE(Resolver::numeric("not an address"));
}

TEST(NetResolver, ResolvesNamesOnItsWorkers) {
    Resolver resolver(2);
    Collector<Resolution> results;
    resolver.resolve("localhost", [&](Resolution r) { results.add(std::move(r)); });
    resolver.resolve("name.invalid", [&](Resolution r) { results.add(std::move(r)); });
    ASSERT_TRUE(results.wait_for(2));
    int resolved = 0;
    for (const auto& r : results.results()) {
        if (r.addresses.empty()) {
            EXPECT_FALSE(r.error.empty());
        } else {
            ++resolved;
            EXPECT_TRUE(r.error.empty());
            EXPECT_GE(r.elapsed_ms, 0);
        }
    }
    EXPECT_EQ(resolved, 1); // localhost, never the reserved .invalid name
}

TEST(NetResolver, SurvivesAThrowingCallback) {
    Resolver resolver(1);
    Collector<int> done;
    resolver.resolve("127.0.0.1", [](Resolution) { throw std::runtime_error("late answer"); });
    resolver.resolve("127.0.0.1", [&](Resolution) { done.add(1); });
    EXPECT_TRUE(done.wait_for(1));
}

struct Outcome {
    bool cancelled = false;
    std::string text;
};

TEST(NetCompletion, CallsBackOnceWithTheOutcome) {
    int calls = 0;
    Outcome seen;
    {
        Completion<Outcome> completion([&](const Outcome& o) { ++calls, seen = o; }, Outcome{true, ""});
        EXPECT_TRUE(completion.pending());
        completion.complete(Outcome{false, "done"});
        EXPECT_FALSE(completion.pending());
        completion.complete(Outcome{false, "again"});
    }
    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(seen.cancelled);
    EXPECT_EQ(seen.text, "done");
}

TEST(NetCompletion, ReportsCancelledWhenDestroyedFirst) {
    int calls = 0;
    Outcome seen;
    {
        Completion<Outcome> completion([&](const Outcome& o) { ++calls, seen = o; }, Outcome{true, "shut down"});
    }
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(seen.cancelled);
    EXPECT_EQ(seen.text, "shut down");
}

TEST(NetCompletion, SwallowsACallbackException) {
    Completion<Outcome> completion([](const Outcome&) { throw std::runtime_error("boom"); }, Outcome{});
    EXPECT_NO_THROW(completion.complete(Outcome{}));
}

} // namespace
