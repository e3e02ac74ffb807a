#include "test_server.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace http_probe::test {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Cert = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using Ext = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using Ctx = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX, SSL_CTX_free>>;
using Ssl = std::unique_ptr<SSL, Deleter<SSL, SSL_free>>;

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("openssl: ") + what);
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

void add_ext(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    Ext ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    require(ext != nullptr, "extension");
    require(X509_add_ext(cert, ext.get(), -1) == 1, "add extension");
}

const char* reason(int status) {
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

class Closer {
public:
    explicit Closer(int fd) : fd_(fd) {}
    ~Closer() { ::close(fd_); }
    Closer(const Closer&) = delete;
    Closer& operator=(const Closer&) = delete;

private:
    int fd_;
};

} // namespace

TlsIdentity make_self_signed(std::chrono::seconds valid_for) {
    Key key(EVP_EC_gen("P-256"));
    require(key != nullptr, "EC key");
    Cert cert(X509_new());
    require(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    unsigned char serial[8];
    require(RAND_bytes(serial, sizeof serial) == 1, "serial");
    serial[0] &= 0x7f;
    std::uint64_t s = 0;
    for (unsigned char b : serial) s = (s << 8) | b;
    ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), s);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(valid_for.count()));
    require(X509_set_pubkey(cert.get(), key.get()) == 1, "pubkey");
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Sentinel tests"), -1, -1, 0);
    require(X509_set_issuer_name(cert.get(), name) == 1, "issuer");
    add_ext(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert.get(), NID_subject_key_identifier, "hash");
    add_ext(cert.get(), NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    require(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "sign");

    Bio cert_bio(BIO_new(BIO_s_mem()));
    Bio key_bio(BIO_new(BIO_s_mem()));
    require(PEM_write_bio_X509(cert_bio.get(), cert.get()) == 1, "write cert");
    require(PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1, "write key");
    return {bio_text(cert_bio.get()), bio_text(key_bio.get())};
}

struct TestServer::Tls {
    Ctx ctx;
};

TestServer::TestServer(Handler handler, std::optional<TlsIdentity> tls) : handler_(std::move(handler)) {
    if (tls) {
        tls_ = std::make_unique<Tls>();
        tls_->ctx.reset(SSL_CTX_new(TLS_server_method()));
        require(tls_->ctx != nullptr, "SSL_CTX_new");
        Bio cert_bio(BIO_new_mem_buf(tls->cert_pem.data(), static_cast<int>(tls->cert_pem.size())));
        Bio key_bio(BIO_new_mem_buf(tls->key_pem.data(), static_cast<int>(tls->key_pem.size())));
        Cert cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
        Key key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr));
        require(cert && key, "read identity");
        require(SSL_CTX_use_certificate(tls_->ctx.get(), cert.get()) == 1, "use cert");
        require(SSL_CTX_use_PrivateKey(tls_->ctx.get(), key.get()) == 1, "use key");
    }
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error("socket");
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listen_fd_, 128) != 0) {
        ::close(listen_fd_);
        throw std::runtime_error("bind/listen");
    }
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

TestServer::~TestServer() {
    stopping_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    ::close(listen_fd_);
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        threads.swap(connections_);
    }
    for (auto& t : threads) t.join();
}

std::string TestServer::url(const std::string& path) const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<SeenRequest> TestServer::seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
}

void TestServer::accept_loop() {
    while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 20) <= 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        std::lock_guard lock(mutex_);
        connections_.emplace_back([this, fd] { serve(fd); });
    }
}

void TestServer::serve(int fd) {
    const Closer closer(fd);
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    Ssl ssl;
    if (tls_) {
        ssl.reset(SSL_new(tls_->ctx.get()));
        SSL_set_fd(ssl.get(), fd);
        if (SSL_accept(ssl.get()) != 1) {
            ERR_clear_error();
            return;
        }
    }
    auto read_some = [&](char* buffer, int size) -> int {
        if (ssl) return SSL_read(ssl.get(), buffer, size);
        return static_cast<int>(::recv(fd, buffer, static_cast<std::size_t>(size), 0));
    };
    auto write_all = [&](const std::string& data) {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const int chunk = static_cast<int>(std::min<std::size_t>(data.size() - sent, 1 << 16));
            const int n = ssl ? SSL_write(ssl.get(), data.data() + sent, chunk)
                              : static_cast<int>(::send(fd, data.data() + sent, static_cast<std::size_t>(chunk), MSG_NOSIGNAL));
            if (n <= 0) return;
            sent += static_cast<std::size_t>(n);
        }
    };

    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        const int n = read_some(buffer, sizeof buffer);
        if (n <= 0) return;
        head.append(buffer, static_cast<std::size_t>(n));
    }
    SeenRequest request;
    std::istringstream lines(head.substr(0, head.find("\r\n\r\n")));
    std::string line;
    std::getline(lines, line);
    std::istringstream first(line);
    first >> request.method >> request.path;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        request.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    ++requests_;
    {
        std::lock_guard lock(mutex_);
        seen_.push_back(request);
    }
    const Reply reply = handler_(request);
    if (reply.hang || reply.delay.count() > 0) {
        const auto until = std::chrono::steady_clock::now() + (reply.hang ? std::chrono::hours(1) : reply.delay);
        while (!stopping_ && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (reply.hang) return;
    }
    std::string response = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) + "\r\n";
    response += "Content-Type: " + reply.content_type + "\r\n";
    response += "Content-Length: " + std::to_string(reply.body.size()) + "\r\n";
    for (const auto& [name, value] : reply.headers) response += name + ": " + value + "\r\n";
    response += "Connection: close\r\n\r\n";
    if (request.method != "HEAD") response += reply.body;
    write_all(response);
    if (ssl) SSL_shutdown(ssl.get());
}

std::uint16_t closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd); // bound but never listening, then released: connecting is refused
    return ntohs(address.sin_port);
}

TempDir::TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() / ("http-probe-test-" + std::to_string(random()) + std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
    const auto file = path_ / name;
    std::ofstream(file) << content;
    return file.string();
}

} // namespace http_probe::test
