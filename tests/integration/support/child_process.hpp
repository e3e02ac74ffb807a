// A child process started with posix_spawn, its stdout and stderr sent to files.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::it {

// Variables to set in the child on top of the parent's environment. Every SENTINEL_* variable of
// the parent is dropped first, so a developer's shell cannot change what a test runs.
using Environment = std::map<std::string, std::string>;

class ChildProcess {
public:
    // Starts argv[0] (a path), appending its stdout and stderr to the files (which may be the same).
    ChildProcess(const std::vector<std::string>& argv, const Environment& env,
                 const std::filesystem::path& stdout_file, const std::filesystem::path& stderr_file);
    ~ChildProcess(); // kills the child if it still runs
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    void send_signal(int signal);
    // The exit code (128 + signal number if a signal ended it) once the child has exited within
    // `timeout`; nullopt if it is still running.
    std::optional<int> wait_for(std::chrono::milliseconds timeout);
    std::optional<int> exit_code() const { return exit_code_; }

private:
    bool reap(int options);

    pid_t pid_ = -1;
    std::optional<int> exit_code_;
};

struct CompletedProcess {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a command to completion (killing it after `timeout`, which yields exit code -1).
CompletedProcess run_process(const std::vector<std::string>& argv, const Environment& env = {},
                             std::chrono::milliseconds timeout = std::chrono::seconds(60));

std::string read_file(const std::filesystem::path& file);

} // namespace sentinel::it
