// Acceptance point 6: Lua sent to the fixture's POST /fixture/v1/lua runs in the host sandbox:
// results come back as JSON, forbidden functions fail naming chunk and line, runaway scripts are
// stopped by the instruction and memory limits, and the host stays healthy.
#include "support/assertions.hpp"
#include "support/integration_test.hpp"

#include <gmock/gmock.h>

namespace sentinel::it {
namespace {

using ::testing::HasSubstr;

class LuaTest : public IntegrationTest {
protected:
    void SetUp() override {
        IntegrationTest::SetUp();
        developer_ = create_key("DEVELOPER", "it-developer");
        start_server();
        http_ = std::make_unique<HttpClient>(client());
    }

    void TearDown() override {
        if (http_) {
            EXPECT_EQ(http_->get("/health").status, 200) << "the host must survive every script";
        }
        IntegrationTest::TearDown();
    }

    HttpResponse run(const std::string& source) {
        return http_->request("POST", "/fixture/v1/lua", {{"Authorization", "Bearer " + developer_}, {"Content-Type", "text/plain"}},
                              source);
    }

    std::string developer_;
    std::unique_ptr<HttpClient> http_;
};

TEST_F(LuaTest, TableResultComesBackAsJson) {
    auto response = run(R"(
function main()
  local squares = {}
  for i = 1, 4 do squares[i] = i * i end
  return {name = "sandbox", squares = squares, ok = true, half = 0.5}
end)");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.json(), (nlohmann::json{{"result", {{"name", "sandbox"}, {"squares", {1, 4, 9, 16}},
                                                           {"ok", true}, {"half", 0.5}}}}));
}

struct Forbidden {
    std::string what;
    std::string body_of_main; // line 2 of the chunk is the body's first line
    std::string error;        // the message after "fixture-inline:<line>: "
    int line;
};

TEST_F(LuaTest, ForbiddenFunctionsFailNamingTheChunkAndLine) {
    const std::vector<Forbidden> cases = {
        {"os.execute", "return os.execute('id')", "attempt to call a nil value (field 'execute')", 2},
        {"io.open", "return io.open('/etc/passwd')", "attempt to index a nil value (global 'io')", 2},
        {"require", "return require('os')", "attempt to call a nil value (global 'require')", 2},
        {"string.dump", "return string.dump(main)", "attempt to call a nil value (field 'dump')", 2},
        {"debug.sethook", "debug.sethook()", "attempt to index a nil value (global 'debug')", 2},
        {"binary chunk", "local f, err = load('\\27Lua\\84\\0\\25\\147')\n  error(err)",
         "attempt to load a binary chunk (mode is 't')", 3},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.what);
        auto response = run("function main()\n  " + c.body_of_main + "\nend\n");
        ASSERT_TRUE(IsErrorResponse(response, 400));
        EXPECT_THAT(response.json()["message"].get<std::string>(),
                    HasSubstr("fixture-inline:" + std::to_string(c.line) + ": " + c.error));
    }
}

TEST_F(LuaTest, EndlessLoopIsStoppedByTheInstructionLimit) {
    auto response = run("function main()\n  while true do end\nend\n");
    EXPECT_TRUE(IsErrorResponse(response, 422, "instruction limit"));
    EXPECT_THAT(response.json()["message"].get<std::string>(), HasSubstr("fixture-inline:2:"));
}

TEST_F(LuaTest, AllocationBombIsStoppedByTheMemoryLimit) {
    auto response = run(R"(
function main()
  local t = {}
  for i = 1, 1e9 do t[i] = string.rep("x", 1000) end
  return #t
end)");
    EXPECT_TRUE(IsErrorResponse(response, 422, "memory limit"));
    EXPECT_THAT(response.json()["message"].get<std::string>(), HasSubstr("fixture-inline"));
}

TEST_F(LuaTest, ScriptsStillWorkAfterHostileOnes) {
    run("function main()\n  while true do end\nend\n");
    run("function main() local t = {} for i = 1, 1e9 do t[i] = string.rep('x', 1000) end end");
    run("function main() return os.execute('id') end");
    auto response = run("function main() return 6 * 7 end");
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.json()["result"], 42);
}

} // namespace
} // namespace sentinel::it
