#include "gemini_client.hpp"

#include "sample_entries.hpp"

#include <sentinel/sdk/testing/canned_http_server.hpp>

#include <gmock/gmock.h>

#include <chrono>
#include <thread>

namespace sentinel::security {
namespace {

using nlohmann::json;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

constexpr const char* kKey = "AIzaSy-test-key-123";

LogEntry entry_with(std::string message, json metadata = json{{"ip", "45.22.19.11"}}) {
    return testing::sample_entry(std::move(message), std::move(metadata));
}

Analysis analysis_of(int score) { return testing::sql_injection_analysis(score); }

std::string gemini_answer(const std::string& text) {
    return json{{"candidates", json::array({{{"content", {{"role", "model"}, {"parts", json::array({{{"text", text}}})}}},
                                             {"finishReason", "STOP"}}})}}
        .dump();
}

const std::string kGoodText = R"({"summary":"SQL injection probe from 45.22.19.11.","prevention_measures":"Block the IP; review the WAF rule"})";

EnricherSettings settings_for(std::string endpoint, std::chrono::milliseconds timeout = 5s) {
    EnricherSettings s;
    s.api_key = kKey;
    s.endpoint = std::move(endpoint);
    s.timeout = timeout;
    return s;
}

// ---- prompt and request ---------------------------------------------------------------------

TEST(GeminiPrompt, CarriesTheEntryAndTheAnalysisAndAsksForJson) {
    const std::string prompt = gemini_prompt(entry_with("GET /?id=1' OR 1=1"), analysis_of(85));
    EXPECT_THAT(prompt, HasSubstr(R"("message":"GET /?id=1' OR 1=1")"));
    EXPECT_THAT(prompt, HasSubstr(R"("ip":"45.22.19.11")"));
    EXPECT_THAT(prompt, HasSubstr(R"("source":"Nginx Gateway")"));
    EXPECT_THAT(prompt, HasSubstr(R"("score":85)"));
    EXPECT_THAT(prompt, HasSubstr(R"("severity":"HIGH")"));
    EXPECT_THAT(prompt, HasSubstr(R"("detector":"sql_injection")"));
    EXPECT_THAT(prompt, HasSubstr("\"summary\": one or two sentences"));
    EXPECT_THAT(prompt, HasSubstr("\"prevention_measures\""));
    EXPECT_THAT(prompt, HasSubstr("untrusted"));
}

TEST(GeminiPrompt, TruncatesALongMessageOnACharacterBoundary) {
    std::string message(kPromptMessageBytes - 1, 'a');
    message += "\xC3\xA9"; // é straddles the limit
    message += std::string(10'000, 'b');
    const std::string prompt = gemini_prompt(entry_with(message), analysis_of(10));
    EXPECT_THAT(prompt, HasSubstr(std::string(kPromptMessageBytes - 1, 'a') + " [truncated]"));
    EXPECT_THAT(prompt, Not(HasSubstr("bbbb")));
    EXPECT_LT(prompt.size(), kPromptMessageBytes + kPromptMetadataBytes + 2000);
}

TEST(GeminiPrompt, ShortMessagesAreNotMarkedTruncatedAndHugeMetadataIsCut) {
    const std::string prompt = gemini_prompt(entry_with("short", json{{"blob", std::string(20'000, 'm')}}), analysis_of(10));
    EXPECT_THAT(prompt, HasSubstr(R"("message":"short")"));
    EXPECT_THAT(prompt, HasSubstr("[truncated]"));
    EXPECT_LT(prompt.size(), kPromptMetadataBytes + 2500);
}

TEST(GeminiRequest, HasTheGenerateContentShape) {
    const json body = json::parse(gemini_request_body("hello \"model\""));
    EXPECT_EQ(body["contents"][0]["role"], "user");
    EXPECT_EQ(body["contents"][0]["parts"][0]["text"], "hello \"model\"");
    EXPECT_EQ(body["generationConfig"]["responseMimeType"], "application/json");
    EXPECT_DOUBLE_EQ(body["generationConfig"]["temperature"].get<double>(), 0.2);
}

// ---- parsing the answer ---------------------------------------------------------------------

TEST(GeminiResponse, ReadsTheFirstCandidatesJson) {
    const auto result = parse_gemini_response(gemini_answer(kGoodText));
    ASSERT_TRUE(result.enrichment) << result.failure;
    EXPECT_EQ(result.enrichment->summary, "SQL injection probe from 45.22.19.11.");
    EXPECT_EQ(result.enrichment->prevention_measures, "Block the IP; review the WAF rule");
}

TEST(GeminiResponse, ToleratesCodeFencesAndAListOfSteps) {
    const auto result = parse_gemini_response(gemini_answer(
        "```json\n{\"summary\": \"Probe.\", \"prevention_measures\": [\"Block the IP\", \" Rotate keys \"]}\n```\n"));
    ASSERT_TRUE(result.enrichment) << result.failure;
    EXPECT_EQ(result.enrichment->summary, "Probe.");
    EXPECT_EQ(result.enrichment->prevention_measures, "Block the IP; Rotate keys");
}

TEST(GeminiResponse, CapsLongTexts) {
    const json text = {{"summary", std::string(5000, 's')}, {"prevention_measures", "Block"}};
    const auto result = parse_gemini_response(gemini_answer(text.dump()));
    ASSERT_TRUE(result.enrichment);
    EXPECT_EQ(result.enrichment->summary.size(), kMaxEnrichedTextBytes);
}

TEST(GeminiResponse, MalformedAnswersAreFailures) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"not json at all", "not a JSON object"},
        {"[1,2]", "not a JSON object"},
        {R"({"candidates":[]})", "no candidates"},
        {R"({"candidates":[{"content":{"parts":[]}}]})", "no candidates"},
        {R"({"candidates":[{"content":{"parts":[{"text":42}]}}]})", "no candidates"},
        {R"({"candidates":"x"})", "no candidates"},
        {R"({"promptFeedback":{"blockReason":"SAFETY"}})", "prompt blocked: SAFETY"},
        {gemini_answer("I think this is bad"), "not a JSON object"},
        {gemini_answer("```json\n"), "not a JSON object"},
        {gemini_answer(R"({"summary":"only a summary"})"), "lacks"},
        {gemini_answer(R"({"summary":"","prevention_measures":"x"})"), "lacks"},
        {gemini_answer(R"({"summary":"s","prevention_measures":[1]})"), "lacks"},
        {gemini_answer(R"({"summary":{"a":1},"prevention_measures":"x"})"), "lacks"},
    };
    for (const auto& [body, reason] : cases) {
        const auto result = parse_gemini_response(body);
        EXPECT_FALSE(result.enrichment) << body;
        EXPECT_THAT(result.failure, HasSubstr(reason)) << body;
    }
}

// ---- the client over a scripted transport ---------------------------------------------------

class ScriptedTransport : public GeminiTransport {
public:
    explicit ScriptedTransport(HttpResult answer) : answer_(std::move(answer)) {}
    HttpResult post(const std::string& url, const std::vector<std::string>& headers, const std::string& body,
                    std::chrono::milliseconds timeout, std::stop_token) override {
        url_ = url;
        headers_ = headers;
        body_ = body;
        timeout_ = timeout;
        return answer_;
    }
    HttpResult answer_;
    std::string url_;
    std::vector<std::string> headers_;
    std::string body_;
    std::chrono::milliseconds timeout_{};
};

TEST(GeminiClient, PostsToTheModelsGenerateContentWithTheKeyHeader) {
    ScriptedTransport transport({200, gemini_answer(kGoodText), ""});
    EnricherSettings s = settings_for("https://llm.example", 1234ms);
    s.model = "gemini-2.0-flash";
    GeminiClient client(s, transport);
    const auto result = client.enrich(entry_with("x"), analysis_of(85), {});
    ASSERT_TRUE(result.enrichment) << result.failure;
    EXPECT_EQ(transport.url_, "https://llm.example/v1beta/models/gemini-2.0-flash:generateContent");
    EXPECT_THAT(transport.headers_, ::testing::UnorderedElementsAre("Content-Type: application/json",
                                                                    std::string("x-goog-api-key: ") + kKey));
    EXPECT_EQ(transport.timeout_, 1234ms);
    EXPECT_EQ(json::parse(transport.body_)["contents"][0]["parts"][0]["text"], gemini_prompt(entry_with("x"), analysis_of(85)));
    EXPECT_THAT(transport.body_, Not(HasSubstr(kKey)));
}

TEST(GeminiClient, NonSuccessStatusesAreFailuresWithGooglesMessage) {
    for (long status : {400L, 403L, 429L, 500L, 503L}) {
        ScriptedTransport transport({status, R"({"error":{"code":429,"message":"Resource has been exhausted"}})", ""});
        GeminiClient client(settings_for("https://llm.example"), transport);
        const auto result = client.enrich(entry_with("x"), analysis_of(85), {});
        EXPECT_FALSE(result.enrichment);
        EXPECT_THAT(result.failure, AllOf(HasSubstr("HTTP " + std::to_string(status)), HasSubstr("exhausted")));
    }
}

TEST(GeminiClient, TransportErrorsAreFailuresAndNeverShowTheKey) {
    ScriptedTransport transport({0, "", std::string("could not resolve host for key=") + kKey});
    GeminiClient client(settings_for("https://llm.example"), transport);
    const auto result = client.enrich(entry_with("x"), analysis_of(85), {});
    EXPECT_FALSE(result.enrichment);
    EXPECT_THAT(result.failure, AllOf(HasSubstr("could not resolve"), HasSubstr("[redacted]"), Not(HasSubstr(kKey))));
}

// ---- the real transport against a local server ------------------------------------------------

TEST(CurlTransport, GetsACannedGeminiAnswerFromALocalServer) {
    sdk::testing::CannedHttpServer server(200, gemini_answer(kGoodText));
    CurlTransport transport;
    GeminiClient client(settings_for(server.url()), transport);
    const auto result = client.enrich(entry_with(std::string(3000, 'q')), analysis_of(85), {});
    ASSERT_TRUE(result.enrichment) << result.failure;
    EXPECT_EQ(result.enrichment->summary, "SQL injection probe from 45.22.19.11.");

    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_THAT(requests[0], HasSubstr("POST /v1beta/models/gemini-2.0-flash:generateContent HTTP/1.1"));
    EXPECT_THAT(requests[0], HasSubstr(std::string("x-goog-api-key: ") + kKey));
    EXPECT_THAT(requests[0], HasSubstr("Content-Type: application/json"));
    EXPECT_THAT(requests[0], HasSubstr(std::string(3000, 'q'))); // the whole body arrived
}

TEST(CurlTransport, AServerErrorIsAFailure) {
    sdk::testing::CannedHttpServer server(500, R"({"error":{"message":"internal"}})");
    CurlTransport transport;
    GeminiClient client(settings_for(server.url()), transport);
    const auto result = client.enrich(entry_with("x"), analysis_of(85), {});
    EXPECT_FALSE(result.enrichment);
    EXPECT_THAT(result.failure, HasSubstr("HTTP 500"));
}

TEST(CurlTransport, AServerThatNeverAnswersTimesOut) {
    sdk::testing::CannedHttpServer server(200, "", /*respond=*/false);
    CurlTransport transport;
    GeminiClient client(settings_for(server.url(), 300ms), transport);
    const auto result = client.enrich(entry_with("x"), analysis_of(85), {});
    EXPECT_FALSE(result.enrichment);
    EXPECT_THAT(result.failure, HasSubstr("timed out"));
}

TEST(CurlTransport, AStopRequestAbortsAPendingRequest) {
    sdk::testing::CannedHttpServer server(200, "", /*respond=*/false);
    CurlTransport transport;
    std::stop_source stop;
    std::thread stopper([&] {
        while (server.requests().empty()) std::this_thread::sleep_for(5ms);
        stop.request_stop();
    });
    const HttpResult result = transport.post(server.url() + "/x", {}, "{}", 60s, stop.get_token());
    stopper.join();
    EXPECT_EQ(result.status, 0);
    EXPECT_THAT(result.error, HasSubstr("aborted"));
}

TEST(CurlTransport, AnUnreachableEndpointIsAFailure) {
    int port = 0;
    { // a port that was free a moment ago and has no listener now
        sdk::testing::CannedHttpServer probe(200, "");
        port = std::stoi(probe.url().substr(probe.url().rfind(':') + 1));
    }
    CurlTransport transport;
    const HttpResult result = transport.post("http://127.0.0.1:" + std::to_string(port) + "/", {}, "{}", 2s, {});
    EXPECT_EQ(result.status, 0);
    EXPECT_FALSE(result.error.empty());
}

} // namespace
} // namespace sentinel::security
