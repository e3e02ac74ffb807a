// Monitor types (plugin API 1.1): what a plugin declares to add a type to /api/monitors.
//
//   void monitor_types(sentinel::sdk::MonitorTypeTable& types) {
//       types.pull({"dns", "Resolves a name", {"domain"}},
//                  [](const nlohmann::json& m) { ... return MonitorValidation{...}; },
//                  [this](const nlohmann::json& m, CheckDone done) { ...; done(result); });
//   }
//
// The host owns everything shared (storage, schedule, statuses, incidents, history, the public
// ping URLs); a type validates its own fields and either checks (pull) or says when the next
// ping is due (push).
#pragma once

#include <sentinel/plugin_api.h>
#include <sentinel/sdk/http.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sentinel::sdk {

enum class MonitorKind { Pull = SNL_MONITOR_PULL, Push = SNL_MONITOR_PUSH };

struct MonitorTypeInfo {
    std::string name;
    std::string summary;
    std::vector<std::string> check_types; // allowed sub-checks
};

// What a type's validator returns: field errors, and the type's normalised fields (with
// defaults) that the host stores and shows.
struct MonitorValidation {
    ValidationErrors errors;
    nlohmann::json fields = nlohmann::json::object();
};

// The outcome of one check (see monitor_check_done in plugin_api.h).
struct CheckResult {
    bool is_up = false;
    bool degraded = false;
    std::optional<double> response_time_ms;
    std::optional<int> status_code;
    std::string message;
    nlohmann::json details = nlohmann::json::object();

    static CheckResult down(std::string why, nlohmann::json details = nlohmann::json::object()) {
        CheckResult r;
        r.message = std::move(why);
        r.details = std::move(details);
        return r;
    }

    nlohmann::json to_json() const {
        nlohmann::json j = {{"is_up", is_up}, {"degraded", degraded}, {"message", message},
                            {"details", details}};
        j["response_time"] = response_time_ms ? nlohmann::json(*response_time_ms) : nlohmann::json();
        j["status_code"] = status_code ? nlohmann::json(*status_code) : nlohmann::json();
        return j;
    }
};

// Completes a check; call it exactly once, from any thread. Copyable.
using CheckDone = std::function<void(const CheckResult&)>;

using MonitorValidator = std::function<MonitorValidation(const nlohmann::json& monitor)>;
using MonitorChecker = std::function<void(const nlohmann::json& monitor, CheckDone done)>;
// The first time after `after_ms` a ping is due; nullopt when never.
using NextExpected =
    std::function<std::optional<std::int64_t>(const nlohmann::json& monitor, std::int64_t after_ms)>;

class MonitorTypeTable {
public:
    struct Entry {
        MonitorKind kind;
        MonitorValidator validate;
        MonitorChecker check;       // pull types
        NextExpected next_expected; // push types
    };

    void pull(MonitorTypeInfo info, MonitorValidator validate, MonitorChecker check) {
        if (!validate || !check) throw std::invalid_argument("monitor type " + info.name + " needs a validator and a checker");
        add(std::move(info), Entry{MonitorKind::Pull, std::move(validate), std::move(check), {}});
    }
    void push(MonitorTypeInfo info, MonitorValidator validate, NextExpected next_expected) {
        if (!validate || !next_expected) throw std::invalid_argument("monitor type " + info.name + " needs a validator and next_expected");
        add(std::move(info), Entry{MonitorKind::Push, std::move(validate), {}, std::move(next_expected)});
    }

    const std::vector<snl_monitor_type_def>& defs() const noexcept { return defs_; }
    const Entry& entry(std::size_t index) const { return entries_.at(index); }

private:
    void add(MonitorTypeInfo info, Entry entry) {
        auto& kept = infos_.emplace_back(std::move(info));
        auto& pointers = check_pointers_.emplace_back();
        for (const auto& c : kept.check_types) pointers.push_back(c.c_str());
        defs_.push_back(snl_monitor_type_def{sizeof(snl_monitor_type_def), kept.name.c_str(),
                                             static_cast<std::int32_t>(entry.kind),
                                             pointers.empty() ? nullptr : pointers.data(),
                                             pointers.size(), kept.summary.c_str()});
        entries_.push_back(std::move(entry));
    }

    std::deque<MonitorTypeInfo> infos_; // deque: the C declarations point into these
    std::deque<std::vector<const char*>> check_pointers_;
    std::vector<snl_monitor_type_def> defs_;
    std::vector<Entry> entries_;
};

// Helpers for validators: read an optional field of a given JSON type, recording an error.
namespace monitor_fields {

inline std::optional<std::int64_t> integer(const nlohmann::json& m, const std::string& field,
                                           std::int64_t min, std::int64_t max, ValidationErrors& errors) {
    auto it = m.find(field);
    if (it == m.end() || it->is_null()) return std::nullopt;
    std::int64_t v = 0;
    if (it->is_number_integer()) {
        v = it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                ? INT64_MAX
                : it->get<std::int64_t>();
    } else if (it->is_number_float() && std::abs(it->get<double>()) < 9e15 &&
               it->get<double>() == std::floor(it->get<double>())) {
        v = static_cast<std::int64_t>(it->get<double>()); // 80.0 is 80; 1e300 is out of range below
    } else if (it->is_number_float() && std::isfinite(it->get<double>()) &&
               it->get<double>() == std::floor(it->get<double>())) {
        v = it->get<double>() > 0 ? INT64_MAX : INT64_MIN;
    } else {
        errors.add(field, "must be an integer");
        return std::nullopt;
    }
    if (v < min || v > max) {
        errors.add(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return std::nullopt;
    }
    return v;
}

inline std::optional<std::string> text(const nlohmann::json& m, const std::string& field,
                                       std::size_t max_len, ValidationErrors& errors) {
    auto it = m.find(field);
    if (it == m.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) {
        errors.add(field, "must be a string");
        return std::nullopt;
    }
    auto v = it->get<std::string>();
    if (v.size() > max_len) {
        errors.add(field, "must be at most " + std::to_string(max_len) + " characters");
        return std::nullopt;
    }
    return v;
}

inline std::optional<bool> boolean(const nlohmann::json& m, const std::string& field, ValidationErrors& errors) {
    auto it = m.find(field);
    if (it == m.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) {
        errors.add(field, "must be true or false");
        return std::nullopt;
    }
    return it->get<bool>();
}

inline bool has_check(const nlohmann::json& m, std::string_view check) {
    auto it = m.find("check_types");
    if (it == m.end() || !it->is_array()) return false;
    for (const auto& c : *it)
        if (c.is_string() && c.get<std::string>() == check) return true;
    return false;
}

} // namespace monitor_fields
} // namespace sentinel::sdk
