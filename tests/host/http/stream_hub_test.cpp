// StreamHub: routing events to the streams of one (owner, channel), the cap, dropping streams
// that fail, ending streams on unload and shutdown, and keep-alive comments.
#include "http/stream_hub.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

namespace sentinel::host {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class RecordingSink final : public StreamSink {
public:
    bool send(std::string_view text) override {
        std::lock_guard lock(mutex_);
        if (!alive) return false;
        received.emplace_back(text);
        return true;
    }
    void end() override {
        std::lock_guard lock(mutex_);
        ended = true;
    }
    std::vector<std::string> snapshot() {
        std::lock_guard lock(mutex_);
        return received;
    }
    bool alive = true;
    bool ended = false;
    std::vector<std::string> received;

private:
    std::mutex mutex_;
};

StreamHubOptions options(std::size_t max = 10, std::chrono::milliseconds keepalive = 60s, std::size_t per_client = 10) {
    return StreamHubOptions{max, per_client, keepalive};
}

bool opened(StreamHub& hub, const std::string& owner, const std::string& channel, std::shared_ptr<StreamSink> sink,
            const std::string& client = "198.51.100.1") {
    return hub.open(owner, channel, client, std::move(sink), [] { return true; }) == StreamOpen::Opened;
}

TEST(StreamHubTest, PublishReachesOnlyTheSameOwnerAndChannel) {
    StreamHub hub(options());
    auto status = std::make_shared<RecordingSink>();
    auto other_channel = std::make_shared<RecordingSink>();
    auto other_owner = std::make_shared<RecordingSink>();
    ASSERT_TRUE(opened(hub, "kestra", "status", status));
    ASSERT_TRUE(opened(hub, "kestra", "activity", other_channel));
    ASSERT_TRUE(opened(hub, "fleet", "status", other_owner));

    EXPECT_EQ(hub.publish("kestra", "status", "data: 1\n\n"), 1u);

    EXPECT_THAT(status->snapshot(), ElementsAre("data: 1\n\n"));
    EXPECT_THAT(other_channel->snapshot(), IsEmpty());
    EXPECT_THAT(other_owner->snapshot(), IsEmpty());
}

TEST(StreamHubTest, StartRunsBeforeTheStreamCanReceiveEvents) {
    StreamHub hub(options());
    auto sink = std::make_shared<RecordingSink>();
    ASSERT_EQ(hub.open("p", "c", "client", sink, [&] { return sink->send("head"); }), StreamOpen::Opened);
    hub.publish("p", "c", "event");
    EXPECT_THAT(sink->snapshot(), ElementsAre("head", "event"));
}

TEST(StreamHubTest, RefusesStreamsPastTheCap) {
    StreamHub hub(options(2));
    bool started = false;
    EXPECT_TRUE(opened(hub, "p", "c", std::make_shared<RecordingSink>(), "a"));
    EXPECT_TRUE(opened(hub, "p", "c", std::make_shared<RecordingSink>(), "b"));
    EXPECT_EQ(hub.open("p", "c", "c", std::make_shared<RecordingSink>(), [&] { return started = true; }),
              StreamOpen::Full);
    EXPECT_FALSE(started);
    EXPECT_EQ(hub.open_count(), 2u);
}

TEST(StreamHubTest, OneClientCannotTakeEveryPlace) {
    StreamHub hub(options(10, 60s, 2));
    EXPECT_TRUE(opened(hub, "p", "c", std::make_shared<RecordingSink>(), "greedy"));
    EXPECT_TRUE(opened(hub, "p", "c", std::make_shared<RecordingSink>(), "greedy"));
    EXPECT_EQ(hub.open("p", "c", "greedy", std::make_shared<RecordingSink>(), [] { return true; }),
              StreamOpen::ClientFull);
    EXPECT_TRUE(opened(hub, "p", "c", std::make_shared<RecordingSink>(), "other"));
}

TEST(StreamHubTest, AStreamWhoseStartFailsIsNotRegistered) {
    StreamHub hub(options());
    EXPECT_EQ(hub.open("p", "c", "x", std::make_shared<RecordingSink>(), [] { return false; }),
              StreamOpen::StartFailed);
    EXPECT_EQ(hub.open_count(), 0u);
}

TEST(StreamHubTest, AStreamThatFailsIsDroppedAndFreesItsPlace) {
    StreamHub hub(options(1));
    auto gone = std::make_shared<RecordingSink>();
    ASSERT_TRUE(opened(hub, "p", "c", gone));
    gone->alive = false;
    EXPECT_EQ(hub.publish("p", "c", "x"), 0u);
    EXPECT_EQ(hub.open_count(), 0u);
    EXPECT_TRUE(opened(hub, "p", "c", std::make_shared<RecordingSink>()));
}

TEST(StreamHubTest, CloseOwnerEndsOnlyThatOwnersStreams) {
    StreamHub hub(options());
    auto mine = std::make_shared<RecordingSink>();
    auto theirs = std::make_shared<RecordingSink>();
    ASSERT_TRUE(opened(hub, "unloading", "c", mine));
    ASSERT_TRUE(opened(hub, "staying", "c", theirs));
    hub.close_owner("unloading");
    EXPECT_TRUE(mine->ended);
    EXPECT_FALSE(theirs->ended);
    EXPECT_EQ(hub.publish("unloading", "c", "x"), 0u);
    EXPECT_EQ(hub.open_count(), 1u);
    // A request still inside the unloading plugin cannot open a stream that would outlive it.
    EXPECT_EQ(hub.open("unloading", "c", "x", std::make_shared<RecordingSink>(), [] { return true; }),
              StreamOpen::OwnerClosed);
}

TEST(StreamHubTest, CloseAllEndsEverythingAndRefusesNewStreams) {
    StreamHub hub(options());
    auto sink = std::make_shared<RecordingSink>();
    ASSERT_TRUE(opened(hub, "p", "c", sink));
    hub.close_all();
    EXPECT_TRUE(sink->ended);
    EXPECT_FALSE(opened(hub, "p", "c", std::make_shared<RecordingSink>()));
}

TEST(StreamHubTest, IdleStreamsGetKeepAliveComments) {
    StreamHub hub(options(10, 20ms));
    auto sink = std::make_shared<RecordingSink>();
    ASSERT_TRUE(opened(hub, "p", "c", sink));
    for (int i = 0; i < 200 && sink->snapshot().empty(); ++i) std::this_thread::sleep_for(10ms);
    ASSERT_FALSE(sink->snapshot().empty());
    EXPECT_EQ(sink->snapshot().front(), ": keep-alive\n\n");
}

} // namespace
} // namespace sentinel::host
