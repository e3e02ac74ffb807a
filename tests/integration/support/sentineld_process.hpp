// One sentineld server process: spawned with the test's config, plugins dir and database,
// waited for until it answers GET /health, stopped with SIGTERM.
#pragma once

#include "support/child_process.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace sentinel::it {

struct SentineldLaunch {
    std::filesystem::path work_dir;    // logs go here
    std::filesystem::path config_file; // empty: no --config
    std::string database_url;          // empty: no --database-url
    std::filesystem::path plugins_dir; // empty: no --plugins-dir
    Environment env;                   // extra environment variables
    bool listen_flag = true;           // pass --listen 127.0.0.1:<port>
    std::uint16_t port = 0;            // 0: a free port, picked anew at every start
};

class SentineldProcess {
public:
    explicit SentineldProcess(SentineldLaunch launch);
    ~SentineldProcess();
    SentineldProcess(const SentineldProcess&) = delete;
    SentineldProcess& operator=(const SentineldProcess&) = delete;

    // Spawns sentineld and waits (up to 20 s) until it logs that it listens and GET /health
    // answers 200. Throws std::runtime_error, with the log, when it does not.
    void start();
    // SIGTERM, then waits for the exit and returns its code. A process still running after
    // `timeout` is killed with SIGKILL, which fails the current test.
    int stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));

    void send_signal(int signal);
    std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
    bool running();
    // True when the process ended without stop() or send_signal() (a crash, an abort).
    bool exited_on_its_own();
    std::optional<int> exit_code() const;

    std::uint16_t port() const { return port_; }
    std::string base_url() const;
    // Everything the current (or last) run wrote to stdout and stderr.
    std::string log_text() const;
    const std::filesystem::path& log_file() const { return log_file_; }

private:
    enum class Startup { Healthy, PortTaken };
    Startup spawn_and_wait();

    SentineldLaunch launch_;
    std::uint16_t port_ = 0;
    int runs_ = 0;
    std::filesystem::path log_file_;
    std::unique_ptr<ChildProcess> child_;
    bool signalled_ = false; // since the last start
};

} // namespace sentinel::it
