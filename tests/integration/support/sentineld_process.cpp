#include "support/sentineld_process.hpp"

#include "support/free_port.hpp"
#include "support/http_client.hpp"
#include "support/paths.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <stdexcept>
#include <thread>

namespace sentinel::it {
namespace {

constexpr auto kStartupTimeout = std::chrono::seconds(20);
constexpr auto kPollInterval = std::chrono::milliseconds(50);

} // namespace

SentineldProcess::SentineldProcess(SentineldLaunch launch) : launch_(std::move(launch)) {}

SentineldProcess::~SentineldProcess() {
    if (child_ && child_->running()) {
        child_->send_signal(SIGTERM);
        child_->wait_for(std::chrono::seconds(5));
    }
    child_.reset(); // SIGKILLs what is left
}

std::string SentineldProcess::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string SentineldProcess::log_text() const { return read_file(log_file_); }

bool SentineldProcess::running() { return child_ && child_->running(); }

void SentineldProcess::send_signal(int signal) {
    signalled_ = true;
    if (child_) child_->send_signal(signal);
}

bool SentineldProcess::exited_on_its_own() { return child_ && !child_->running() && !signalled_; }

std::optional<int> SentineldProcess::exit_code() const { return child_ ? child_->exit_code() : std::nullopt; }

std::optional<int> SentineldProcess::wait_for_exit(std::chrono::milliseconds timeout) {
    if (!child_) return std::nullopt;
    return child_->wait_for(timeout);
}

void SentineldProcess::start() {
    if (running()) throw std::logic_error("sentineld is already running");
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
        if (spawn_and_wait() == Startup::Healthy) return;
        if (attempt == kAttempts || launch_.port != 0)
            throw std::runtime_error("sentineld could not bind port " + std::to_string(port_) + ":\n" + log_text());
    }
}

SentineldProcess::Startup SentineldProcess::spawn_and_wait() {
    port_ = launch_.port != 0 ? launch_.port : free_loopback_port();
    log_file_ = launch_.work_dir / ("sentineld-" + std::to_string(++runs_) + ".log");

    std::vector<std::string> argv = {sentineld_binary().string()};
    if (!launch_.config_file.empty()) argv.insert(argv.end(), {"--config", launch_.config_file.string()});
    if (launch_.listen_flag) argv.insert(argv.end(), {"--listen", "127.0.0.1:" + std::to_string(port_)});
    if (!launch_.plugins_dir.empty()) argv.insert(argv.end(), {"--plugins-dir", launch_.plugins_dir.string()});
    if (!launch_.database_url.empty()) argv.insert(argv.end(), {"--database-url", launch_.database_url});
    child_ = std::make_unique<ChildProcess>(argv, launch_.env, log_file_, log_file_);
    signalled_ = false;

    // The log line proves that this process (not another one that took the port) is listening.
    const std::string listening = "sentineld listening on 127.0.0.1:" + std::to_string(port_);
    HttpClient client(base_url(), std::chrono::seconds(2));
    const auto deadline = std::chrono::steady_clock::now() + kStartupTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!child_->running()) {
            auto log = log_text();
            if (log.find("ddress already in use") != std::string::npos) return Startup::PortTaken;
            throw std::runtime_error("sentineld exited with code " + std::to_string(child_->exit_code().value_or(-1)) +
                                     " while starting:\n" + log);
        }
        if (log_text().find(listening) != std::string::npos && client.get("/health").status == 200)
            return Startup::Healthy;
        std::this_thread::sleep_for(kPollInterval);
    }
    throw std::runtime_error("sentineld did not answer GET /health within 20 s:\n" + log_text());
}

int SentineldProcess::stop(std::chrono::milliseconds timeout) {
    if (!child_) throw std::logic_error("sentineld was never started");
    send_signal(SIGTERM);
    if (auto code = child_->wait_for(timeout)) return *code;
    ADD_FAILURE() << "sentineld (pid " << child_->pid() << ") did not exit within " << timeout.count()
                  << " ms of SIGTERM; killing it with SIGKILL";
    child_->send_signal(SIGKILL);
    return child_->wait_for(std::chrono::seconds(5)).value_or(-1);
}

} // namespace sentinel::it
