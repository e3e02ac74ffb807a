#include "detector_test_support.hpp"

namespace sentinel::security {
namespace {

using testing::expect_fires_on_messages;
using testing::expect_quiet_on_messages;
using testing::run;

TEST(PrivilegeEscalation, FiresOnEscalationSigns) {
    expect_fires_on_messages(detect_privilege_escalation,
                             {"sudo: alice : TTY=pts/0 ; USER=root ; COMMAND=/bin/bash", "session opened: su root",
                              "su - root by bob", "chmod 777 /var/www", "chmod +s /tmp/sh", "chmod u+s /bin/x",
                              "chmod 4755 /tmp/rootshell", "setuid binary executed", "user bob added to group wheel",
                              "bob was added to the sudo group", "member carol added to group Domain Admins",
                              "Possible privilege escalation on host-3", "role changed to Admin for dave",
                              "user eve promoted to administrator", "process uid=0(root) gid=0(root)",
                              "/etc/sudoers modified"});
}

TEST(PrivilegeEscalation, ScoresSixtyFiveFromMetadataToo) {
    const auto finding = run(detect_privilege_escalation, "command run", {{"command", "SUDO su"}});
    ASSERT_TRUE(finding.has_value());
    EXPECT_EQ(finding->detector, "privilege_escalation");
    EXPECT_EQ(finding->score, 65);
    EXPECT_NE(finding->summary.find("command"), std::string::npos);
}

TEST(PrivilegeEscalation, QuietOnBenignLookAlikes) {
    expect_quiet_on_messages(detect_privilege_escalation,
                             {"pseudo-random seed refreshed", "Solved the sudoku", "chmod 644 /var/www/index.html",
                              "item added to cart", "bob added to group developers",
                              "role changed from admin to viewer", "process uid=1000 started", "uid=01 parsed",
                              "su rooted plant", "granted read access", ""});
}

} // namespace
} // namespace sentinel::security
