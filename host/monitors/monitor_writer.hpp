// Every write that follows an observation (a check result, a ping, a missed ping) goes through
// here: one thread applies them in batches, one transaction per batch (group commit), so the
// fsync cost is shared by everything that arrived meanwhile. Pings are acknowledged only after
// their batch committed. Status changes and incidents are published on the event bus.
#pragma once

#include "monitors/monitor_type_catalog.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

namespace sentinel::host {

class Database;
class EventBus;

enum class PingKind { Success, Fail, Start };

struct PingAck {
    bool found = true;
    bool ignored = false; // the monitor is paused
    std::string status;   // the monitor's status after the ping
};

struct WriterStats {
    std::uint64_t batches = 0;
    std::uint64_t operations = 0;
    std::uint64_t failed = 0;
};

class MonitorWriter {
public:
    MonitorWriter(Database& db, MonitorTypeCatalog& types, EventBus& events, std::function<std::int64_t()> now_ms);
    ~MonitorWriter();
    MonitorWriter(const MonitorWriter&) = delete;
    MonitorWriter& operator=(const MonitorWriter&) = delete;

    // `config_version`: the monitor's updated_at when the check started. A result from a check that
    // started before the monitor was last changed (its URL, its type...) is dropped, so that it
    // cannot undo what checks of the new settings found.
    void record_check(std::int64_t monitor_id, std::string region, std::int64_t checked_at, nlohmann::json result,
                      std::optional<std::int64_t> config_version = std::nullopt);
    // `done` runs on the writer's thread once the ping is committed (or with the error text when
    // it could not be stored): keep it short.
    using PingDone = std::function<void(const PingAck* ack, const std::string& error)>;
    void record_ping(std::int64_t monitor_id, PingKind kind, std::int64_t at, std::string cause, std::string region,
                     PingDone done);
    void record_missed(std::int64_t monitor_id);
    // Applies everything queued so far; returns once it is committed (tests, shutdown).
    void flush();
    // Stops accepting work after applying what is queued.
    void stop();
    WriterStats stats() const;

    struct CheckOp {
        std::int64_t monitor_id;
        std::string region;
        std::int64_t checked_at;
        nlohmann::json result;
        std::optional<std::int64_t> config_version;
    };
    struct PingOp {
        std::int64_t monitor_id;
        PingKind kind;
        std::int64_t at;
        std::string cause;
        std::string region;
        PingDone done;
    };
    struct MissedOp {
        std::int64_t monitor_id;
    };
    struct FlushOp {
        std::shared_ptr<std::promise<void>> done;
    };
    using Op = std::variant<CheckOp, PingOp, MissedOp, FlushOp>;

private:
    void enqueue(Op op);
    void run();
    void apply_batch(std::deque<Op>& batch);

    Database& db_;
    MonitorTypeCatalog& types_;
    EventBus& events_;
    std::function<std::int64_t()> now_ms_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Op> queue_;
    bool stopping_ = false;
    WriterStats stats_;
    std::thread thread_;
};

} // namespace sentinel::host
