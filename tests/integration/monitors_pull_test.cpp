// Pull monitors (spec 002) against real loopback targets: port and http monitors go online ->
// offline -> online with an incident opened after the confirming failures and closed on
// recovery; POST /check answers the spec's "uptime" object; the scheduler checks on its own.
#include "monitors_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

namespace sentinel::it {
namespace {

using ::testing::HasSubstr;

// A TCP listener on 127.0.0.1 (the kernel completes handshakes from its backlog).
class Listener {
public:
    explicit Listener(std::uint16_t port = 0) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd_, 64) != 0)
            throw std::runtime_error("cannot listen on 127.0.0.1");
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    ~Listener() { ::close(fd_); }
    int fd() const { return fd_; }
    // Unblocks a thread waiting in accept().
    void wake() const { ::shutdown(fd_, SHUT_RDWR); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    std::uint16_t port() const { return port_; }

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

// A minimal HTTP server on 127.0.0.1: answers every request "200 ok" and closes the connection.
class TinyHttpServer {
public:
    explicit TinyHttpServer(std::uint16_t port = 0) : listener_(port) {
        thread_ = std::thread([this] { serve(); });
    }
    ~TinyHttpServer() {
        stopping_ = true;
        listener_.wake();
        thread_.join();
    }
    TinyHttpServer(const TinyHttpServer&) = delete;
    TinyHttpServer& operator=(const TinyHttpServer&) = delete;
    std::uint16_t port() const { return listener_.port(); }

private:
    void serve() {
        while (!stopping_) {
            int fd = ::accept(listener_.fd(), nullptr, nullptr);
            if (fd < 0) continue;
            char buffer[4096];
            (void)::recv(fd, buffer, sizeof buffer, 0);
            static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
            (void)::send(fd, reply, sizeof reply - 1, MSG_NOSIGNAL);
            ::close(fd);
        }
    }
    Listener listener_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

class MonitorsPullTest : public MonitorsTest {
protected:
    nlohmann::json check(std::int64_t id) {
        auto r = api("POST", "/api/monitors/" + std::to_string(id) + "/check");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json()["uptime"];
    }
};

TEST_P(MonitorsPullTest, PortMonitorGoesOfflineAfterConfirmationAndRecovers) {
    start();
    auto listener = std::make_unique<Listener>();
    const auto port = listener->port();
    auto m = create({{"monitor_type", "port"}, {"url", "127.0.0.1"}, {"port", port}, {"check_interval", 60}});
    const auto id = m["id"].get<std::int64_t>();
    // A new monitor is checked at once by the scheduler; the next scheduled check is 60 s away.
    ASSERT_TRUE(eventually([&] { return get(id)["status"] == "online"; }, std::chrono::seconds(5)));

    auto up = check(id);
    EXPECT_EQ(up["is_up"], true) << up.dump();
    EXPECT_EQ(up["checked_from_region"], "ash");
    EXPECT_TRUE(up["response_time"].is_number());

    listener.reset();
    auto down = check(id);
    EXPECT_EQ(down["is_up"], false);
    EXPECT_THAT(down["message"].get<std::string>(), HasSubstr("refused"));
    ASSERT_TRUE(eventually([&] { return get(id)["last_error"].is_string(); }, std::chrono::seconds(5)));
    EXPECT_EQ(get(id)["status"], "online") << "one failure is not confirmed yet (threshold 2)";
    check(id);
    nlohmann::json offline;
    ASSERT_TRUE(eventually([&] {
        offline = get(id);
        return offline["status"] == "offline";
    }, std::chrono::seconds(5))) << offline.dump();
    ASSERT_EQ(offline["incidents"].size(), 1u);
    EXPECT_TRUE(offline["incidents"][0]["resolved_at"].is_null());
    EXPECT_THAT(offline["incidents"][0]["cause"].get<std::string>(), HasSubstr("refused"));

    Listener again(port);
    EXPECT_EQ(check(id)["is_up"], true);
    nlohmann::json recovered;
    ASSERT_TRUE(eventually([&] {
        recovered = get(id);
        return recovered["status"] == "online";
    }, std::chrono::seconds(5))) << recovered.dump();
    EXPECT_FALSE(recovered["incidents"][0]["resolved_at"].is_null());
    EXPECT_GE(recovered["response_times"].size(), 5u);
}

TEST_P(MonitorsPullTest, HttpMonitorGoesOfflineAndRecovers) {
    start();
    auto server = std::make_unique<TinyHttpServer>();
    const auto port = server->port();
    auto m = create({{"url", "http://127.0.0.1:" + std::to_string(port) + "/"}, {"check_interval", 60}});
    const auto id = m["id"].get<std::int64_t>();
    ASSERT_TRUE(eventually([&] { return get(id)["status"] == "online"; }, std::chrono::seconds(5)));
    server.reset();
    EXPECT_EQ(check(id)["is_up"], false);
    EXPECT_EQ(check(id)["is_up"], false);
    nlohmann::json offline;
    ASSERT_TRUE(eventually([&] {
        offline = get(id);
        return offline["status"] == "offline";
    }, std::chrono::seconds(5))) << offline.dump();
    ASSERT_EQ(offline["incidents"].size(), 1u);
    TinyHttpServer again(port);
    auto up = check(id);
    EXPECT_EQ(up["is_up"], true) << up.dump();
    EXPECT_EQ(up["status_code"], 200);
    ASSERT_TRUE(eventually([&] { return get(id)["status"] == "online"; }, std::chrono::seconds(5)));
    EXPECT_FALSE(get(id)["incidents"][0]["resolved_at"].is_null());
}

// The target is a separate server, never sentineld itself: POST /check waits on an HTTP thread
// of sentineld, and a probe of the same server could queue behind it.
TEST_P(MonitorsPullTest, HttpMonitorChecksARealServer) {
    start();
    TinyHttpServer server;
    const auto base = "http://127.0.0.1:" + std::to_string(server.port());
    auto m = create({{"url", base + "/"}, {"check_interval", 60}, {"check_types", {"keyword"}}, {"keyword", "ok"}});
    auto up = check(m["id"]);
    EXPECT_EQ(up["is_up"], true) << up.dump();
    EXPECT_EQ(up["status_code"], 200);

    auto wrong = create({{"url", base + "/"}, {"check_interval", 60}, {"check_types", {"keyword"}},
                         {"keyword", "not on the page"}});
    auto down = check(wrong["id"]);
    EXPECT_EQ(down["is_up"], false);
    EXPECT_THAT(down["message"].get<std::string>(), HasSubstr("not on the page"));
    check(wrong["id"]);
    ASSERT_TRUE(eventually([&] { return get(wrong["id"])["status"] == "offline"; }, std::chrono::seconds(5)));
}

TEST_P(MonitorsPullTest, SchedulerRunsDueChecksOnItsOwn) {
    start();
    Listener listener;
    auto m = create({{"monitor_type", "port"}, {"url", "127.0.0.1"}, {"port", listener.port()}, {"check_interval", 0.5}});
    nlohmann::json seen;
    ASSERT_TRUE(eventually([&] {
        seen = get(m["id"]);
        return seen["status"] == "online";
    }, std::chrono::seconds(10))) << "a new monitor is checked right away: " << seen.dump();
    EXPECT_FALSE(seen["last_checked_at"].is_null());
    EXPECT_EQ(seen["response_times"][0]["region"], "ash");

    ASSERT_EQ(api("POST", "/api/monitors/" + std::to_string(m["id"].get<int>()) + "/pause").status, 200);
    auto count = get(m["id"])["response_times"].size();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_EQ(get(m["id"])["response_times"].size(), count) << "a paused monitor is not checked";
}

TEST_P(MonitorsPullTest, PingMonitorGoesOfflineAndRecovers) {
    start();
    auto m = create({{"monitor_type", "ping"}, {"url", "127.0.0.1"}, {"check_interval", 60}});
    const auto id = m["id"].get<std::int64_t>();
    auto result = check(id);
    if (result["is_up"] != true) {
        EXPECT_THAT(result["message"].get<std::string>(), HasSubstr("ICMP")) << result.dump();
        GTEST_SKIP() << "ICMP is not permitted here: " << result["message"];
    }
    EXPECT_TRUE(result["response_time"].is_number());
    ASSERT_TRUE(eventually([&] { return get(id)["status"] == "online"; }, std::chrono::seconds(5)));
    const auto path = "/api/monitors/" + std::to_string(id);
    ASSERT_EQ(api("PUT", path, R"({"url": "no-such-host.invalid"})").status, 200);
    EXPECT_EQ(check(id)["is_up"], false);
    EXPECT_EQ(check(id)["is_up"], false);
    ASSERT_TRUE(eventually([&] { return get(id)["status"] == "offline"; }, std::chrono::seconds(5)));
    ASSERT_EQ(api("PUT", path, R"({"url": "127.0.0.1"})").status, 200);
    EXPECT_EQ(check(id)["is_up"], true);
    ASSERT_TRUE(eventually([&] { return get(id)["status"] == "online"; }, std::chrono::seconds(5)));
    EXPECT_FALSE(get(id)["incidents"][0]["resolved_at"].is_null());
}

SENTINEL_IT_ON_BOTH_BACKENDS(MonitorsPullTest);

} // namespace
} // namespace sentinel::it
