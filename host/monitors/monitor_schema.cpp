#include "monitors/monitor_schema.hpp"

namespace sentinel::host {

std::vector<Migration> monitor_migrations() {
    return {
        {1, "monitors, their schedule, results, rollups and incidents", R"sql(
CREATE TABLE monitors (
    id {{serial_pk}},
    team_id TEXT,
    monitor_type TEXT NOT NULL,
    friendly_name TEXT,
    url TEXT,
    port INTEGER,
    check_interval DOUBLE PRECISION,
    check_types TEXT NOT NULL,
    monitored_regions TEXT NOT NULL,
    settings TEXT NOT NULL,
    heartbeat_interval BIGINT,
    heartbeat_cron_expression TEXT,
    heartbeat_timezone TEXT,
    heartbeat_grace BIGINT,
    ping_token TEXT UNIQUE,
    failure_threshold INTEGER NOT NULL,
    is_paused INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending',
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_checked_at BIGINT,
    last_response_time DOUBLE PRECISION,
    last_status_code INTEGER,
    last_message TEXT,
    last_heartbeat_at BIGINT,
    heartbeat_expected_at BIGINT,
    heartbeat_started_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX monitors_team ON monitors (team_id);
CREATE INDEX monitors_expected ON monitors (heartbeat_expected_at);
CREATE TABLE monitor_schedule (
    monitor_id BIGINT NOT NULL,
    region TEXT NOT NULL,
    next_check_at BIGINT NOT NULL,
    PRIMARY KEY (monitor_id, region)
);
CREATE INDEX monitor_schedule_due ON monitor_schedule (region, next_check_at);
CREATE TABLE monitor_results (
    id {{serial_pk}},
    monitor_id BIGINT NOT NULL,
    checked_at BIGINT NOT NULL,
    region TEXT NOT NULL,
    is_up INTEGER NOT NULL,
    degraded INTEGER NOT NULL,
    response_time DOUBLE PRECISION,
    status_code INTEGER,
    message TEXT,
    details TEXT
);
CREATE INDEX monitor_results_monitor ON monitor_results (monitor_id, checked_at);
CREATE INDEX monitor_results_age ON monitor_results (checked_at);
CREATE TABLE monitor_rollups (
    monitor_id BIGINT NOT NULL,
    resolution TEXT NOT NULL,
    bucket_start BIGINT NOT NULL,
    checks BIGINT NOT NULL,
    up_checks BIGINT NOT NULL,
    degraded_checks BIGINT NOT NULL,
    response_time_sum DOUBLE PRECISION NOT NULL,
    response_time_count BIGINT NOT NULL,
    response_time_min DOUBLE PRECISION,
    response_time_max DOUBLE PRECISION,
    PRIMARY KEY (monitor_id, resolution, bucket_start)
);
CREATE INDEX monitor_rollups_age ON monitor_rollups (resolution, bucket_start);
CREATE TABLE monitor_incidents (
    id {{serial_pk}},
    monitor_id BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    resolved_at BIGINT,
    cause TEXT NOT NULL,
    resolution TEXT
);
CREATE INDEX monitor_incidents_monitor ON monitor_incidents (monitor_id, started_at)
)sql"},
    };
}

} // namespace sentinel::host
