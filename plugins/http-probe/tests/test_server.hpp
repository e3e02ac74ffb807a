// Loopback HTTP and HTTPS servers for the tests, with throw-away certificates.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace http_probe::test {

struct SeenRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers; // names in lower case
};

struct Reply {
    Reply(int code = 200, std::string text = {}, std::string type = "text/plain",
          std::vector<std::pair<std::string, std::string>> extra = {})
        : status(code), body(std::move(text)), content_type(std::move(type)), headers(std::move(extra)) {}

    int status = 200;
    std::string body;
    std::string content_type = "text/plain";
    std::vector<std::pair<std::string, std::string>> headers;
    bool hang = false;                      // never answer (until the server stops)
    std::chrono::milliseconds delay{0};     // answer after this long
};

using Handler = std::function<Reply(const SeenRequest&)>;

// A self-signed certificate for 127.0.0.1 and localhost, valid from an hour ago for `valid_for`.
struct TlsIdentity {
    std::string cert_pem;
    std::string key_pem;
};
TlsIdentity make_self_signed(std::chrono::seconds valid_for);

// Serves every connection on its own thread (one request per connection), on 127.0.0.1.
class TestServer {
public:
    explicit TestServer(Handler handler, std::optional<TlsIdentity> tls = std::nullopt);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    std::string url(const std::string& path = "/") const;
    int request_count() const noexcept { return requests_.load(); }
    std::vector<SeenRequest> seen() const;

private:
    struct Tls;
    void accept_loop();
    void serve(int fd);

    Handler handler_;
    std::unique_ptr<Tls> tls_;
    int listen_fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> requests_{0};
    mutable std::mutex mutex_;
    std::vector<SeenRequest> seen_;
    std::vector<std::thread> connections_;
    std::thread acceptor_;
};

// A loopback port nothing listens on.
std::uint16_t closed_port();

class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const noexcept { return path_; }
    std::string write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path path_;
};

} // namespace http_probe::test
