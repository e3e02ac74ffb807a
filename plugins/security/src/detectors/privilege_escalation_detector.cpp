// Privilege escalation in system and audit logs: sudo and su to root, setuid bits and world-writable
// modes, new members of administrative groups, roles raised to admin, processes running as uid 0.
#include "detectors/content_detectors.hpp"
#include "detectors/finding_text.hpp"
#include "detectors/text_scan.hpp"

#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

using text::find_word;
using text::skip_spaces;
using text::word_at;
constexpr auto npos = std::string_view::npos;
constexpr int kEscalationScore = 65;

bool su_to_root(std::string_view t) {
    for (std::size_t at = find_word(t, "su"); at != npos; at = find_word(t, "su", at + 1)) {
        std::size_t pos = skip_spaces(t, at + 2);
        if (pos < t.size() && t[pos] == '-') pos = skip_spaces(t, pos + 1);
        if (pos > at + 2 && word_at(t, pos, "root")) return true;
    }
    return false;
}

// chmod 777, chmod +s / u+s / g+s, or a four-digit mode with the setuid or setgid bit (4755, 2755).
bool dangerous_chmod(std::string_view t) {
    for (std::size_t at = find_word(t, "chmod"); at != npos; at = find_word(t, "chmod", at + 1)) {
        std::size_t pos = skip_spaces(t, at + 5);
        if (t.compare(pos, 2, "-r") == 0) pos = skip_spaces(t, pos + 2); // chmod -R 777
        const std::string_view mode = t.substr(pos, t.find_first_of(" \t\n", pos) - pos);
        if (mode == "777" || mode == "0777" || mode == "+s" || mode == "u+s" || mode == "g+s" || mode == "a+s")
            return true;
        if (mode.size() == 4 && (mode[0] == '4' || mode[0] == '2' || mode[0] == '6') && text::is_digit(mode[1]))
            return true;
    }
    return false;
}

bool added_to_privileged_group(std::string_view t) {
    constexpr std::size_t kNear = 64;
    for (std::size_t at = t.find("added to"); at != npos; at = t.find("added to", at + 1)) {
        const std::string_view rest = t.substr(at + 8, kNear);
        for (const std::string_view group : {"wheel", "sudo", "sudoers", "admin", "admins", "administrators",
                                             "domain admins", "enterprise admins", "root", "docker"})
            if (find_word(rest, group) != npos) return true;
    }
    return false;
}

bool raised_to_admin(std::string_view t) {
    for (const std::string_view phrase :
         {"role changed to", "role set to", "role updated to", "promoted to", "granted", "elevated to"}) {
        for (std::size_t at = t.find(phrase); at != npos; at = t.find(phrase, at + 1)) {
            std::size_t pos = skip_spaces(t, at + phrase.size());
            if (word_at(t, pos, "the")) pos = skip_spaces(t, pos + 3);
            for (const std::string_view role : {"admin", "root", "superuser"})
                if (t.compare(pos, role.size(), role) == 0) return true;
        }
    }
    return false;
}

bool runs_as_root(std::string_view t) {
    return find_word(t, "uid=0") != npos || find_word(t, "euid=0") != npos;
}

std::string_view escalation_pattern(std::string_view t) {
    if (text::contains(t, "privilege escalation") || text::contains(t, "privilege-escalation") ||
        text::contains(t, "escalated privileges"))
        return "privilege escalation reported";
    if (su_to_root(t)) return "su to root";
    if (dangerous_chmod(t)) return "chmod 777 / setuid bit";
    if (added_to_privileged_group(t)) return "added to an administrative group";
    if (raised_to_admin(t)) return "role raised to admin";
    if (find_word(t, "setuid") != npos || find_word(t, "sudoers") != npos) return "setuid / sudoers change";
    if (runs_as_root(t)) return "uid=0";
    if (find_word(t, "sudo") != npos) return "sudo";
    return {};
}

} // namespace

std::optional<Finding> detect_privilege_escalation(const InspectedEntry& entry) {
    for (const InspectedField& field : entry.fields) {
        const std::string_view pattern = escalation_pattern(field.text);
        if (pattern.empty()) continue;
        return make_finding("privilege_escalation", kEscalationScore,
                            "Privilege escalation sign in " + location_of(field) + ": " + std::string(pattern),
                            "Confirm the change was authorised; review sudoers and admin group membership and alert "
                            "on new administrators");
    }
    return std::nullopt;
}

} // namespace sentinel::security
