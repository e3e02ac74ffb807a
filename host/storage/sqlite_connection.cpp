#include "storage/sqlite_connection.hpp"

#include "storage/sqlite_statement.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <limits>
#include <utility>

namespace sentinel::host {
namespace {

namespace sq = sqlite_api;

// SOCI's shared libraries do not export the typeinfo of their backend classes, so UBSan's vptr
// check (which needs it) cannot link against a downcast to them; the cast itself is sound.
__attribute__((no_sanitize("vptr"))) sq::sqlite3* native_handle(soci::session& session) {
    return static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
}

class SqliteConnection final : public Connection {
public:
    SqliteConnection(std::unique_ptr<soci::session> session, std::shared_ptr<WriterGate> gate)
        : session_(std::move(session)),
          db_(native_handle(*session_)),
          gate_(std::move(gate)) {}

    Dialect dialect() const noexcept override { return Dialect::Sqlite; }

    void configure(const SqliteOptions& options, bool in_memory) {
        const auto timeout_ms = std::clamp<std::chrono::milliseconds::rep>(options.busy_timeout.count(), 0,
                                                                           std::numeric_limits<int>::max());
        sq::sqlite3_busy_timeout(db_, static_cast<int>(timeout_ms));
        std::string journal_mode;
        run_sqlite_statement(db_, "PRAGMA journal_mode=WAL", {}, [&](const auto&, const auto& values) {
            if (const auto* mode = std::get_if<std::string>(&values.at(0))) journal_mode = *mode;
            return true;
        });
        if (journal_mode != "wal" && !in_memory) {
            spdlog::warn("database: SQLite refused WAL journal mode (got '{}'); concurrent access will be slower",
                         journal_mode);
        }
        simple("PRAGMA foreign_keys=ON");
        simple("PRAGMA synchronous=" + options.synchronous);
    }

    // A transaction holds the writer gate from BEGIN to its end.
    void begin() override {
        hold_gate();
        try {
            simple("BEGIN IMMEDIATE");
        } catch (...) {
            drop_gate();
            throw;
        }
    }

    // A failed COMMIT (e.g. SQLITE_BUSY) can leave the transaction open: prepare_for_reuse() rolls
    // it back when the connection returns to the pool.
    void commit() override {
        simple("COMMIT");
        if (!in_transaction()) drop_gate();
    }

    void rollback() override {
        if (in_transaction()) simple("ROLLBACK");
        drop_gate();
    }

    bool prepare_for_reuse() noexcept override {
        bool reusable = true;
        if (in_transaction()) {
            try {
                simple("ROLLBACK");
            } catch (...) {
                reusable = false;
            }
            reusable = reusable && !in_transaction();
        }
        drop_gate();
        return reusable;
    }

protected:
    std::int64_t run(const std::string& sql, std::span<const DbValue> params, const DbRowHandler& on_row) override {
        if (holds_gate_ || in_transaction() || !may_write(sql)) return run_sqlite_statement(db_, sql, params, on_row, &statements_);
        hold_gate();
        try {
            auto affected = run_sqlite_statement(db_, sql, params, on_row, &statements_);
            drop_gate();
            return affected;
        } catch (...) {
            drop_gate();
            throw;
        }
    }

private:
    // Reads never need the gate (WAL readers don't block the writer). Anything not plainly a read
    // is treated as a write.
    static bool may_write(std::string_view sql) {
        auto first = sql.find_first_not_of(" \t\r\n(");
        if (first == std::string_view::npos) return false;
        auto word = sql.substr(first, 7);
        auto starts = [&](std::string_view prefix) {
            return word.size() >= prefix.size() &&
                   std::equal(prefix.begin(), prefix.end(), word.begin(),
                              [](char a, char b) { return a == std::toupper(static_cast<unsigned char>(b)); });
        };
        return !(starts("SELECT") || starts("VALUES") || starts("EXPLAIN"));
    }

    void hold_gate() {
        if (!gate_ || holds_gate_) return;
        gate_->acquire();
        holds_gate_ = true;
    }
    void drop_gate() noexcept {
        if (!holds_gate_) return;
        holds_gate_ = false;
        gate_->release();
    }

    bool in_transaction() const noexcept { return sq::sqlite3_get_autocommit(db_) == 0; }
    void simple(const std::string& sql) { run_sqlite_statement(db_, sql, {}, {}); }

    std::unique_ptr<soci::session> session_;
    sq::sqlite3* db_;
    SqliteStatementCache statements_; // declared after the session: finalized before it closes
    std::shared_ptr<WriterGate> gate_;
    bool holds_gate_ = false;
};

std::string describe(const SqliteTarget& target) {
    return target.in_memory() ? "in-memory SQLite database" : "SQLite database '" + target.path + "'";
}

}  // namespace

std::unique_ptr<Connection> open_sqlite_connection(const SqliteTarget& target, const SqliteOptions& options) {
    if (!target.in_memory()) {
        const std::filesystem::path parent = std::filesystem::path(target.path).parent_path();
        std::error_code error;
        if (!parent.empty()) std::filesystem::create_directories(parent, error);
        if (error) {
            throw DbError(DbErrorKind::Unavailable, "cannot open " + describe(target) + ": cannot create directory '" +
                                                        parent.string() + "': " + error.message());
        }
    }
    std::unique_ptr<soci::session> session;
    try {
        session = std::make_unique<soci::session>(soci::sqlite3, "db=\"" + target.path + "\"");
    } catch (const soci::soci_error& e) {
        throw DbError(DbErrorKind::Unavailable, "cannot open " + describe(target) + ": " + e.get_error_message());
    }
    auto connection = std::make_unique<SqliteConnection>(std::move(session), options.writer_gate);
    try {
        connection->configure(options, target.in_memory());
    } catch (const DbError& e) {
        throw DbError(DbErrorKind::Unavailable, "cannot open " + describe(target) + ": " + e.what());
    }
    return connection;
}

}  // namespace sentinel::host
