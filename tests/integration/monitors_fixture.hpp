// The fixture of the monitors suites: sentineld with the product's five monitor plugins, a
// DEVELOPER key, and helpers for /api/monitors.
#pragma once

#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/paths.hpp"
#include "support/polling.hpp"
#include "support/sentinel_cli.hpp"

#include <gmock/gmock.h>

#include <memory>
#include <string>

namespace sentinel::it {

class MonitorsTest : public BackendTest {
protected:
    void SetUp() override {
        BackendTest::SetUp();
        if (IsSkipped()) return;
        use_plugins({product_plugin("heartbeat"), product_plugin("cron"), product_plugin("port"),
                     product_plugin("http-probe"), product_plugin("ping")});
        key_ = create_key("DEVELOPER", "it-monitors");
    }

    void start() {
        start_server();
        http_ = std::make_unique<HttpClient>(client());
    }

    HttpResponse api(const std::string& method, const std::string& path, const std::string& body = "") {
        Headers h = bearer(key_);
        if (!body.empty()) h.emplace_back("Content-Type", "application/json");
        return http_->request(method, path, h, body.empty() ? std::nullopt : std::optional<std::string_view>(body));
    }

    // Creates a monitor; fails the test unless the answer is 201.
    nlohmann::json create(const nlohmann::json& body) {
        auto r = api("POST", "/api/monitors", body.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return r.json();
    }

    nlohmann::json get(std::int64_t id) {
        auto r = api("GET", "/api/monitors/" + std::to_string(id));
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json();
    }

    // The path part of a ping URL ("http://127.0.0.1:1234/ping/abc" -> "/ping/abc").
    static std::string ping_path(const nlohmann::json& monitor) {
        auto url = monitor.at("ping_url").get<std::string>();
        return url.substr(url.find("/ping/"));
    }

    std::string key_;
    std::unique_ptr<HttpClient> http_;
};

} // namespace sentinel::it
