// An in-memory SQLite database behind the SDK's Database facade, so that the plugin's SQL runs
// for real in unit tests (the host's own adapter is not reachable from a plugin).
#pragma once

#include <sentinel/sdk/database.hpp>
#include <sentinel/sdk/tables.hpp>

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace sentinel::forensic::testing {

class SqliteTestDatabase : public sdk::Database {
public:
    SqliteTestDatabase() {
        if (sqlite3_open(":memory:", &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open failed");
    }
    ~SqliteTestDatabase() override { sqlite3_close(db_); }
    SqliteTestDatabase(const SqliteTestDatabase&) = delete;
    SqliteTestDatabase& operator=(const SqliteTestDatabase&) = delete;

    void migrate(const std::vector<sdk::Migration>& migrations) {
        for (const auto& m : migrations) {
            std::string sql = m.sql;
            for (std::size_t at; (at = sql.find("{{serial_pk}}")) != std::string::npos;)
                sql.replace(at, 13, "INTEGER PRIMARY KEY AUTOINCREMENT");
            char* error = nullptr;
            if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
                std::string message = error ? error : "?";
                sqlite3_free(error);
                throw std::runtime_error("migration failed: " + message);
            }
        }
    }

    using sdk::Database::execute;
    using sdk::Database::query;
    std::string dialect() const override { return "sqlite"; }

    sdk::Rows query(std::string_view sql, const sdk::Params& params) override {
        std::lock_guard lock(mutex_);
        return run(sql, params).rows;
    }
    std::int64_t execute(std::string_view sql, const sdk::Params& params) override {
        std::lock_guard lock(mutex_);
        return run(sql, params).changes;
    }
    // Statements run one by one under the database's lock: enough for these tests.
    std::unique_ptr<sdk::Transaction> begin() override { return std::make_unique<Tx>(*this); }

private:
    struct Outcome {
        sdk::Rows rows;
        std::int64_t changes = 0;
    };
    class Tx : public sdk::Transaction {
    public:
        explicit Tx(SqliteTestDatabase& db) : db_(db) {}
        sdk::Rows query(std::string_view sql, const sdk::Params& params) override { return db_.query(sql, params); }
        std::int64_t execute(std::string_view sql, const sdk::Params& params) override { return db_.execute(sql, params); }
        void commit() override {}
        void rollback() override {}

    private:
        SqliteTestDatabase& db_;
    };

    Outcome run(std::string_view sql, const sdk::Params& params) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_) + " in " + std::string(sql));
        const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> guard(stmt, sqlite3_finalize);
        for (std::size_t i = 0; i < params.size(); ++i) bind(stmt, static_cast<int>(i + 1), params[i]);
        Outcome out;
        auto columns = std::make_shared<std::vector<std::string>>();
        for (int c = 0; c < sqlite3_column_count(stmt); ++c) columns->push_back(sqlite3_column_name(stmt, c));
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            std::vector<sdk::Value> values;
            for (int c = 0; c < sqlite3_column_count(stmt); ++c) values.push_back(cell(stmt, c));
            out.rows.emplace_back(columns, std::move(values));
        }
        if (rc != SQLITE_DONE) throw std::runtime_error(std::string("step: ") + sqlite3_errmsg(db_));
        out.changes = sqlite3_changes(db_);
        return out;
    }

    static void bind(sqlite3_stmt* stmt, int index, const sdk::Value& value) {
        const auto& v = value.storage();
        if (auto i = std::get_if<std::int64_t>(&v)) sqlite3_bind_int64(stmt, index, *i);
        else if (auto d = std::get_if<double>(&v)) sqlite3_bind_double(stmt, index, *d);
        else if (auto s = std::get_if<std::string>(&v))
            sqlite3_bind_text(stmt, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
        else if (auto b = std::get_if<sdk::Blob>(&v))
            sqlite3_bind_blob(stmt, index, b->bytes.data(), static_cast<int>(b->bytes.size()), SQLITE_TRANSIENT);
        else sqlite3_bind_null(stmt, index);
    }

    static sdk::Value cell(sqlite3_stmt* stmt, int c) {
        switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER: return sdk::Value(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
        case SQLITE_FLOAT: return sdk::Value(sqlite3_column_double(stmt, c));
        case SQLITE_NULL: return sdk::Value();
        default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            return sdk::Value(std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        }
        }
    }

    std::recursive_mutex mutex_;
    sqlite3* db_ = nullptr;
};

} // namespace sentinel::forensic::testing
