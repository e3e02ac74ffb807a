#include "storage/sqlite_statement.hpp"

#include "storage/connection.hpp"

#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <limits>
#include <memory>
#include <type_traits>
#include <variant>
#include <vector>

namespace sentinel::host {
namespace {

namespace sq = sqlite_api;

struct FinalizeStatement {
    void operator()(sq::sqlite3_stmt* statement) const noexcept { sq::sqlite3_finalize(statement); }
};
using StatementHandle = std::unique_ptr<sq::sqlite3_stmt, FinalizeStatement>;

DbErrorKind kind_of(int result_code) {
    switch (result_code & 0xff) {
        case SQLITE_CONSTRAINT: return DbErrorKind::Constraint;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_NOTADB: return DbErrorKind::Unavailable;
        default: return DbErrorKind::Other;
    }
}

StatementHandle prepare(sq::sqlite3* db, std::string_view sql, const char** tail) {
    sq::sqlite3_stmt* raw = nullptr;
    if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw DbError(DbErrorKind::Other, "statement is too long");
    }
    const int rc = sq::sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, tail);
    StatementHandle statement(raw);
    if (rc != SQLITE_OK) throw_sqlite_error(db, rc, sql);
    return statement;
}

void reject_trailing_statement(sq::sqlite3* db, std::string_view rest) {
    bool blank = true;
    for (const char c : rest) blank = blank && std::isspace(static_cast<unsigned char>(c));
    if (blank) return;
    const char* ignored = nullptr;
    sq::sqlite3_stmt* raw = nullptr;
    const int rc = sq::sqlite3_prepare_v2(db, rest.data(), static_cast<int>(rest.size()), &raw, &ignored);
    const StatementHandle trailing(raw);
    if (rc == SQLITE_OK && raw == nullptr) return;  // only comments follow
    throw DbError(DbErrorKind::Other,
                  "execute() runs one statement, but more text follows the first one: " + sql_excerpt(rest));
}

void bind_parameter(sq::sqlite3* db, sq::sqlite3_stmt* statement, int index, const DbValue& value, std::string_view sql) {
    const int rc = std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return sq::sqlite3_bind_null(statement, index);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return sq::sqlite3_bind_int64(statement, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
                return sq::sqlite3_bind_double(statement, index, v);
            } else if constexpr (std::is_same_v<T, std::string>) {
                // The parameters outlive the statement, so SQLite need not copy them.
                return sq::sqlite3_bind_text64(statement, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
            } else {
                return sq::sqlite3_bind_blob64(statement, index, v.bytes.data(), v.bytes.size(), SQLITE_STATIC);
            }
        },
        value);
    if (rc != SQLITE_OK) throw_sqlite_error(db, rc, sql);
}

DbValue read_cell(sq::sqlite3_stmt* statement, int column) {
    switch (sq::sqlite3_column_type(statement, column)) {
        case SQLITE_INTEGER: return std::int64_t{sq::sqlite3_column_int64(statement, column)};
        case SQLITE_FLOAT: return sq::sqlite3_column_double(statement, column);
        case SQLITE_TEXT: {
            const auto* text = reinterpret_cast<const char*>(sq::sqlite3_column_text(statement, column));
            return std::string(text, static_cast<std::size_t>(sq::sqlite3_column_bytes(statement, column)));
        }
        case SQLITE_BLOB: {
            const auto* bytes = static_cast<const char*>(sq::sqlite3_column_blob(statement, column));
            const auto size = static_cast<std::size_t>(sq::sqlite3_column_bytes(statement, column));
            return Blob{size == 0 ? std::string() : std::string(bytes, size)};
        }
        default: return std::monostate{};
    }
}

}  // namespace

void throw_sqlite_error(sq::sqlite3* db, int result_code, std::string_view sql) {
    std::string message = "sqlite: ";
    message += db != nullptr ? sq::sqlite3_errmsg(db) : sq::sqlite3_errstr(result_code);
    if (!sql.empty()) message += " (in: " + sql_excerpt(sql) + ")";
    throw DbError(kind_of(result_code), std::move(message));
}

SqliteStatementCache::~SqliteStatementCache() {
    for (auto& [sql, entry] : entries_) sq::sqlite3_finalize(entry.statement);
}

SqliteStatementCache::Entry* SqliteStatementCache::find(const std::string& sql) {
    auto it = entries_.find(sql);
    if (it == entries_.end() || it->second.in_use) return nullptr;
    return &it->second;
}

SqliteStatementCache::Entry* SqliteStatementCache::adopt(const std::string& sql, sq::sqlite3_stmt* statement) {
    if (entries_.size() >= capacity_ || entries_.count(sql)) return nullptr;
    return &entries_.emplace(sql, Entry{statement, false}).first->second;
}

std::int64_t run_sqlite_statement(sq::sqlite3* db, const std::string& sql, std::span<const DbValue> params,
                                  const DbRowHandler& on_row, SqliteStatementCache* cache) {
    SqliteStatementCache::Entry* cached = cache ? cache->find(sql) : nullptr;
    StatementHandle owned;
    if (!cached) {
        const char* tail = nullptr;
        owned = prepare(db, sql, &tail);
        if (!owned) return 0;  // only whitespace or comments
        reject_trailing_statement(db, std::string_view(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail)));
        if (cache && (cached = cache->adopt(sql, owned.get()))) owned.release();
    }
    sq::sqlite3_stmt* const raw = cached ? cached->statement : owned.get();
    // A cached statement goes back reset (no read transaction left open) and unbound.
    struct Release {
        SqliteStatementCache::Entry* entry;
        ~Release() {
            if (!entry) return;
            sq::sqlite3_reset(entry->statement);
            sq::sqlite3_clear_bindings(entry->statement);
            entry->in_use = false;
        }
    } release{cached};
    if (cached) cached->in_use = true;
    const int bind_count = sq::sqlite3_bind_parameter_count(raw);
    if (static_cast<std::size_t>(bind_count) != params.size()) {
        throw DbError(DbErrorKind::Other, "statement has " + std::to_string(bind_count) + " parameter(s) but " +
                                              std::to_string(params.size()) + " were given");
    }
    for (int i = 0; i < bind_count; ++i) bind_parameter(db, raw, i + 1, params[static_cast<std::size_t>(i)], sql);

    const int column_count = sq::sqlite3_column_count(raw);
    std::vector<std::string> columns;
    columns.reserve(static_cast<std::size_t>(column_count));
    for (int c = 0; c < column_count; ++c) {
        const char* name = sq::sqlite3_column_name(raw, c);
        columns.emplace_back(name != nullptr ? name : "");
    }

    const auto total_changes_before = sq::sqlite3_total_changes64(db);
    std::vector<DbValue> values(static_cast<std::size_t>(column_count));
    bool wants_rows = static_cast<bool>(on_row);
    for (;;) {
        const int rc = sq::sqlite3_step(raw);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) throw_sqlite_error(db, rc, sql);
        if (!wants_rows) continue;  // still step to the end: the statement may write (RETURNING)
        for (int c = 0; c < column_count; ++c) values[static_cast<std::size_t>(c)] = read_cell(raw, c);
        if (!on_row(columns, values)) {
            // RETURNING statements make all their changes on the first step; reset completes them.
            sq::sqlite3_reset(raw);
            break;
        }
    }
    // sqlite3_changes() keeps the count of the last writing statement, so only trust it when
    // this statement changed something.
    return sq::sqlite3_total_changes64(db) != total_changes_before ? sq::sqlite3_changes64(db) : 0;
}

}  // namespace sentinel::host
