// The host's own tables (API keys, audit log) migrated on a private SQLite file, and the fixed
// instant the tests' ManualClocks start at.
#pragma once

#include "scratch_dir.hpp"

#include "app/host_schema.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

namespace sentinel::host::testing {

// 2026-05-29T10:30:00Z: a whole minute, so a one-minute rate window starts exactly there.
inline const std::chrono::system_clock::time_point kTestStart =
    std::chrono::sys_days{std::chrono::year{2026} / 5 / 29} + std::chrono::hours{10} +
    std::chrono::minutes{30};

using Row = std::vector<DbValue>;

class HostDatabase {
public:
    HostDatabase() : db_(open_in(dir_)) { apply_migrations(*db_, "host", host_migrations()); }

    Database& db() { return *db_; }
    const std::filesystem::path& directory() const { return dir_.path(); }

    std::vector<Row> rows(std::string_view sql, std::initializer_list<DbValue> params = {}) {
        std::vector<Row> out;
        db_->execute(sql, params, [&](const std::vector<std::string>&, const std::vector<DbValue>& values) {
            out.push_back(values);
            return true;
        });
        return out;
    }

private:
    static std::unique_ptr<Database> open_in(const ScratchDir& dir) {
        spdlog::set_level(spdlog::level::warn); // "opened ...", "applied migration ..." are noise here
        DatabaseConfig config;
        config.url = "sqlite:" + (dir.path() / "host.db").string();
        config.pool_size = 2;
        return Database::open(config);
    }

    ScratchDir dir_{"sentinel_host_db"}; // declared first: outlives the database in it
    std::unique_ptr<Database> db_;
};

} // namespace sentinel::host::testing
