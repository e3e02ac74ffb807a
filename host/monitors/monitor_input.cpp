#include "monitors/monitor_input.hpp"

#include <date/tz.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace sentinel::host {
namespace {

using sdk::MonitorKind;
using sdk::ValidationErrors;

// Fields the host stores in columns; the rest of the type's fields go to `settings`.
const std::set<std::string> kColumnFields = {"url", "port", "heartbeat_interval", "heartbeat_cron_expression"};
// Fields only the host sets or that the API ignores on input.
const std::set<std::string> kHostOwned = {"id", "status", "ping_url", "last_checked_at", "last_heartbeat_at",
                                          "heartbeat_expected_at", "created_at", "updated_at", "team_id",
                                          "incidents", "response_times", "last_response_time",
                                          "last_status_code", "last_error"};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

// A JSON array of distinct strings from `allowed`, in the order given.
std::optional<nlohmann::json> string_set(const nlohmann::json& value, const std::string& field,
                                         const std::vector<std::string>& allowed, const std::string& what,
                                         ValidationErrors& errors) {
    if (!value.is_array()) {
        errors.add(field, "must be an array of strings");
        return std::nullopt;
    }
    nlohmann::json out = nlohmann::json::array();
    bool ok = true;
    for (const auto& item : value) {
        if (!item.is_string()) {
            errors.add(field, "must be an array of strings");
            return std::nullopt;
        }
        auto s = item.get<std::string>();
        if (std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
            errors.add(field, "'" + s + "' is not allowed " + what + " (allowed: " +
                                  (allowed.empty() ? std::string("none") : join(allowed)) + ")");
            ok = false;
            continue;
        }
        if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    }
    if (!ok) return std::nullopt;
    return out;
}

std::optional<std::int64_t> whole_number(const nlohmann::json& v) {
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9e15) return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

std::optional<std::int64_t> bounded_int(const nlohmann::json& body, const std::string& field, std::int64_t min,
                                        std::int64_t max, ValidationErrors& errors) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) return std::nullopt;
    auto n = whole_number(*it);
    if (!n) {
        errors.add(field, "must be an integer");
        return std::nullopt;
    }
    if (*n < min || *n > max) {
        errors.add(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return std::nullopt;
    }
    return n;
}

nlohmann::json stored_input(const MonitorRecord& m) {
    nlohmann::json j = monitor_for_plugin(m);
    j["is_paused"] = m.is_paused;
    j["failure_threshold"] = m.failure_threshold;
    j.erase("id");
    return j;
}

} // namespace

bool is_known_time_zone(const std::string& name) {
    if (name.empty() || name.size() > 64) return false;
    try {
        return date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
        return false;
    }
}

MonitorInputOutcome read_monitor_input(const nlohmann::json& body, const std::optional<MonitorRecord>& existing,
                                       MonitorTypeCatalog& types, int default_threshold) {
    MonitorInputOutcome out;
    auto& errors = out.errors;
    auto& m = out.monitor;
    if (existing) m = *existing;

    // The type: defaults to http on create, locked on update.
    std::string type_name = existing ? existing->monitor_type : "http";
    if (auto it = body.find("monitor_type"); it != body.end() && !it->is_null()) {
        if (!it->is_string()) {
            errors.add("monitor_type", "must be a string");
        } else if (existing && it->get<std::string>() != existing->monitor_type) {
            errors.add("monitor_type", "cannot be changed (it is '" + existing->monitor_type +
                                           "'); create a new monitor instead");
        } else {
            type_name = it->get<std::string>();
        }
    }
    auto type = types.find(type_name);
    if (!type) {
        std::vector<std::string> names;
        for (const auto& t : types.list()) names.push_back(t.name);
        errors.add("monitor_type", "'" + type_name + "' is not an available monitor type (available: " +
                                       (names.empty() ? std::string("none") : join(names)) + ")");
        return out;
    }
    out.type = *type;
    m.monitor_type = type_name;
    const bool push = type->kind == MonitorKind::Push;

    // The candidate: the stored monitor with the body's fields over it. Push monitors ignore url
    // and check_interval (their URL is the system-owned ping URL).
    nlohmann::json merged = existing ? stored_input(*existing) : nlohmann::json::object();
    for (auto& [key, value] : body.items()) {
        if (kHostOwned.count(key)) continue;
        if (push && (key == "url" || key == "check_interval")) continue;
        merged[key] = value;
    }
    merged["monitor_type"] = type_name;

    if (auto it = merged.find("friendly_name"); it != merged.end() && !it->is_null()) {
        if (!it->is_string()) errors.add("friendly_name", "must be a string");
        else if (it->get<std::string>().size() > 255) errors.add("friendly_name", "must be at most 255 characters");
        else m.friendly_name = it->get<std::string>();
    } else {
        m.friendly_name.reset();
    }
    if (push && (!m.friendly_name || m.friendly_name->find_first_not_of(" \t") == std::string::npos))
        errors.add("friendly_name", "is required for " + type_name + " monitors");

    if (!push) {
        auto it = merged.find("check_interval");
        if (it == merged.end() || it->is_null()) {
            errors.add("check_interval", "is required for " + type_name + " monitors (minutes, 0.5 to 60)");
        } else if (!it->is_number()) {
            errors.add("check_interval", "must be a number of minutes");
        } else {
            double v = it->get<double>();
            if (!std::isfinite(v) || v < 0.5 || v > 60) errors.add("check_interval", "must be between 0.5 and 60 minutes");
            else m.check_interval = v;
        }
        m.failure_threshold = default_threshold;
        if (existing) m.failure_threshold = existing->failure_threshold;
        if (auto n = bounded_int(merged, "failure_threshold", 1, 10, errors)) m.failure_threshold = static_cast<int>(*n);
    } else {
        m.check_interval.reset();
        m.failure_threshold = 1;
        m.heartbeat_grace = 60;
        if (auto it = merged.find("heartbeat_grace"); it != merged.end() && !it->is_null()) {
            if (auto n = bounded_int(merged, "heartbeat_grace", 0, 86400, errors)) m.heartbeat_grace = *n;
        }
        merged["heartbeat_grace"] = m.heartbeat_grace ? nlohmann::json(*m.heartbeat_grace) : nlohmann::json();
        m.heartbeat_timezone = "UTC";
        if (auto it = merged.find("heartbeat_timezone"); it != merged.end() && !it->is_null()) {
            if (!it->is_string() || !is_known_time_zone(it->get<std::string>()))
                errors.add("heartbeat_timezone", "must be an IANA time zone name such as America/New_York");
            else m.heartbeat_timezone = it->get<std::string>();
        }
        merged["heartbeat_timezone"] = *m.heartbeat_timezone;
    }

    m.monitored_regions = nlohmann::json(kMonitorRegions);
    if (auto it = merged.find("monitored_regions"); it != merged.end() && !it->is_null()) {
        if (auto v = string_set(*it, "monitored_regions", kMonitorRegions, "as a region", errors)) {
            if (v->empty()) errors.add("monitored_regions", "must name at least one region");
            else m.monitored_regions = *v;
        }
    }
    merged["monitored_regions"] = m.monitored_regions;

    m.check_types = nlohmann::json::array();
    if (auto it = merged.find("check_types"); it != merged.end() && !it->is_null()) {
        if (auto v = string_set(*it, "check_types", type->check_types, "for " + type_name + " monitors", errors))
            m.check_types = *v;
    }
    merged["check_types"] = m.check_types;

    if (auto it = merged.find("is_paused"); it != merged.end() && !it->is_null()) {
        if (!it->is_boolean()) errors.add("is_paused", "must be true or false");
        else m.is_paused = it->get<bool>();
    }

    // The type's own fields.
    TypeValidation v = types.validate(type_name, merged);
    for (const auto& e : v.errors) {
        std::string field = e.value("field", "");
        std::string message = e.value("message", "is invalid");
        if (field.empty()) errors.add_form(message);
        else errors.add(field, message);
    }
    if (!errors.empty()) return out;

    auto text_or_null = [](const nlohmann::json& f, const char* key) -> std::optional<std::string> {
        auto it = f.find(key);
        if (it == f.end() || !it->is_string()) return std::nullopt;
        return it->get<std::string>();
    };
    auto int_or_null = [](const nlohmann::json& f, const char* key) -> std::optional<std::int64_t> {
        auto it = f.find(key);
        if (it == f.end()) return std::nullopt;
        return whole_number(*it);
    };
    m.url = push ? std::nullopt : text_or_null(v.fields, "url");
    m.port = int_or_null(v.fields, "port");
    m.heartbeat_interval = int_or_null(v.fields, "heartbeat_interval");
    m.heartbeat_cron_expression = text_or_null(v.fields, "heartbeat_cron_expression");
    m.settings = nlohmann::json::object();
    for (auto& [key, value] : v.fields.items())
        if (!kColumnFields.count(key)) m.settings[key] = value;
    return out;
}

} // namespace sentinel::host
