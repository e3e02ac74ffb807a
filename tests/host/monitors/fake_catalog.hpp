// A monitor type catalog without plugins: a pull type "tcp" (check types dns, domain; needs a
// port) and a push type "beat" (needs every_s; the next ping is due every_s after the last).
#pragma once

#include "monitors/monitor_type_catalog.hpp"

#include <map>

namespace sentinel::host::testing {

class FakeCatalog final : public MonitorTypeCatalog {
public:
    std::optional<MonitorTypeInfo> find(std::string_view name) const override {
        for (const auto& t : list())
            if (t.name == name) return t;
        return std::nullopt;
    }
    std::vector<MonitorTypeInfo> list() const override {
        return {MonitorTypeInfo{"tcp", "fake", "", sdk::MonitorKind::Pull, {"dns", "domain"}},
                MonitorTypeInfo{"beat", "fake", "", sdk::MonitorKind::Push, {}}};
    }
    TypeValidation validate(const std::string& type, const nlohmann::json& m) override {
        validated.push_back(m);
        TypeValidation v;
        if (type == "tcp") {
            if (!m.contains("port") || !m["port"].is_number_integer())
                v.errors.push_back({{"field", "port"}, {"message", "is required"}});
            else v.fields["port"] = m["port"];
            v.fields["url"] = m.value("url", "localhost");
            v.fields["banner"] = m.value("banner", "none"); // a type-specific option
        } else {
            if (!m.contains("every_s")) v.errors.push_back({{"field", "every_s"}, {"message", "is required"}});
            else v.fields["heartbeat_interval"] = m["every_s"];
        }
        return v;
    }
    void start_check(const std::string&, const nlohmann::json&, std::chrono::milliseconds, CheckCallback done) override {
        done(failed_check("fake"));
    }
    void expire_overdue() override {}
    std::optional<std::int64_t> next_expected(const std::string&, const nlohmann::json& m, std::int64_t after) override {
        return after + m.value("heartbeat_interval", 60) * 1000;
    }

    std::vector<nlohmann::json> validated;
};

} // namespace sentinel::host::testing
