// Opens PostgreSQL connections through SOCI (session time zone UTC, bytea_output hex).
#pragma once

#include "storage/connection.hpp"
#include "storage/database_url.hpp"

#include <memory>

namespace sentinel::host {

// Throws DbError(Unavailable) with libpq's reason, without the password.
std::unique_ptr<Connection> open_postgresql_connection(const PostgresqlTarget& target);

}  // namespace sentinel::host
