#include "http/http_server.hpp"

#include "http/dispatcher.hpp"
#include "http/http_types.hpp"
#include "http/peer_stream.hpp"
#include "http/server_life.hpp"
#include "http/stream_hub.hpp"
#include "http/url_codec.hpp"
#include "common/random_token.hpp"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <limits>
#include <optional>
#include <shared_mutex>
#include <string_view>
#include <sstream>
#include <stdexcept>

namespace sentinel::host {
namespace {

using namespace Pistache;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Headers Pistache parsed into typed objects are not in rawList(); take both.
Pairs headers_of(const Http::Request& request) {
    Pairs out;
    for (const auto& [name, raw] : request.headers().rawList()) out.emplace_back(lower(name), raw.value());
    for (const auto& header : request.headers().list()) {
        std::ostringstream value;
        header->write(value);
        out.emplace_back(lower(header->name()), value.str());
    }
    return out;
}

// Pistache writes only typed headers (raw ones are silently dropped), so every header the
// dispatcher sets travels as one of these.
class NamedHeader final : public Http::Header::Header {
public:
    NamedHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    void write(std::ostream& stream) const override { stream << value_; }
    uint64_t hash() const override { return Http::Header::detail::hash(name_.c_str()); }

private:
    std::string name_;
    std::string value_;
};

void send(Http::ResponseWriter& writer, const HttpResponse& response) {
    for (const auto& [name, value] : response.headers) {
        if (is_safe_header(name, value)) writer.headers().add(std::make_shared<NamedHeader>(name, value));
        else spdlog::warn("dropped an unsafe response header '{}'", name.substr(0, 64));
    }
    if (!response.content_type.empty())
        writer.setMime(Http::Mime::MediaType::fromString(response.content_type));
    writer.send(static_cast<Http::Code>(response.status), response.body);
}

// Errors found before the dispatcher sees the request (unparsable or oversized requests).
void send_error(Http::ResponseWriter& writer, int status, const std::string& message) {
    writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
    auto response = error_response(status, message);
    response.set_header("X-Request-Id", random_hex(12));
    send(writer, response);
}

// The Content-Length a request declares, when its header is in this chunk. Pistache reserves that
// many bytes before applying any limit, so an absurd value must be refused before parsing.
std::optional<unsigned long long> declared_content_length(std::string_view chunk) {
    auto headers_end = chunk.find("\r\n\r\n");
    auto head = chunk.substr(0, headers_end);
    static constexpr std::string_view name = "\r\ncontent-length:";
    auto it = std::search(head.begin(), head.end(), name.begin(), name.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == b;
    });
    if (it == head.end()) return std::nullopt;
    auto value = head.substr(static_cast<std::size_t>(it - head.begin()) + name.size());
    value.remove_prefix(std::min(value.find_first_not_of(" \t"), value.size()));
    unsigned long long length = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec == std::errc::result_out_of_range) return std::numeric_limits<unsigned long long>::max();
    if (ec != std::errc() || end == value.data()) return std::nullopt;
    return length;
}

// The method and path (without the query) of a chunk that starts a request, e.g. "POST /x?a HTTP/1.1".
std::optional<std::pair<std::string_view, std::string_view>> request_line_start(std::string_view chunk) {
    auto line = chunk.substr(0, chunk.find("\r\n"));
    auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos || sp1 == 0) return std::nullopt;
    auto sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.substr(sp2 + 1).rfind("HTTP/", 0) != 0) return std::nullopt;
    auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    return std::pair{line.substr(0, sp1), target.substr(0, target.find('?'))};
}

// Pistache's own Handler answers parse errors in plain text and closes HTTP/1.1 connections
// that send no Connection header; this one keeps the server's JSON error shape and keep-alive.
class RequestHandler final : public Http::Handler {
public:
    HTTP_PROTOTYPE(RequestHandler)

    RequestHandler(Dispatcher* dispatcher, std::size_t max_request_body, std::shared_ptr<ServerLife> life,
                   StreamHub* streams)
        : dispatcher_(dispatcher), max_body_(max_request_body), life_(std::move(life)), streams_(streams) {}

    void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override {
        // A connection carrying an event stream has no room for another response: its input is
        // ignored until the stream ends.
        if (auto marker = std::static_pointer_cast<std::atomic<bool>>(peer->tryGetData(PeerStream::kPeerMarker));
            marker && marker->load())
            return;
        auto parser = getParser(peer);
        auto& request = parser->request;
        auto fail = [&](int status, const std::string& message) {
            parser->reset();
            Http::ResponseWriter writer(request.version(), transport(), this, peer);
            send_error(writer, status, message);
        };
        const std::string too_large = "Request body exceeds the limit of " + std::to_string(max_body_) + " bytes";
        try {
            // Refused before the body arrives when the client declares its length; the route's
            // own limit (uploads) is checked again by the dispatcher for chunked bodies.
            if (auto start = request_line_start({buffer, len})) {
                const auto limit = dispatcher_->body_limit_for(start->first, start->second);
                if (auto declared = declared_content_length({buffer, len}); declared && *declared > limit)
                    return fail(413, "Request body of " + std::to_string(*declared) +
                                         " bytes exceeds the limit of " + std::to_string(limit) + " bytes");
            }
            if (!parser->feed(buffer, len)) return fail(413, too_large);
            if (parser->parse() != Http::Private::State::Done) return;

            Http::ResponseWriter writer(request.version(), transport(), this, peer);
            request.copyAddress(peer->address());
            auto connection = request.headers().tryGet<Http::Header::Connection>();
            auto control = connection ? connection->control()
                           : request.version() == Http::Version::Http11 ? Http::ConnectionControl::KeepAlive
                                                                        : Http::ConnectionControl::Close;
            writer.headers().add<Http::Header::Connection>(control);
            peer->setIdle(false);
            current_peer_ = peer;
            onRequest(request, std::move(writer));
            current_peer_.reset();
            parser->reset();
        } catch (const std::bad_alloc&) {
            fail(413, too_large); // Pistache reserves the declared Content-Length before any limit
        } catch (const std::length_error&) {
            fail(413, too_large);
        } catch (const Http::HttpError& e) {
            fail(e.code(), e.reason());
        } catch (const std::exception& e) {
            fail(400, std::string("Malformed HTTP request: ") + e.what());
        }
    }

    void onRequest(const Http::Request& req, Http::ResponseWriter writer) override {
        HttpRequest request;
        request.method = Http::methodString(req.method());
        const std::string& raw_path = req.resource();
        request.path = percent_decode(raw_path, false).value_or(raw_path);
        for (auto it = req.query().parameters_begin(); it != req.query().parameters_end(); ++it) {
            request.query.emplace_back(percent_decode(it->first, true).value_or(it->first),
                                       percent_decode(it->second, true).value_or(it->second));
        }
        request.headers = headers_of(req);
        request.body = req.body();
        request.remote_addr = req.address().host();
        HttpResponse response = dispatcher_->handle(request, raw_path);
        if (response.stream && response.status == 200) {
            auto refusal = open_stream(req, request.remote_addr, response);
            if (!refusal) return;
            response = std::move(*refusal);
        }
        if (response.deferred) {
            // Sent from the completing thread: Pistache queues writes to the connection's reactor.
            auto held = std::make_shared<Http::ResponseWriter>(std::move(writer));
            response.deferred->deliver_to([held, life = life_](HttpResponse r) {
                std::shared_lock lock(life->mutex);
                if (life->serving) send(*held, r);
            });
            return;
        }
        send(writer, response);
    }

    // Writes the head and first events and registers the stream; otherwise the error to answer.
    std::optional<HttpResponse> open_stream(const Http::Request& req, const std::string& client,
                                            const HttpResponse& response) {
        if (req.version() != Http::Version::Http11)
            return error_response(505, "Event streams need HTTP/1.1");
        if (!streams_ || !current_peer_) return error_response(503, "Event streams are not available");
        // One flag per connection, shared by the streams it carries one after another.
        auto flag = std::static_pointer_cast<std::atomic<bool>>(current_peer_->tryGetData(PeerStream::kPeerMarker));
        const bool had_flag = flag != nullptr;
        if (!flag) flag = std::make_shared<std::atomic<bool>>(false);
        auto stream = std::make_shared<PeerStream>(current_peer_, life_, transport(), flag);
        const auto opened = streams_->open(response.stream->owner, response.stream->channel, client, stream,
                                           [&] { return stream->start(stream_head(response), response.body); });
        switch (opened) {
        case StreamOpen::Opened:
            // The connection now carries one endless response: time it out as idle keep-alive
            // (refreshed while the stream is open), never as a request in progress.
            flag->store(true);
            if (!had_flag) current_peer_->putData(PeerStream::kPeerMarker, flag);
            current_peer_->setIdle(true);
            return std::nullopt;
        case StreamOpen::ClientFull: {
            auto r = error_response(429, "Too many open event streams from this client; close one first");
            r.set_header("Retry-After", "15");
            return r;
        }
        case StreamOpen::Full: {
            auto r = error_response(503, "Too many open event streams; retry later");
            r.set_header("Retry-After", "15");
            return r;
        }
        case StreamOpen::OwnerClosed: return error_response(503, "The plugin serving this stream is being unloaded");
        case StreamOpen::StartFailed: break;
        }
        return error_response(503, "The event stream could not be started");
    }

    void onTimeout(const Http::Request&, Http::ResponseWriter writer) override {
        send_error(writer, 408, "The request was not received in time");
    }

private:
    Dispatcher* dispatcher_;
    std::size_t max_body_;
    std::shared_ptr<ServerLife> life_;
    StreamHub* streams_;
    std::shared_ptr<Tcp::Peer> current_peer_; // the peer of the request being handled, on this reactor
};

// Room for the request line and headers on top of the body limit.
constexpr std::size_t kHeaderAllowance = 64 * 1024;

} // namespace

struct HttpServer::Impl {
    HttpServerOptions options;
    Dispatcher& dispatcher;
    StreamHub* streams;
    std::unique_ptr<Http::Endpoint> endpoint;
    bool running = false;
    std::shared_ptr<ServerLife> life = std::make_shared<ServerLife>();
};

HttpServer::HttpServer(HttpServerOptions options, Dispatcher& dispatcher, StreamHub* streams)
    : impl_(std::make_unique<Impl>(
          Impl{std::move(options), dispatcher, streams, nullptr, false, std::make_shared<ServerLife>()})) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
    const auto& o = impl_->options;
    Address address(o.address, Port(o.port));
    impl_->endpoint = std::make_unique<Http::Endpoint>(address);
    auto opts = Http::Endpoint::options()
                    .threads(o.threads)
                    .flags(Tcp::Options::ReuseAddr)
                    .maxRequestSize(std::max(o.max_body_bytes, o.max_upload_bytes) + kHeaderAllowance)
                    .headerTimeout(o.header_timeout)
                    .bodyTimeout(o.body_timeout)
                    .keepaliveTimeout(o.keepalive_timeout);
    impl_->endpoint->init(opts);
    impl_->endpoint->setHandler(Http::make_handler<RequestHandler>(
        &impl_->dispatcher, std::max(o.max_body_bytes, o.max_upload_bytes), impl_->life, impl_->streams));
    impl_->endpoint->serveThreaded();
    impl_->running = true;
}

void HttpServer::stop() {
    if (!impl_->running) return;
    impl_->running = false;
    if (impl_->streams) impl_->streams->close_all(); // ends them while the transport still runs
    {
        std::unique_lock lock(impl_->life->mutex);
        impl_->life->serving = false;
    }
    impl_->endpoint->shutdown();
}

std::uint16_t HttpServer::port() const {
    if (!impl_->endpoint) return impl_->options.port;
    return static_cast<std::uint16_t>(static_cast<uint16_t>(impl_->endpoint->getPort()));
}

} // namespace sentinel::host
