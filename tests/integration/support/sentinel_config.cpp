#include "support/sentinel_config.hpp"

#include <fstream>
#include <stdexcept>

namespace sentinel::it {

std::string SentinelConfig::render() const {
    return "; written by the Sentinel integration tests\n"
           "[server]\n"
           "threads = " + std::to_string(http_threads) + "\n"
           "max_body_bytes = " + std::to_string(max_body_bytes) + "\n"
           "header_timeout_ms = " + std::to_string(header_timeout_ms) + "\n"
           "body_timeout_ms = 2000\n" +
           server_extra +
           "\n[storage]\n"
           "pool_size = 4\n"
           "sqlite_synchronous = " + sqlite_synchronous + "\n"
           "\n[log]\n"
           "level = " + log_level + "\n"
           "\n[lua]\n"
           "scripts_dir = scripts\n"
           "\n[scheduler]\n"
           "workers = 2\n"
           "\n[plugin.v1-fixture]\n"
           "greeting = " + greeting + "\n" +
           extra;
}

void write_config(const std::filesystem::path& file, const SentinelConfig& config) {
    std::filesystem::create_directories(file.parent_path() / "scripts");
    std::ofstream out(file);
    out << config.render();
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

} // namespace sentinel::it
