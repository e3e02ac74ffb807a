// The feed's storage: services, activity events, insights and two state values (the last AI
// analysis and the overall lastUpdated). Writes of this process are serialised by a mutex; writes
// racing another host are retried when a unique constraint refuses them.
#pragma once

#include "status_rules.hpp"

#include <sentinel/sdk/database.hpp>
#include <sentinel/sdk/tables.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::kestra {

struct ServiceState {
    std::string name;
    Status status = Status::Unknown;
    std::int64_t code = 0;
    std::string source; // kestra | monitor
    std::optional<std::int64_t> monitor_id;
    std::optional<std::int64_t> updated_at_ms;
};

// One observed status of one service.
struct Observation {
    std::string service;
    Status status = Status::Unknown;
    std::int64_t code = 0;
    std::string source;
    std::optional<std::int64_t> monitor_id;
    bool only_if_known = false; // skip services never observed before (e.g. a deleted monitor)
};

// A status change that was stored (and wrote an activity event).
struct Change {
    std::string service;
    std::optional<Status> from; // nullopt: first observation
    Status to = Status::Unknown;
    std::int64_t code = 0;
    std::string source;
    std::int64_t at_ms = 0;
};

struct Report {
    std::string execution_id;
    std::string analysis;
    nlohmann::json metrics;
    std::string summary;
    std::vector<Observation> observations;
};

struct ReportOutcome {
    bool duplicate = false; // the execution id was already stored: nothing changed
    std::vector<Change> changes;
};

struct StatusSnapshot {
    std::vector<ServiceState> services; // by name
    std::string ai_analysis;
    std::optional<std::int64_t> last_updated_ms;
};

struct ActivityEntry {
    std::int64_t id = 0;
    std::string message;
    std::string type;
    std::string severity;
    std::string service;
    std::int64_t created_at_ms = 0;
};

struct ActivityFilter {
    std::int64_t limit = 50;
    std::int64_t offset = 0;
    std::optional<std::string> type;
    std::optional<std::string> severity;
    std::optional<std::string> service;
};

struct InsightEntry {
    std::string id;
    std::string analysis;
    nlohmann::json metrics;
    std::string summary;
    std::int64_t created_at_ms = 0;
};

struct PruneCounts {
    std::int64_t activity = 0;
    std::int64_t insights = 0;
};

class StatusStore {
public:
    explicit StatusStore(sdk::Database& db) : db_(db) {}

    static std::vector<sdk::Migration> migrations();

    // Stores a Kestra report in one transaction: the insight, every service, the AI analysis and
    // lastUpdated, and one activity event per status change. A stored execution id is a
    // redelivery: nothing changes and `duplicate` is set.
    ReportOutcome record_report(const Report& report, std::int64_t now_ms);

    // Stores one observation (a bound monitor's status) in one transaction.
    std::vector<Change> record_observation(const Observation& observation, std::int64_t now_ms);

    StatusSnapshot snapshot();
    std::vector<ActivityEntry> activity(const ActivityFilter& filter);
    std::vector<InsightEntry> insights(std::int64_t limit, std::int64_t offset);

    // Deletes activity events and insights created before `cutoff_ms`.
    PruneCounts prune(std::int64_t cutoff_ms);

private:
    template <typename Work>
    auto write(Work&& work);

    sdk::Database& db_;
    std::mutex write_mutex_;
};

} // namespace sentinel::kestra
