#include "monitors/monitor_writer.hpp"

#include "events/event_bus.hpp"
#include "monitors/observation_apply.hpp"
#include "storage/database.hpp"

#include <spdlog/spdlog.h>

namespace sentinel::host {
namespace {

constexpr std::size_t kMaxBatch = 4096;

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};

} // namespace

MonitorWriter::MonitorWriter(Database& db, MonitorTypeCatalog& types, EventBus& events,
                             std::function<std::int64_t()> now_ms)
    : db_(db), types_(types), events_(events), now_ms_(std::move(now_ms)), thread_([this] { run(); }) {}

MonitorWriter::~MonitorWriter() { stop(); }

void MonitorWriter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void MonitorWriter::enqueue(Op op) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            if (auto* ping = std::get_if<PingOp>(&op)) ping->done(nullptr, "the server is shutting down");
            if (auto* flush = std::get_if<FlushOp>(&op)) flush->done->set_value();
            return;
        }
        queue_.push_back(std::move(op));
    }
    wake_.notify_one();
}

void MonitorWriter::record_check(std::int64_t monitor_id, std::string region, std::int64_t checked_at,
                                 nlohmann::json result, std::optional<std::int64_t> config_version) {
    enqueue(CheckOp{monitor_id, std::move(region), checked_at, std::move(result), config_version});
}

void MonitorWriter::record_ping(std::int64_t monitor_id, PingKind kind, std::int64_t at, std::string cause,
                                std::string region, PingDone done) {
    enqueue(PingOp{monitor_id, kind, at, std::move(cause), std::move(region), std::move(done)});
}

void MonitorWriter::record_missed(std::int64_t monitor_id) { enqueue(MissedOp{monitor_id}); }

void MonitorWriter::flush() {
    auto done = std::make_shared<std::promise<void>>();
    auto future = done->get_future();
    enqueue(FlushOp{done});
    future.wait();
}

WriterStats MonitorWriter::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void MonitorWriter::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) return;
        std::deque<Op> batch;
        while (!queue_.empty() && batch.size() < kMaxBatch) {
            batch.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
        lock.unlock();
        apply_batch(batch);
        lock.lock();
    }
}

// One transaction for the whole batch; if it fails, each operation on its own, so one bad
// operation cannot take the others down with it.
void MonitorWriter::apply_batch(std::deque<Op>& batch) {
    const std::int64_t now = now_ms_();
    auto apply_all = [&](std::deque<Op>& ops, std::vector<std::pair<PingOp*, PingAck>>& acks,
                         std::vector<PendingEvent>& events) {
        auto tx = db_.begin();
        for (auto& op : ops) {
            std::visit(Overloaded{
                           [&](CheckOp& c) { apply_check(*tx, c, events); },
                           [&](PingOp& p) { acks.emplace_back(&p, apply_ping(*tx, p, types_, events)); },
                           [&](MissedOp& m) { apply_missed(*tx, m, now, events); },
                           [&](FlushOp&) {},
                       },
                       op);
        }
        tx->commit();
    };
    auto settle = [&](std::vector<std::pair<PingOp*, PingAck>>& acks, std::vector<PendingEvent>& events) {
        for (auto& [op, ack] : acks) op->done(&ack, "");
        for (auto& e : events) events_.publish(e.topic, "host", e.payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    };
    auto fail = [&](Op& op, const std::string& why) {
        if (auto* p = std::get_if<PingOp>(&op)) p->done(nullptr, why);
    };

    std::size_t failed = 0;
    try {
        std::vector<std::pair<PingOp*, PingAck>> acks;
        std::vector<PendingEvent> events;
        apply_all(batch, acks, events);
        settle(acks, events);
    } catch (const std::exception& batch_error) {
        spdlog::warn("monitors: a batch of {} writes failed ({}); applying them one by one", batch.size(),
                     batch_error.what());
        for (auto& op : batch) {
            std::deque<Op> one;
            one.push_back(std::move(op));
            try {
                std::vector<std::pair<PingOp*, PingAck>> acks;
                std::vector<PendingEvent> events;
                apply_all(one, acks, events);
                settle(acks, events);
            } catch (const std::exception& e) {
                ++failed;
                spdlog::error("monitors: a write was lost: {}", e.what());
                fail(one.front(), e.what());
            }
            op = std::move(one.front());
        }
    }
    for (auto& op : batch)
        if (auto* f = std::get_if<FlushOp>(&op)) f->done->set_value();
    std::lock_guard lock(mutex_);
    stats_.batches++;
    stats_.operations += batch.size();
    stats_.failed += failed;
}

} // namespace sentinel::host
