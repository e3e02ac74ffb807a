#include "curl_loop.hpp"

#include <vector>

namespace http_probe {

CurlLoop::CurlLoop() : multi_(make_multi()) {
    thread_ = std::thread([this] { run(); });
}

CurlLoop::~CurlLoop() { stop(); }

void CurlLoop::submit(std::unique_ptr<Transfer> transfer) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            incoming_.push_back(std::move(transfer));
            curl_multi_wakeup(multi_.get());
            return;
        }
    }
    transfer->finished(CURLE_ABORTED_BY_CALLBACK, true);
}

void CurlLoop::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
        curl_multi_wakeup(multi_.get());
    }
    if (thread_.joinable()) thread_.join();
}

void CurlLoop::run() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) break;
        }
        start_incoming();
        int running = 0;
        curl_multi_perform(multi_.get(), &running);
        reap_finished();
        // Returns early on socket activity, curl's own timers or curl_multi_wakeup.
        curl_multi_poll(multi_.get(), nullptr, 0, 1000, nullptr);
    }
    abort_all();
}

void CurlLoop::start_incoming() {
    std::deque<std::unique_ptr<Transfer>> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(incoming_);
    }
    for (auto& transfer : batch) {
        CURL* easy = transfer->easy();
        if (curl_multi_add_handle(multi_.get(), easy) != CURLM_OK) {
            transfer->finished(CURLE_FAILED_INIT, false);
            continue;
        }
        active_.emplace(easy, std::move(transfer));
    }
}

void CurlLoop::reap_finished() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        // Copy out first: the message is invalid once the handle is removed.
        CURL* easy = msg->easy_handle;
        const CURLcode code = msg->data.result;
        auto it = active_.find(easy);
        if (it == active_.end()) continue;
        std::unique_ptr<Transfer> transfer = std::move(it->second);
        active_.erase(it);
        curl_multi_remove_handle(multi_.get(), easy);
        transfer->finished(code, false);
    }
}

void CurlLoop::abort_all() {
    std::vector<std::unique_ptr<Transfer>> ended;
    for (auto& [easy, transfer] : active_) {
        curl_multi_remove_handle(multi_.get(), easy);
        ended.push_back(std::move(transfer));
    }
    active_.clear();
    {
        std::lock_guard lock(mutex_);
        for (auto& transfer : incoming_) ended.push_back(std::move(transfer));
        incoming_.clear();
    }
    for (auto& transfer : ended) transfer->finished(CURLE_ABORTED_BY_CALLBACK, true);
}

} // namespace http_probe
