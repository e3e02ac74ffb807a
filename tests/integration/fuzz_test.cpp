// Acceptance point 5, fuzz-ish: thousands of random requests (fixed seed, so a failure
// reproduces) never crash or hang the server, and every answer is the JSON error shape with the
// matching statusCode, or a 2xx from a real route.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"
#include "support/raw_connection.hpp"

#include <random>

namespace sentinel::it {
namespace {

using namespace std::chrono_literals;

constexpr std::uint32_t kSeed = 20240611;
constexpr int kCurlRequests = 3000;
constexpr int kRawRequests = 100;

class RandomRequests {
public:
    explicit RandomRequests(std::uint32_t seed, std::string key) : rng_(seed), key_(std::move(key)) {}

    std::string method() {
        static const std::vector<std::string> methods = {"GET", "GET",   "POST",    "POST",  "POST", "PUT",
                                                         "PATCH", "DELETE", "OPTIONS", "HEAD", "get",  "FOO",
                                                         "TRACE", "PROPFIND", "M-SEARCH"};
        return pick(methods);
    }

    std::string path() {
        static const std::vector<std::string> routes = {
            "/health", "/api/v1/plugins", "/api/v1/audit", "/api/v1/version", "/fixture/v1/items",
            "/fixture/v1/items", "/fixture/v1/lua", "/fixture/v1/hello", "/fixture/v1/items/count",
            "/fixture/v1/public", "/x", "/"};
        std::string path = pick(routes);
        switch (below(8)) {
        case 0: path += "/" + random_text(below(20), kPathChars); break;
        case 1: path += pick(std::vector<std::string>{"%zz", "%", "%4", "%00", "%ff%fe", "/..", "//", "/./"}); break;
        case 2: path += "?" + query(); break;
        case 3: path = "/" + std::string(below(6000), 'p'); break;
        default: break;
        }
        return path;
    }

    Headers headers() {
        Headers out;
        if (below(3) != 0) out.push_back(below(2) ? bearer(key_)[0] : api_key_header(key_)[0]);
        if (below(2)) out.emplace_back("Content-Type", below(4) ? "application/json" : random_header_value());
        static const std::vector<std::string> names = {"X-Fuzz", "Authorization", "X-Api-Key", "X-Request-Id",
                                                       "Accept", "Origin", "Cookie", "X-Instance-ID"};
        for (auto n = below(4); n > 0; --n) out.emplace_back(pick(names), random_header_value());
        return out;
    }

    std::optional<std::string> body() {
        switch (below(10)) {
        case 0: return std::nullopt;
        case 1: return random_bytes(below(2000));
        case 2: { // truncated JSON
            std::string full = R"({"name":"truncated","nested":{"list":[1,2,3,{"deep":true}],"n":-1.5e10}})";
            return full.substr(0, below(full.size()));
        }
        case 3: return R"({"name": )" + std::string(1 + below(400), '9') + "}";
        case 4: return pick(std::vector<std::string>{R"({"name": 1e999999})", R"({"name": -1e-999999})",
                                                     "[" + std::string(400, '9') + "]"});
        case 5: return std::string(10000, '[');
        case 6: return std::string(5000, '{') + std::string(5000, '}');
        case 7: return "{\"name\":\"\xff\xfe\xc3\x28 \xed\xa0\x80\"}"; // invalid UTF-8
        case 8: return R"({"name":"fuzz-)" + random_text(below(30), kPathChars) + "\"}";
        default: return std::string(60000 + below(20000), 'z'); // around max_body_bytes
        }
    }

    std::string raw_request() {
        switch (below(5)) {
        case 0: return random_bytes(below(300)) + "\r\n\r\n";
        case 1: return method() + " " + path() + " HTTP/1.1\r\n" + random_bytes(below(200)) + "\r\n\r\n";
        case 2: return "GET /health HTTP/1.1\r\nContent-Length: " + std::to_string(below(100)) + "0000000000000\r\n\r\n";
        case 3: return "POST /fixture/v1/items HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + random_bytes(50);
        default: return "GET " + random_bytes(below(100)) + " HTTP/1.1\r\nHost: x\r\n\r\n";
        }
    }

private:
    static constexpr std::string_view kPathChars =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%";

    std::size_t below(std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
    template <typename T>
    const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

    std::string random_text(std::size_t length, std::string_view alphabet) {
        std::string out;
        for (std::size_t i = 0; i < length; ++i) out += alphabet[below(alphabet.size())];
        return out;
    }
    std::string random_bytes(std::size_t length) {
        std::string out;
        for (std::size_t i = 0; i < length; ++i) out += static_cast<char>(below(256));
        return out;
    }
    // Printable ASCII or high bytes (invalid UTF-8), never CR, LF or NUL.
    std::string random_header_value() {
        std::string out;
        for (auto n = below(60); n > 0; --n) {
            auto c = below(2) ? 0x20 + below(0x5f) : 0x80 + below(0x80);
            out += static_cast<char>(c);
        }
        return out;
    }
    std::string query() {
        std::string out;
        static const std::vector<std::string> keys = {"page", "limit", "action", "from", "to", "user_id", "x"};
        for (auto n = 1 + below(3); n > 0; --n)
            out += (out.empty() ? "" : "&") + pick(keys) + "=" + random_text(below(12), kPathChars);
        return out;
    }

    std::mt19937 rng_;
    std::string key_;
};

// Why a response breaks the contract, or nothing when it keeps it.
std::optional<std::string> contract_violation(const std::string& method, const HttpResponse& response) {
    if (response.status == 0) return "no response: " + response.error;
    if (response.status >= 500) return "server error " + std::to_string(response.status) + ": " + response.body;
    if (response.status >= 200 && response.status < 300) return std::nullopt;
    if (method == "HEAD") return std::nullopt; // no body to check
    auto verdict = IsErrorResponse(response, response.status);
    if (!verdict) return verdict.message();
    return std::nullopt;
}

class FuzzTest : public IntegrationTest {};

TEST_F(FuzzTest, RandomRequestsGetWellFormedAnswersAndTheServerSurvives) {
    const auto admin = create_key("ADMIN", "it-fuzz");
    start_server();
    RandomRequests random(kSeed, admin);
    HttpClient http(server().base_url(), 10s);

    std::vector<std::string> violations;
    auto record = [&](int index, const std::string& what) {
        if (violations.size() < 15) violations.push_back("#" + std::to_string(index) + " " + what);
        else if (violations.size() == 15) violations.push_back("...");
    };
    int violation_count = 0;
    for (int i = 0; i < kCurlRequests; ++i) {
        const auto method = random.method();
        const auto path = random.path();
        const auto headers = random.headers();
        const auto body = random.body();
        auto response = http.request(method, path, headers, body);
        if (auto problem = contract_violation(method, response)) {
            ++violation_count;
            record(i, method + " " + path.substr(0, 80) + " (body " + std::to_string(body ? body->size() : 0) +
                          " bytes): " + *problem);
        }
    }
    // Raw requests all at once: the incomplete ones wait for the header or body timeout.
    std::vector<std::unique_ptr<RawConnection>> connections;
    for (int i = 0; i < kRawRequests; ++i) {
        connections.push_back(std::make_unique<RawConnection>(server().port()));
        connections.back()->send(random.raw_request());
    }
    for (int i = 0; i < kRawRequests; ++i) {
        auto result = connections[i]->read_response(5s);
        if (result.outcome == RawReadResult::Outcome::TimedOut) {
            ++violation_count;
            record(kCurlRequests + i, "raw request: neither answered nor closed within 5 s");
        } else if (result.outcome == RawReadResult::Outcome::Response && result.response.status != 408) {
            // 408 is Pistache's own bare timeout answer (see raw_http_test.cpp)
            if (auto problem = contract_violation("RAW", as_http_response(result.response))) {
                ++violation_count;
                record(kCurlRequests + i, "raw request: " + *problem);
            }
        }
    }

    EXPECT_EQ(violation_count, 0) << ::testing::PrintToString(violations);
    ASSERT_TRUE(server().running()) << "sentineld died during the fuzz run";
    auto health = HttpClient(server().base_url()).get("/health");
    EXPECT_EQ(health.status, 200) << health.body;
}

} // namespace
} // namespace sentinel::it
