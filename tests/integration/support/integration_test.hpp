// The base fixture of the integration suites: every test gets its own temp dir, database,
// plugins dir (the v1 fixture unless the test says otherwise), config and sentineld process.
#pragma once

#include "support/http_client.hpp"
#include "support/sentinel_config.hpp"
#include "support/sentineld_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sentinel::it {

class IntegrationTest : public ::testing::Test {
protected:
    virtual Backend backend() const { return Backend::Sqlite; }
    void SetUp() override;
    // Stops a running server and expects a clean exit (code 0); prints its log if the test failed.
    void TearDown() override;

    // Makes the plugins dir hold exactly these .so files (as symlinks).
    void use_plugins(const std::vector<std::filesystem::path>& files);
    // Creates a key with the CLI; call it before start_server() (the server caches lookups).
    std::string create_key(const std::string& role, const std::string& name);
    // What start_server() launches: config_, the plugins dir and the database, on a free port.
    SentineldLaunch default_launch() const;
    // Writes config_ and starts sentineld (or restarts it on the same database); the launch
    // settings of the first start are kept for restarts.
    SentineldProcess& start_server();
    SentineldProcess& start_server(SentineldLaunch launch);
    SentineldProcess& server();
    HttpClient client() const;

    const std::filesystem::path& plugins_dir() const { return plugins_dir_; }
    const std::filesystem::path& config_file() const { return config_file_; }

    TempDir dir_;
    SentinelConfig config_;
    std::unique_ptr<TestDatabase> database_;
    std::unique_ptr<SentineldProcess> server_;

private:
    std::filesystem::path plugins_dir_;
    std::filesystem::path config_file_;
};

// The same tests on SQLite and, when SENTINEL_TEST_PG_URL is set, on PostgreSQL.
class BackendTest : public IntegrationTest, public ::testing::WithParamInterface<Backend> {
protected:
    Backend backend() const override { return GetParam(); }
};

std::string backend_param_name(const ::testing::TestParamInfo<Backend>& info);

#define SENTINEL_IT_ON_BOTH_BACKENDS(suite)                                                                 \
    INSTANTIATE_TEST_SUITE_P(, suite,                                                                       \
                             ::testing::Values(::sentinel::it::Backend::Sqlite,                             \
                                               ::sentinel::it::Backend::Postgresql),                        \
                             ::sentinel::it::backend_param_name)

} // namespace sentinel::it
