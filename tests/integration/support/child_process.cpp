#include "support/child_process.hpp"

#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

extern char** environ;

namespace sentinel::it {
namespace {

std::vector<std::string> child_environment(const Environment& overrides) {
    std::vector<std::string> out;
    for (char** entry = environ; *entry; ++entry) {
        std::string text(*entry);
        if (text.starts_with("SENTINEL_")) continue;
        auto name = text.substr(0, text.find('='));
        if (!overrides.count(name)) out.push_back(std::move(text));
    }
    for (const auto& [name, value] : overrides) out.push_back(name + "=" + value);
    return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

// posix_spawn_file_actions_t as a scoped object.
class FileActions {
public:
    FileActions() { posix_spawn_file_actions_init(&actions_); }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
    posix_spawn_file_actions_t* get() { return &actions_; }

private:
    posix_spawn_file_actions_t actions_;
};

} // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const Environment& env,
                           const std::filesystem::path& stdout_file, const std::filesystem::path& stderr_file) {
    auto args = argv;
    auto environment = child_environment(env);
    auto c_args = c_strings(args);
    auto c_env = c_strings(environment);

    FileActions actions;
    constexpr int flags = O_WRONLY | O_CREAT | O_APPEND;
    posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, stdout_file.c_str(), flags, 0644);
    if (stderr_file == stdout_file)
        posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, STDERR_FILENO);
    else
        posix_spawn_file_actions_addopen(actions.get(), STDERR_FILENO, stderr_file.c_str(), flags, 0644);

    if (int rc = posix_spawn(&pid_, c_args[0], actions.get(), nullptr, c_args.data(), c_env.data()); rc != 0)
        throw std::system_error(rc, std::generic_category(), "posix_spawn " + argv.at(0));
}

ChildProcess::~ChildProcess() {
    if (running()) {
        ::kill(pid_, SIGKILL);
        reap(0);
    }
}

bool ChildProcess::reap(int options) {
    if (exit_code_) return true;
    int status = 0;
    pid_t rc;
    do {
        rc = waitpid(pid_, &status, options);
    } while (rc < 0 && errno == EINTR);
    if (rc != pid_) return false;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
}

bool ChildProcess::running() { return pid_ > 0 && !reap(WNOHANG); }

void ChildProcess::send_signal(int signal) {
    if (running()) ::kill(pid_, signal);
}

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return exit_code_;
}

CompletedProcess run_process(const std::vector<std::string>& argv, const Environment& env,
                             std::chrono::milliseconds timeout) {
    TempDir dir("sentinel-it-run");
    CompletedProcess result;
    {
        ChildProcess child(argv, env, dir / "stdout", dir / "stderr");
        auto code = child.wait_for(timeout);
        result.exit_code = code.value_or(-1); // the destructor kills a child that timed out
    }
    result.out = read_file(dir / "stdout");
    result.err = read_file(dir / "stderr");
    return result;
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace sentinel::it
