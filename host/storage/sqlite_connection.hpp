// Opens SQLite connections (WAL, foreign keys, chosen synchronous level, busy timeout).
#pragma once

#include "storage/connection.hpp"
#include "storage/database_url.hpp"
#include "storage/writer_gate.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace sentinel::host {

struct SqliteOptions {
    std::string synchronous = "FULL";  // FULL | NORMAL
    std::chrono::milliseconds busy_timeout{5000};
    std::shared_ptr<WriterGate> writer_gate;  // shared by every connection of one Database
};

// Creates the parent directory when missing. Throws DbError(Unavailable) with the reason.
std::unique_ptr<Connection> open_sqlite_connection(const SqliteTarget& target, const SqliteOptions& options);

}  // namespace sentinel::host
