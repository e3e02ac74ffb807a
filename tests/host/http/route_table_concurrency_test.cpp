// Requests keep matching while plugins' routes are added and removed from other threads.
#include "http/route_table.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace sentinel::host {
namespace {

using Status = RouteTable::MatchStatus;

Route plugin_route(const std::string& owner, std::string method, std::string path) {
    Route r;
    r.owner = owner;
    r.method = std::move(method);
    r.path = std::move(path);
    r.handler = [owner](RequestContext&) {
        HttpResponse response;
        response.body = owner;
        return response;
    };
    return r;
}

TEST(RouteTableConcurrency, MatchingWhileOwnersComeAndGo) {
    constexpr int kWriterIterations = 2000;
    constexpr int kWriters = 2;
    RouteTable table;
    table.add(plugin_route("host", "GET", "/health"));

    std::atomic<bool> writers_done{false};
    std::atomic<int> host_misses{0};
    std::atomic<int> wrong_plugin_matches{0};
    std::atomic<long> plugin_hits{0};
    {
        std::vector<std::jthread> threads;
        for (int w = 0; w < kWriters; ++w) {
            threads.emplace_back([&, w] {
                const std::string owner = "plugin-" + std::to_string(w);
                const std::string base = "/p" + std::to_string(w);
                for (int i = 0; i < kWriterIterations; ++i) {
                    std::vector<Route> batch;
                    batch.push_back(plugin_route(owner, "GET", base + "/items/:id"));
                    batch.push_back(plugin_route(owner, "POST", base + "/items"));
                    batch.push_back(plugin_route(owner, "GET", base + "/items/special"));
                    table.add_all(std::move(batch));
                    table.remove_owner(owner);
                }
            });
        }
        for (int r = 0; r < 2; ++r) {
            threads.emplace_back([&] {
                while (!writers_done.load()) {
                    if (table.match("GET", "/health").status != Status::Found) ++host_misses;
                    for (int w = 0; w < kWriters; ++w) {
                        const std::string owner = "plugin-" + std::to_string(w);
                        const auto m = table.match("GET", "/p" + std::to_string(w) + "/items/42");
                        if (m.status == Status::Found) {
                            ++plugin_hits;
                            if (m.route->owner != owner || m.params.size() != 1 || m.params[0].second != "42")
                                ++wrong_plugin_matches;
                            // The route (and its handler) outlives its removal while the match holds it.
                            HttpRequest request;
                            RequestContext ctx{request, *m.route, "id", m.params, {}, {}};
                            if (m.route->handler(ctx).body != owner) ++wrong_plugin_matches;
                        } else if (m.status != Status::NotFound && m.status != Status::MethodNotAllowed) {
                            ++wrong_plugin_matches;
                        }
                    }
                    (void)table.routes();
                }
            });
        }
        for (int w = 0; w < kWriters; ++w) threads[static_cast<std::size_t>(w)].join();
        writers_done = true;
    }

    EXPECT_EQ(host_misses.load(), 0);
    EXPECT_EQ(wrong_plugin_matches.load(), 0);
    EXPECT_EQ(table.routes().size(), 1u);
    EXPECT_EQ(table.match("GET", "/p0/items/1").status, Status::NotFound);
    RecordProperty("plugin_hits", static_cast<int>(plugin_hits.load()));
}

} // namespace
} // namespace sentinel::host
