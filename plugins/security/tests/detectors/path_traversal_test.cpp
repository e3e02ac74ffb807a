#include "detector_test_support.hpp"

namespace sentinel::security {
namespace {

using testing::expect_fires_on_messages;
using testing::expect_quiet_on_messages;
using testing::run;

TEST(PathTraversal, FiresOnTraversalSequences) {
    expect_fires_on_messages(detect_path_traversal,
                             {"GET /download?file=../../secret.txt", "file=..\\..\\boot.cfg", "file=..%2f..%2fapp.cfg",
                              "file=%2e%2e/%2e%2e/app.cfg", "file=%252e%252e%252fapp.cfg", "file=....//....//app",
                              "GET /static/..;/manager/html", "p=..%c0%afetc"});
}

TEST(PathTraversal, SensitiveFilesScoreHigher) {
    const auto passwd = run(detect_path_traversal, "GET /view?page=../../../../etc/passwd");
    ASSERT_TRUE(passwd.has_value());
    EXPECT_EQ(passwd->score, 85);
    EXPECT_NE(passwd->summary.find("/etc/passwd"), std::string::npos) << passwd->summary;

    const auto win_ini = run(detect_path_traversal, "x", {{"path", "/read?f=C:%5CWindows%5Cwin.ini"}});
    ASSERT_TRUE(win_ini.has_value());
    EXPECT_EQ(win_ini->score, 85);
    EXPECT_NE(win_ini->summary.find("path"), std::string::npos);

    const auto plain = run(detect_path_traversal, "GET /download?file=../../app.cfg");
    ASSERT_TRUE(plain.has_value());
    EXPECT_EQ(plain->detector, "path_traversal");
    EXPECT_EQ(plain->score, 75);
}

TEST(PathTraversal, KeepsTheStrongestFieldAcrossMetadata) {
    const auto finding =
        run(detect_path_traversal, "file=../x", {{"request", {{"uri", "/a?f=%2E%2E%2F%2E%2E%2Fetc%2Fshadow"}}}});
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->score, 85);
    EXPECT_NE(finding->summary.find("request.uri"), std::string::npos) << finding->summary;
}

TEST(PathTraversal, QuietOnNormalPathsWithDots) {
    expect_quiet_on_messages(detect_path_traversal,
                             {"GET /static/app.v1.2.3.min.js", "Uploaded cat.jpg", "GET /files/report..final.pdf",
                              "Loading... done/ok", "version 1..2/3 range", "GET /a/./b/index.html",
                              "GET /etc-passwords-guide.html", "Wait.../home", ""});
}

} // namespace
} // namespace sentinel::security
