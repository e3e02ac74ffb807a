#include "storage/postgresql_connection.hpp"

#include "storage/bytea_hex.hpp"
#include "storage/migrations.hpp"
#include "storage/row_reader.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace sentinel::host {
namespace {

constexpr Oid bytea_oid = 17;

struct ClearResult {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using ResultHandle = std::unique_ptr<PGresult, ClearResult>;

// libpq and SOCI messages span several lines; error messages here are one line, without SOCI's
// "Cannot execute query. Fatal error." preamble and the server's LINE/caret position display.
std::string one_line(std::string_view text) {
    for (const std::string_view noise : {"Cannot execute query. ", "Fatal error. "}) {
        if (text.starts_with(noise)) text.remove_prefix(noise.size());
    }
    std::string out;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
        if (line.empty() || line.starts_with("LINE ") || line == "^") continue;
        if (!out.empty()) out += ' ';
        for (const char c : line) {
            const char printable = c == '\t' || c == '\r' ? ' ' : c;
            if (!(printable == ' ' && !out.empty() && out.back() == ' ')) out += printable;
        }
    }
    return out;
}

// libpq prints NOTICEs ("relation ... already exists, skipping") to stderr unless told otherwise.
void log_notice(void*, const char* message) {
    spdlog::debug("database: postgresql: {}", one_line(message != nullptr ? message : ""));
}

bool is_write_command(const char* command_tag) {
    const std::string_view tag(command_tag != nullptr ? command_tag : "");
    return tag.starts_with("INSERT") || tag.starts_with("UPDATE") || tag.starts_with("DELETE") ||
           tag.starts_with("MERGE");
}

// SOCI's shared libraries do not export the typeinfo of their backend classes, so UBSan's vptr
// check (which needs it) cannot link against a downcast to them; the casts themselves are sound.
__attribute__((no_sanitize("vptr"))) PGconn* native_connection(soci::session& session) {
    return static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_;
}

__attribute__((no_sanitize("vptr"))) PGresult* native_result(soci::statement& statement) {
    return static_cast<soci::postgresql_statement_backend*>(statement.get_backend())->result_.get_result();
}

// Keeps the values SOCI binds by reference alive (and at fixed addresses) until execution ends.
struct BoundParameter {
    long long integer = 0;
    double real = 0;
    std::string text;
    soci::indicator indicator = soci::i_ok;
    std::string name;
};

class PostgresqlConnection final : public Connection {
public:
    PostgresqlConnection(std::unique_ptr<soci::session> session, PostgresqlTarget target)
        : session_(std::move(session)),
          conn_(native_connection(*session_)),
          target_(std::move(target)) {
        PQsetNoticeProcessor(conn_, &log_notice, nullptr);
    }

    Dialect dialect() const noexcept override { return Dialect::Postgresql; }

    void configure() {
        // Timestamps with time zone then read back as UTC; bytea always in hex form.
        exec_command("SET TimeZone TO 'UTC'");
        exec_command("SET bytea_output TO 'hex'");
    }

    void begin() override { exec_command("BEGIN"); }

    void commit() override {
        // COMMIT of a transaction the server already aborted "succeeds" with the tag ROLLBACK.
        if (exec_command("COMMIT") == "ROLLBACK") {
            throw DbError(DbErrorKind::Other, "postgresql: the server rolled the transaction back instead of committing");
        }
    }

    void rollback() override { exec_command("ROLLBACK"); }

    bool prepare_for_reuse() noexcept override {
        if (PQstatus(conn_) != CONNECTION_OK) return false;
        switch (PQtransactionStatus(conn_)) {
            case PQTRANS_IDLE: return true;
            case PQTRANS_INTRANS:
            case PQTRANS_INERROR: {
                const ResultHandle result(PQexec(conn_, "ROLLBACK"));
                return PQtransactionStatus(conn_) == PQTRANS_IDLE;
            }
            default: return false;
        }
    }

protected:
    std::int64_t run(const std::string& sql, std::span<const DbValue> params, const DbRowHandler& on_row) override {
        // Without parameters SOCI sends the text with PQexec, which would run several statements.
        if (params.empty() && split_sql_statements(sql).size() > 1) {
            throw DbError(DbErrorKind::Other, "execute() runs one statement, but the text holds several: " +
                                                  sql_excerpt(sql));
        }
        try {
            return run_with_soci(sql, params, on_row);
        } catch (const soci::postgresql_soci_error& e) {
            throw_error(e.sqlstate(), e.get_error_message(), sql);
        } catch (const soci::soci_error& e) {
            throw_error({}, e.get_error_message(), sql);
        }
    }

private:
    std::int64_t run_with_soci(const std::string& sql, std::span<const DbValue> params, const DbRowHandler& on_row) {
        std::vector<BoundParameter> bound(params.size());
        soci::statement statement(*session_);
        soci::row row;
        statement.exchange(soci::into(row));
        for (std::size_t i = 0; i < params.size(); ++i) {
            BoundParameter& parameter = bound[i];
            parameter.name = "p" + std::to_string(i + 1);
            std::visit(
                [&](const auto& value) {
                    using T = std::decay_t<decltype(value)>;
                    if constexpr (std::is_same_v<T, std::int64_t>) {
                        parameter.integer = value;
                        statement.exchange(soci::use(parameter.integer, parameter.indicator, parameter.name));
                    } else if constexpr (std::is_same_v<T, double>) {
                        parameter.real = value;
                        statement.exchange(soci::use(parameter.real, parameter.indicator, parameter.name));
                    } else {
                        if constexpr (std::is_same_v<T, std::monostate>) parameter.indicator = soci::i_null;
                        if constexpr (std::is_same_v<T, std::string>) parameter.text = value;
                        // Sent untyped, the server reads \x... as bytea where a bytea is expected.
                        if constexpr (std::is_same_v<T, Blob>) parameter.text = encode_bytea_hex(value.bytes);
                        statement.exchange(soci::use(parameter.text, parameter.indicator, parameter.name));
                    }
                },
                params[i]);
        }
        statement.alloc();
        statement.prepare(sql, soci::details::st_one_time_query);
        statement.define_and_bind();
        bool has_row = statement.execute(true);

        PGresult* result = native_result(statement);
        const std::int64_t affected = is_write_command(PQcmdStatus(result)) ? statement.get_affected_rows() : 0;
        if (!on_row || !has_row) return affected;

        std::vector<std::string> columns(row.size());
        std::vector<bool> is_bytea(row.size());
        for (std::size_t c = 0; c < row.size(); ++c) {
            columns[c] = row.get_properties(c).get_name();
            is_bytea[c] = PQftype(result, static_cast<int>(c)) == bytea_oid;
        }
        std::vector<DbValue> values(row.size());
        while (has_row) {
            for (std::size_t c = 0; c < row.size(); ++c) values[c] = read_soci_cell(row, c, is_bytea[c]);
            if (!on_row(columns, values)) break;
            has_row = statement.fetch();
        }
        return affected;
    }

    // Runs a parameterless command with libpq directly; returns its command tag.
    std::string exec_command(const char* sql) {
        const ResultHandle result(PQexec(conn_, sql));
        const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
            const char* message = result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_);
            throw_error(sqlstate != nullptr ? sqlstate : "", message != nullptr ? message : "", sql);
        }
        return PQcmdStatus(result.get());
    }

    [[noreturn]] void throw_error(const std::string& sqlstate, std::string message, std::string_view sql) const {
        DbErrorKind kind = DbErrorKind::Other;
        if (PQstatus(conn_) != CONNECTION_OK || sqlstate.starts_with("08") || sqlstate == "57P01" ||
            sqlstate == "57P02" || sqlstate == "57P03") {
            kind = DbErrorKind::Unavailable;
        } else if (sqlstate.starts_with("23")) {
            kind = DbErrorKind::Constraint;
        }
        std::string text = "postgresql: " + scrub_secret(one_line(std::move(message)), target_.password);
        if (!sqlstate.empty()) text += " [SQLSTATE " + sqlstate + "]";
        text += " (in: " + sql_excerpt(sql) + ")";
        throw DbError(kind, std::move(text));
    }

    std::unique_ptr<soci::session> session_;
    PGconn* conn_;
    PostgresqlTarget target_;
};

}  // namespace

std::unique_ptr<Connection> open_postgresql_connection(const PostgresqlTarget& target) {
    const auto unavailable = [&](std::string reason) {
        constexpr std::string_view soci_prefix = "Cannot establish connection to the database.";
        reason = one_line(std::move(reason));
        if (reason.starts_with(soci_prefix)) reason.erase(0, soci_prefix.size());
        while (!reason.empty() && reason.front() == ' ') reason.erase(0, 1);
        return DbError(DbErrorKind::Unavailable, "cannot connect to PostgreSQL at " + target.display + ": " +
                                                     scrub_secret(std::move(reason), target.password));
    };
    std::unique_ptr<soci::session> session;
    try {
        session = std::make_unique<soci::session>(soci::postgresql, target.conninfo);
    } catch (const soci::soci_error& e) {
        throw unavailable(e.get_error_message());
    }
    auto connection = std::make_unique<PostgresqlConnection>(std::move(session), target);
    try {
        connection->configure();
    } catch (const DbError& e) {
        throw unavailable(e.what());
    }
    return connection;
}

}  // namespace sentinel::host
