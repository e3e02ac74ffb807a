#include "support/integration_test.hpp"

#include "support/paths.hpp"
#include "support/sentinel_cli.hpp"

#include <iostream>

namespace sentinel::it {

std::string backend_param_name(const ::testing::TestParamInfo<Backend>& info) { return backend_name(info.param); }

void IntegrationTest::SetUp() {
    if (backend() == Backend::Postgresql && !postgresql_test_url()) GTEST_SKIP() << kPostgresqlSkipMessage;
    database_ = std::make_unique<TestDatabase>(backend(), dir_.path());
    plugins_dir_ = dir_ / "plugins";
    config_file_ = dir_ / "sentinel.conf";
    use_plugins({good_fixture("v1-fixture")});
}

void IntegrationTest::TearDown() {
    if (server_ && server_->exited_on_its_own()) {
        ADD_FAILURE() << "sentineld exited during the test with code " << server_->exit_code().value_or(-1);
    } else if (server_ && server_->running()) {
        int code = server_->stop();
        EXPECT_EQ(code, 0) << "sentineld did not shut down cleanly";
    }
    if (HasFailure() && server_) {
        std::cerr << "---- sentineld log (" << server_->log_file().string() << ") ----\n"
                  << server_->log_text() << "---- end of sentineld log ----\n";
    }
}

void IntegrationTest::use_plugins(const std::vector<std::filesystem::path>& files) {
    std::filesystem::remove_all(plugins_dir_);
    std::filesystem::create_directories(plugins_dir_);
    for (const auto& file : files) {
        if (!std::filesystem::exists(file)) throw std::runtime_error("fixture plugin not built: " + file.string());
        std::filesystem::create_symlink(file, plugins_dir_ / file.filename());
    }
}

std::string IntegrationTest::create_key(const std::string& role, const std::string& name) {
    return sentinel::it::create_key(database_->url(), role, name);
}

SentineldLaunch IntegrationTest::default_launch() const {
    return SentineldLaunch{dir_.path(), config_file_, database_->url(), plugins_dir_, {}, true, 0};
}

SentineldProcess& IntegrationTest::start_server() { return start_server(default_launch()); }

SentineldProcess& IntegrationTest::start_server(SentineldLaunch launch) {
    write_config(config_file_, config_);
    if (!server_) server_ = std::make_unique<SentineldProcess>(std::move(launch));
    server_->start();
    return *server_;
}

SentineldProcess& IntegrationTest::server() {
    if (!server_) throw std::logic_error("start_server() was not called");
    return *server_;
}

HttpClient IntegrationTest::client() const {
    if (!server_) throw std::logic_error("start_server() was not called");
    return HttpClient(server_->base_url());
}

} // namespace sentinel::it
