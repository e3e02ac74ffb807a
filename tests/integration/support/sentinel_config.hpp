// The INI file a test's sentineld reads. Listen address, plugins dir and database URL are not in
// it: the harness passes them as flags.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace sentinel::it {

struct SentinelConfig {
    int http_threads = 4;
    std::size_t max_body_bytes = 65536;
    int header_timeout_ms = 1000;
    std::string sqlite_synchronous = "normal"; // "full" where a test is about durability
    std::string log_level = "info";
    std::string greeting = "hello from the integration tests"; // [plugin.v1-fixture]
    std::string server_extra;                                   // more [server] lines
    std::string extra;                                          // appended verbatim

    std::string render() const;
};

void write_config(const std::filesystem::path& file, const SentinelConfig& config);

} // namespace sentinel::it
