#include "storage/database_url.hpp"

#include "storage/db_value.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <vector>

namespace sentinel::host {
namespace {

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool has_scheme(std::string_view url, std::string_view scheme) {
    return url.size() >= scheme.size() && lowercase(url.substr(0, scheme.size())) == scheme;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Where the password sits in a URL: "user:PASSWORD@" in the authority, or "password=VALUE" in
// the query. Returns [begin, end) ranges.
std::vector<std::pair<std::size_t, std::size_t>> password_ranges(std::string_view url) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return ranges;
    const std::size_t authority_begin = scheme_end + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", authority_begin), url.size());
    const std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        if (const std::size_t colon = authority.find(':'); colon < at) {
            ranges.emplace_back(authority_begin + colon + 1, authority_begin + at);
        }
    }
    std::size_t search = url.find('?', authority_end);
    while (search != std::string_view::npos && search < url.size()) {
        const std::size_t key_begin = search + 1;
        const std::size_t next = std::min(url.find('&', key_begin), url.size());
        if (lowercase(url.substr(key_begin, 9)) == "password=") ranges.emplace_back(key_begin + 9, next);
        search = next < url.size() ? next : std::string_view::npos;
    }
    return ranges;
}

std::vector<std::string> url_passwords(std::string_view url) {
    std::vector<std::string> secrets;
    for (const auto& [begin, end] : password_ranges(url)) {
        if (end <= begin) continue;
        secrets.emplace_back(url.substr(begin, end - begin));
        secrets.push_back(percent_decode(secrets.back()));
    }
    return secrets;
}

std::string quote_conninfo_value(std::string_view value) {
    std::string out = "'";
    for (const char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    out += '\'';
    return out;
}

SqliteTarget parse_sqlite_url(std::string_view url) {
    std::string_view path = url.substr(std::string_view("sqlite:").size());
    if (path.starts_with("//")) path.remove_prefix(2);
    if (path.empty()) throw DbError(DbErrorKind::Other, "SQLite URL '" + std::string(url) + "' has no path");
    if (path.find('"') != std::string_view::npos) {
        throw DbError(DbErrorKind::Other, "SQLite path must not contain '\"': " + std::string(path));
    }
    return SqliteTarget{std::string(path)};
}

PostgresqlTarget parse_postgresql_url(std::string_view url) {
    const std::string url_text(url);
    char* raw_error = nullptr;
    const std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(url_text.c_str(), &raw_error), &PQconninfoFree);
    if (!options) {
        std::string reason = raw_error ? raw_error : "out of memory";
        PQfreemem(raw_error);
        while (!reason.empty() && std::isspace(static_cast<unsigned char>(reason.back()))) reason.pop_back();
        for (const std::string& secret : url_passwords(url)) reason = scrub_secret(std::move(reason), secret);
        throw DbError(DbErrorKind::Other, "invalid PostgreSQL URL '" + redact_url(url) + "': " + reason);
    }

    std::map<std::string, std::string> values;
    for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
        if (option->val != nullptr && option->val[0] != '\0') values[option->keyword] = option->val;
    }
    values.try_emplace("connect_timeout", "10");
    values.try_emplace("application_name", "sentinel");
    values.try_emplace("client_encoding", "UTF8");

    PostgresqlTarget target;
    for (const auto& [keyword, value] : values) {
        if (!target.conninfo.empty()) target.conninfo += ' ';
        target.conninfo += keyword + "=" + quote_conninfo_value(value);
    }
    const auto value_of = [&](const char* keyword) {
        const auto it = values.find(keyword);
        return it == values.end() ? std::string() : it->second;
    };
    const std::string user = value_of("user");
    std::string host = value_of("host");
    if (host.empty()) host = value_of("hostaddr");
    const std::string port = value_of("port");
    target.display = "postgresql://" + (user.empty() ? "" : user + "@") + (host.empty() ? "localhost" : host) +
                     (port.empty() ? "" : ":" + port) + "/" + value_of("dbname");
    target.password = value_of("password");
    return target;
}

}  // namespace

DatabaseTarget parse_database_url(std::string_view url) {
    if (has_scheme(url, "sqlite:")) return parse_sqlite_url(url);
    if (has_scheme(url, "postgresql://") || has_scheme(url, "postgres://")) return parse_postgresql_url(url);
    throw DbError(DbErrorKind::Other, "unsupported database URL '" + redact_url(url) +
                                          "': expected sqlite:<path>, postgresql://... or postgres://...");
}

std::string redact_url(std::string_view url) {
    std::string out(url);
    auto ranges = password_ranges(url);
    // Replace from the back so earlier offsets stay valid.
    std::sort(ranges.begin(), ranges.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [begin, end] : ranges) out.replace(begin, end - begin, "***");
    return out;
}

std::string scrub_secret(std::string message, std::string_view secret) {
    if (secret.empty()) return message;
    std::size_t pos = 0;
    while ((pos = message.find(secret, pos)) != std::string::npos) {
        message.replace(pos, secret.size(), "***");
        pos += 3;
    }
    return message;
}

}  // namespace sentinel::host
