// For tests of code that calls out over HTTP (probes, webhooks, LLM backends): a tiny blocking
// HTTP/1.1 server on 127.0.0.1 and an ephemeral port, run on its own thread. Each connection's
// request is read (headers and Content-Length body), recorded, and answered with the canned
// response, or never answered when `respond` is false (held open until the server stops).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sentinel::sdk::testing {

class CannedHttpServer {
public:
    CannedHttpServer(int status, std::string body, bool respond = true)
        : status_(status), body_(std::move(body)), respond_(respond) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (listener_ < 0) throw std::runtime_error("socket failed");
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        socklen_t length = sizeof address;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::listen(listener_, 8) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            ::close(listener_);
            throw std::runtime_error("bind/listen failed");
        }
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~CannedHttpServer() {
        stopping_ = true;
        thread_.join();
        ::close(listener_);
    }
    CannedHttpServer(const CannedHttpServer&) = delete;
    CannedHttpServer& operator=(const CannedHttpServer&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<std::string> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    // Waits for `fd` to be readable, giving up when the server stops.
    bool readable(int fd) {
        pollfd watch{fd, POLLIN, 0};
        while (!stopping_) {
            const int ready = ::poll(&watch, 1, 20);
            if (ready > 0) return true;
            if (ready < 0) return false;
        }
        return false;
    }

    void serve() {
        while (readable(listener_)) {
            const int client = ::accept(listener_, nullptr, nullptr);
            if (client < 0) continue;
            handle(client);
            ::close(client);
        }
    }

    static std::size_t content_length(const std::string& head) {
        std::string lower;
        for (char c : head) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto at = lower.find("content-length:");
        return at == std::string::npos ? 0 : std::stoul(lower.substr(at + 15));
    }

    void handle(int client) {
        std::string request;
        char buffer[4096];
        std::size_t wanted = std::string::npos;
        while (request.size() < wanted && readable(client)) {
            const ssize_t got = ::recv(client, buffer, sizeof buffer, 0);
            if (got <= 0) return;
            request.append(buffer, static_cast<std::size_t>(got));
            const auto head_end = request.find("\r\n\r\n");
            if (wanted == std::string::npos && head_end != std::string::npos)
                wanted = head_end + 4 + content_length(request.substr(0, head_end));
        }
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
        }
        if (!respond_) {
            while (readable(client)) {
                if (::recv(client, buffer, sizeof buffer, 0) <= 0) return; // the client gave up
            }
            return;
        }
        const std::string response = "HTTP/1.1 " + std::to_string(status_) + " Canned\r\nContent-Type: application/json\r\n"
                                     "Content-Length: " + std::to_string(body_.size()) +
                                     "\r\nConnection: close\r\n\r\n" + body_;
        std::size_t sent = 0;
        while (sent < response.size()) {
            const ssize_t n = ::send(client, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return;
            sent += static_cast<std::size_t>(n);
        }
    }

    const int status_;
    const std::string body_;
    const bool respond_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::vector<std::string> requests_;
    std::thread thread_;
};

} // namespace sentinel::sdk::testing
