#include "detector_test_support.hpp"

namespace sentinel::security {
namespace {

using testing::expect_fires_on_messages;
using testing::expect_quiet_on_messages;
using testing::run;

TEST(Xss, FiresOnMarkupPayloads) {
    expect_fires_on_messages(detect_xss, {"q=<script>alert(1)</script>", "url=javascript:alert(document.cookie)",
                                          "comment=<img src=x onerror=alert(1)>", "name=<svg onload=alert(1)>",
                                          "x=<svg/onload=confirm(1)>", "x=<body onload =steal()>",
                                          "x=<iframe src=//evil>", "x=\" onmouseover=\"alert(1)",
                                          "x=vbscript:msgbox(1)", "x=data:text/html;base64,PHNjcmlwdD4="});
}

TEST(Xss, SeesThroughEncodingAndCase) {
    expect_fires_on_messages(detect_xss, {"q=%3CScRiPt%3Ealert(1)%3C/script%3E", "q=&lt;script&gt;x&lt;/script&gt;",
                                          "href=&#106;avascript&#58;alert(1)", "href=JaVaScRiPt:void(0)",
                                          "q=%26lt%3Bimg+src%3Dx+ONERROR%3Dalert(1)%26gt%3B"});
}

TEST(Xss, ScoresSeventyFiveAndNamesTheField) {
    const auto finding = run(detect_xss, "request", {{"path", "/search?q=<script>x</script>"}});
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->detector, "xss");
    EXPECT_EQ(finding->score, 75);
    EXPECT_NE(finding->summary.find("path"), std::string::npos) << finding->summary;
    EXPECT_NE(finding->prevention.find("Content-Security-Policy"), std::string::npos);
}

TEST(Xss, QuietOnBenignLookAlikes) {
    expect_quiet_on_messages(detect_xss, {"Read the javascript tutorial", "GET /app?onboarding=true&location=paris",
                                          "description=handler onerror callback registered", "Uploaded cat.jpg",
                                          "<b>bold</b> text rendered", "Subscriptions: 3 scripts loaded",
                                          "Set alert threshold to 5", "onload handler took 5ms", "x=?onerror=1", ""});
}

} // namespace
} // namespace sentinel::security
