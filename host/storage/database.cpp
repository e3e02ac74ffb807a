#include "storage/database.hpp"

#include "storage/connection_pool.hpp"
#include "storage/database_url.hpp"
#include "storage/postgresql_connection.hpp"
#include "storage/sqlite_connection.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

namespace sentinel::host {

struct Database::Impl {
    Impl(Dialect d, std::size_t pool_size, ConnectionPool::Connector connector, std::chrono::milliseconds timeout)
        : dialect(d), pool(pool_size, std::move(connector)), acquire_timeout(timeout) {}

    ConnectionPool::Lease acquire() { return pool.acquire(acquire_timeout); }

    Dialect dialect;
    ConnectionPool pool;
    std::chrono::milliseconds acquire_timeout;
};

struct Database::Transaction::Impl {
    explicit Impl(ConnectionPool::Lease l) : lease(std::move(l)) {}

    Connection& connection() {
        if (!lease) throw DbError(DbErrorKind::Other, "the transaction is already over (committed or rolled back)");
        if (failed) {
            throw DbError(DbErrorKind::Other,
                          "an earlier statement in this transaction failed; it can only be rolled back");
        }
        return lease->connection();
    }

    std::optional<ConnectionPool::Lease> lease;  // empty once the transaction is over
    bool failed = false;
};

namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

SqliteOptions sqlite_options(const DatabaseConfig& config) {
    const std::string synchronous = lowercase(config.sqlite_synchronous);
    if (synchronous != "full" && synchronous != "normal") {
        throw DbError(DbErrorKind::Other,
                      "sqlite_synchronous must be 'full' or 'normal', not '" + config.sqlite_synchronous + "'");
    }
    return SqliteOptions{.synchronous = synchronous == "full" ? "FULL" : "NORMAL",
                         .busy_timeout = config.busy_timeout,
                         .writer_gate = std::make_shared<WriterGate>(config.busy_timeout)};
}

}  // namespace

Database::Database(PassKey, std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::~Database() = default;

std::unique_ptr<Database> Database::open(const DatabaseConfig& config) {
    if (config.pool_size == 0) throw DbError(DbErrorKind::Other, "pool_size must be at least 1");
    const DatabaseTarget target = parse_database_url(config.url);

    std::unique_ptr<Impl> impl;
    if (const auto* sqlite = std::get_if<SqliteTarget>(&target)) {
        // Each connection to ":memory:" would be a database of its own.
        const std::size_t pool_size = sqlite->in_memory() ? 1 : config.pool_size;
        impl = std::make_unique<Impl>(
            Dialect::Sqlite, pool_size,
            [sqlite = *sqlite, options = sqlite_options(config)] { return open_sqlite_connection(sqlite, options); },
            config.acquire_timeout);
    } else {
        const auto& postgresql = std::get<PostgresqlTarget>(target);
        impl = std::make_unique<Impl>(
            Dialect::Postgresql, config.pool_size,
            [postgresql] { return open_postgresql_connection(postgresql); }, config.acquire_timeout);
    }
    // Connect once now, so that a wrong URL or an unreachable server fails at startup.
    impl->acquire();

    const std::string where = std::visit(
        [](const auto& t) {
            if constexpr (std::is_same_v<std::decay_t<decltype(t)>, SqliteTarget>) return t.path;
            else return t.display;
        },
        target);
    spdlog::info("database: opened {} {} (pool of {})", to_string(impl->dialect), where, impl->pool.size());
    return std::make_unique<Database>(PassKey{}, std::move(impl));
}

Dialect Database::dialect() const noexcept {
    return impl_->dialect;
}

const char* Database::dialect_name() const noexcept {
    return to_string(impl_->dialect);
}

std::int64_t Database::execute(std::string_view sql, std::span<const DbValue> params, const DbRowHandler& on_row) {
    const ConnectionPool::Lease lease = impl_->acquire();
    return lease.connection().execute(sql, params, on_row);
}

std::unique_ptr<Database::Transaction> Database::begin() {
    ConnectionPool::Lease lease = impl_->acquire();
    lease.connection().begin();
    return std::make_unique<Transaction>(PassKey{}, std::make_unique<Transaction::Impl>(std::move(lease)));
}

std::chrono::microseconds Database::ping() {
    const auto started = std::chrono::steady_clock::now();
    try {
        const ConnectionPool::Lease lease = impl_->acquire();
        lease.connection().execute("SELECT 1", {}, {});
    } catch (const DbError& e) {
        throw DbError(DbErrorKind::Unavailable, e.what());
    }
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
}

Database::Transaction::Transaction(PassKey, std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Database::Transaction::~Transaction() {
    try {
        rollback();
    } catch (const std::exception& e) {
        spdlog::warn("database: rolling back an abandoned transaction failed: {}", e.what());
    } catch (...) {
        spdlog::warn("database: rolling back an abandoned transaction failed");
    }
}

std::int64_t Database::Transaction::execute(std::string_view sql, std::span<const DbValue> params,
                                            const DbRowHandler& on_row) {
    Connection& connection = impl_->connection();
    try {
        return connection.execute(sql, params, on_row);
    } catch (const DbError&) {
        impl_->failed = true;
        throw;
    }
}

void Database::Transaction::commit() {
    if (!impl_->lease) throw DbError(DbErrorKind::Other, "the transaction is already over (committed or rolled back)");
    // The lease goes back to the pool whatever happens; the pool rolls back anything left open.
    const ConnectionPool::Lease lease = std::move(*impl_->lease);
    impl_->lease.reset();
    if (impl_->failed) {
        try {
            lease.connection().rollback();
        } catch (const DbError&) {
            // The pool discards the connection if the rollback left it unusable.
        }
        throw DbError(DbErrorKind::Other, "cannot commit: an earlier statement in this transaction failed; rolled back");
    }
    lease.connection().commit();
}

void Database::Transaction::rollback() {
    if (!impl_->lease) return;
    const ConnectionPool::Lease lease = std::move(*impl_->lease);
    impl_->lease.reset();
    lease.connection().rollback();
}

bool Database::Transaction::is_open() const noexcept {
    return impl_->lease.has_value();
}

}  // namespace sentinel::host
