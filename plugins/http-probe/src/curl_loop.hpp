// One thread running a libcurl multi handle: any thread submits transfers, the loop drives them
// all concurrently and reports each one's end on the loop thread.
#pragma once

#include "curl_handles.hpp"

#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace http_probe {

// A transfer owned by the loop from submission until finished() returns.
class Transfer {
public:
    virtual ~Transfer() = default;
    virtual CURL* easy() const noexcept = 0;
    // Called exactly once, on the loop thread (or on the submitting thread when the loop is
    // stopped). `aborted` means the loop shut down before the transfer ended.
    virtual void finished(CURLcode code, bool aborted) noexcept = 0;
};

class CurlLoop {
public:
    CurlLoop();
    ~CurlLoop(); // stop()
    CurlLoop(const CurlLoop&) = delete;
    CurlLoop& operator=(const CurlLoop&) = delete;

    // Thread-safe; also callable from finished() on the loop thread.
    void submit(std::unique_ptr<Transfer> transfer);
    // Ends every pending transfer as aborted and joins the thread. Idempotent.
    void stop();

private:
    void run();
    void start_incoming();
    void reap_finished();
    void abort_all();

    MultiHandle multi_;
    std::mutex mutex_;
    std::deque<std::unique_ptr<Transfer>> incoming_; // guarded by mutex_
    bool stopping_ = false;                           // guarded by mutex_
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> active_; // loop thread only
    std::thread thread_;
};

} // namespace http_probe
