// What one observation writes inside the writer's transaction: the result row, the monitor's new
// state, incidents opened or closed, and the events to publish once the batch has committed.
#pragma once

#include "monitors/monitor_writer.hpp"
#include "storage/database.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace sentinel::host {

struct PendingEvent {
    std::string topic;
    nlohmann::json payload;
};

void apply_check(Database::Transaction& tx, const MonitorWriter::CheckOp& op, std::vector<PendingEvent>& events);
PingAck apply_ping(Database::Transaction& tx, const MonitorWriter::PingOp& op, MonitorTypeCatalog& types,
                   std::vector<PendingEvent>& events);
void apply_missed(Database::Transaction& tx, const MonitorWriter::MissedOp& op, std::int64_t now_ms,
                  std::vector<PendingEvent>& events);

} // namespace sentinel::host
