#include "config/settings.hpp"

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <charconv>
#include <fstream>

namespace sentinel::host {
namespace {

namespace fs = std::filesystem;
namespace pt = boost::property_tree;

const std::map<std::string, std::set<std::string>> kKnownKeys = {
    {"server", {"listen", "threads", "max_body_bytes", "max_upload_bytes", "header_timeout_ms", "body_timeout_ms",
                "keepalive_timeout_ms", "cors_origins", "trust_proxy", "region", "max_streams",
                "max_streams_per_client", "stream_keepalive_ms"}},
    {"storage", {"url", "pool_size", "sqlite_synchronous"}},
    {"plugins", {"dir", "disabled"}},
    {"log", {"level", "format"}},
    {"lua", {"scripts_dir", "instruction_limit", "memory_limit_kb"}},
    {"scheduler", {"workers"}},
    {"events", {"queue_capacity"}},
    {"monitors", {"public_url", "check_timeout_ms", "failure_threshold", "raw_retention_hours",
                  "minute_retention_days", "max_checks_in_flight", "ping_rate_limit_per_minute"}},
    {"plans", {"free_requests_per_minute", "free_requests_per_day", "free_retention_days",
               "pro_requests_per_minute", "pro_requests_per_day", "pro_retention_days"}},
};

// Where each "section.key" stands in the file, for error messages.
std::map<std::string, int> index_lines(const fs::path& file) {
    std::map<std::string, int> lines;
    std::ifstream in(file);
    std::string line, section;
    for (int number = 1; std::getline(in, line); ++number) {
        auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == ';' || line[first] == '#') continue;
        if (line[first] == '[') {
            section = line.substr(first + 1, line.find(']') - first - 1);
            section.erase(0, section.find_first_not_of(" \t"));
            section.erase(section.find_last_not_of(" \t") + 1);
            continue;
        }
        auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        auto key = line.substr(first, eq - first);
        key.erase(key.find_last_not_of(" \t") + 1);
        lines[section + "." + key] = number;
    }
    return lines;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        auto comma = text.find(',', pos);
        auto item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return out;
}

class Reader {
public:
    Reader(const fs::path& file, const pt::ptree& tree) : file_(file), tree_(tree), lines_(index_lines(file)) {}

    std::optional<std::string> text(const std::string& key) const {
        auto v = tree_.get_optional<std::string>(pt::ptree::path_type(key, '.'));
        if (!v) return std::nullopt;
        std::string s = *v;
        if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
        return s;
    }

    template <typename T>
    void integer(const std::string& key, T& out, long long min, long long max) const {
        auto v = text(key);
        if (!v) return;
        long long n = 0;
        auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
        if (ec != std::errc() || end != v->data() + v->size() || n < min || n > max)
            fail(key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                          ", got '" + *v + "'");
        out = static_cast<T>(n);
    }

    void choice(const std::string& key, std::string& out, const std::set<std::string>& allowed) const {
        auto v = text(key);
        if (!v) return;
        if (!allowed.count(*v)) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            fail(key, "must be one of " + list + ", got '" + *v + "'");
        }
        out = *v;
    }

    fs::path path(const std::string& key, const fs::path& fallback) const {
        auto v = text(key);
        if (!v) return fallback;
        if (v->empty()) fail(key, "must not be empty");
        fs::path p(*v);
        return p.is_absolute() ? p : file_.parent_path() / p;
    }

    std::string where(const std::string& key) const {
        auto it = lines_.find(key);
        return file_.string() + (it == lines_.end() ? "" : ":" + std::to_string(it->second)) + ": key '" + key + "'";
    }

    [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
        throw ConfigError(where(key) + " " + problem);
    }

private:
    const fs::path& file_;
    const pt::ptree& tree_;
    std::map<std::string, int> lines_;
};

std::string resolve_sqlite_url(const std::string& url, const fs::path& base) {
    for (const char* scheme : {"sqlite://", "sqlite:"}) {
        std::string prefix(scheme);
        if (url.rfind(prefix, 0) == 0) {
            fs::path p(url.substr(prefix.size()));
            if (p == ":memory:") return url;
            if (p.is_relative() && !base.empty()) return "sqlite:" + (base / p).string();
            return url;
        }
    }
    return url;
}

void read_file(Settings& s, const fs::path& file) {
    if (!fs::exists(file)) throw ConfigError(file.string() + ": configuration file not found");
    pt::ptree tree;
    try {
        pt::read_ini(file.string(), tree);
    } catch (const pt::ini_parser_error& e) {
        throw ConfigError(file.string() + ":" + std::to_string(e.line()) + ": " + e.message());
    }
    Reader r(file, tree);

    for (const auto& [section, keys] : tree) {
        if (section.rfind("plugin.", 0) == 0) {
            auto& out = s.plugin_sections[section.substr(7)];
            for (const auto& [k, v] : keys) out[k] = v.data();
            continue;
        }
        auto known = kKnownKeys.find(section);
        if (known == kKnownKeys.end()) {
            s.warnings.push_back(file.string() + ": unknown section [" + section + "] ignored");
            continue;
        }
        for (const auto& [k, v] : keys)
            if (!known->second.count(k)) s.warnings.push_back(r.where(section + "." + k) + " is unknown and ignored");
    }

    if (auto listen = r.text("server.listen")) {
        auto [host, port] = parse_listen(*listen, r.where("server.listen"));
        s.listen_address = host;
        s.listen_port = port;
    }
    r.integer("server.threads", s.http_threads, 1, 256);
    std::size_t body_kb = s.max_body_bytes;
    r.integer("server.max_body_bytes", body_kb, 1024, 256ll << 20);
    s.max_body_bytes = body_kb;
    std::size_t upload = s.max_upload_bytes;
    r.integer("server.max_upload_bytes", upload, 1024, 16ll << 30);
    s.max_upload_bytes = upload;
    long long ms = 0;
    ms = s.header_timeout.count();
    r.integer("server.header_timeout_ms", ms, 100, 600000);
    s.header_timeout = std::chrono::milliseconds(ms);
    ms = s.body_timeout.count();
    r.integer("server.body_timeout_ms", ms, 100, 3600000);
    s.body_timeout = std::chrono::milliseconds(ms);
    ms = s.keepalive_timeout.count();
    r.integer("server.keepalive_timeout_ms", ms, 100, 3600000);
    s.keepalive_timeout = std::chrono::milliseconds(ms);
    if (auto origins = r.text("server.cors_origins")) s.cors_origins = split_list(*origins);
    r.integer("server.max_streams", s.max_streams, 0, 100'000);
    r.integer("server.max_streams_per_client", s.max_streams_per_client, 1, 100'000);
    ms = s.stream_keepalive.count();
    r.integer("server.stream_keepalive_ms", ms, 1000, 300000);
    s.stream_keepalive = std::chrono::milliseconds(ms);
    // An event stream is kept open by its keep-alive comments; they must come well before the
    // connection counts as idle (at most half the keep-alive timeout).
    if (s.stream_keepalive * 2 > s.keepalive_timeout && !r.text("server.stream_keepalive_ms"))
        s.stream_keepalive = s.keepalive_timeout / 2;
    else if (s.stream_keepalive * 2 > s.keepalive_timeout)
        r.fail("server.stream_keepalive_ms", "must be at most half of server.keepalive_timeout_ms (" +
                                                 std::to_string(s.keepalive_timeout.count()) + "), got " +
                                                 std::to_string(s.stream_keepalive.count()));
    r.choice("server.region", s.region, {"ash", "pdx", "nbg", "sin"});
    std::string trust = s.trust_proxy ? "true" : "false";
    r.choice("server.trust_proxy", trust, {"true", "false"});
    s.trust_proxy = trust == "true";

    if (auto url = r.text("storage.url")) s.database_url = resolve_sqlite_url(*url, file.parent_path());
    else s.database_url = resolve_sqlite_url(s.database_url, file.parent_path());
    r.integer("storage.pool_size", s.db_pool_size, 1, 256);
    r.choice("storage.sqlite_synchronous", s.sqlite_synchronous, {"full", "normal"});

    s.plugins_dir = r.path("plugins.dir", file.parent_path() / s.plugins_dir);
    if (auto disabled = r.text("plugins.disabled"))
        for (auto& name : split_list(*disabled)) s.disabled_plugins.insert(name);

    r.choice("log.level", s.log_level, {"trace", "debug", "info", "warn", "error"});
    r.choice("log.format", s.log_format, {"text", "json"});

    s.scripts_dir = r.path("lua.scripts_dir", file.parent_path() / s.scripts_dir);
    r.integer("lua.instruction_limit", s.lua_instruction_limit, 1000, 10'000'000'000ll);
    std::size_t mem_kb = s.lua_memory_limit_bytes / 1024;
    r.integer("lua.memory_limit_kb", mem_kb, 64, 4ll << 20);
    s.lua_memory_limit_bytes = mem_kb * 1024;

    r.integer("scheduler.workers", s.scheduler_workers, 1, 256);
    r.integer("events.queue_capacity", s.event_queue_capacity, 1, 10'000'000);

    auto& m = s.monitors;
    if (auto url = r.text("monitors.public_url")) {
        m.public_url = *url;
        while (!m.public_url.empty() && m.public_url.back() == '/') m.public_url.pop_back();
    }
    r.integer("monitors.check_timeout_ms", m.check_timeout_ms, 100, 120000);
    r.integer("monitors.failure_threshold", m.failure_threshold, 1, 10);
    r.integer("monitors.raw_retention_hours", m.raw_retention_hours, 1, 24 * 365);
    r.integer("monitors.minute_retention_days", m.minute_retention_days, 1, 3650);
    r.integer("monitors.max_checks_in_flight", m.max_checks_in_flight, 1, 1'000'000);
    r.integer("monitors.ping_rate_limit_per_minute", m.ping_rate_limit_per_minute, 1, 1'000'000);

    for (auto& [name, plan] : s.plans) {
        r.integer("plans." + name + "_requests_per_minute", plan.requests_per_minute, 1, 10'000'000);
        r.integer("plans." + name + "_requests_per_day", plan.requests_per_day, 1, 1'000'000'000);
        r.integer("plans." + name + "_retention_days", plan.retention_days, 1, 36500);
    }
}

} // namespace

std::pair<std::string, std::uint16_t> parse_listen(const std::string& text, const std::string& where) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos) throw ConfigError(where + " must be host:port, got '" + text + "'");
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "0.0.0.0";
    unsigned port = 0;
    auto digits = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc() || end != digits.data() + digits.size() || port > 65535)
        throw ConfigError(where + " has an invalid port '" + digits + "' (0-65535)");
    return {host, static_cast<std::uint16_t>(port)};
}

Settings load_settings(const fs::path& config_file, const SettingsOverrides& overrides) {
    Settings s;
    if (!config_file.empty()) {
        s.config_file = fs::absolute(config_file);
        read_file(s, s.config_file);
    }
    if (overrides.listen) {
        auto [host, port] = parse_listen(*overrides.listen, "--listen / SENTINEL_LISTEN");
        s.listen_address = host;
        s.listen_port = port;
    }
    if (overrides.plugins_dir) s.plugins_dir = fs::absolute(*overrides.plugins_dir);
    if (overrides.database_url) s.database_url = resolve_sqlite_url(*overrides.database_url, fs::current_path());
    if (overrides.log_level) {
        static const std::set<std::string> levels = {"trace", "debug", "info", "warn", "error"};
        if (!levels.count(*overrides.log_level))
            throw ConfigError("--log-level / SENTINEL_LOG_LEVEL must be one of trace, debug, info, warn, error, got '" +
                              *overrides.log_level + "'");
        s.log_level = *overrides.log_level;
    }
    return s;
}

} // namespace sentinel::host
