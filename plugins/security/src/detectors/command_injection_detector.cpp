// OS command injection: a shell separator (; | & && || newline, $( or a backtick) followed by a
// command, plus unmistakable shell idioms (/bin/sh -c, /dev/tcp/, nc -e, ${jndi:).
#include "detectors/content_detectors.hpp"
#include "detectors/finding_text.hpp"
#include "detectors/text_scan.hpp"

#include <array>
#include <string>
#include <string_view>

namespace sentinel::security {
namespace {

constexpr auto npos = std::string_view::npos;
constexpr int kPayloadScore = 90;

// Commands that mean a shell is being driven whatever follows them.
constexpr auto kTelltaleCommands = std::to_array<std::string_view>(
    {"whoami",  "uname",  "wget", "curl",     "ncat",   "netcat",  "bash", "sh",  "zsh",  "powershell", "cmd.exe",
     "busybox", "telnet", "tftp", "nslookup", "python", "python3", "perl", "php", "ruby", "ifconfig"});
// Commands whose names are also ordinary words ("; cat food", "Name & ID"): they count only when
// followed by nothing, another shell token, or an argument that looks like a path, flag or number.
constexpr auto kArgumentCommands =
    std::to_array<std::string_view>({"cat", "ls", "id", "rm", "nc", "chmod", "echo", "ping", "sleep"});

bool argument_follows(std::string_view t, std::size_t end) {
    if (end == t.size()) return true;
    const char next = t[end];
    if (next == ';' || next == '|' || next == '&' || next == '`' || next == ')' || next == '\'' || next == '"' ||
        next == '\n')
        return true;
    if (!text::is_space(next)) return false;
    const std::size_t argument = text::skip_spaces(t, end);
    if (argument == t.size()) return true;
    const char first = t[argument];
    return first == '/' || first == '-' || first == '~' || first == '.' || first == '$' || first == '\\' ||
           first == '>' || text::is_digit(first);
}

// The command at `pos` if a known one starts there, else empty.
std::string_view command_at(std::string_view t, std::size_t pos) {
    for (const std::string_view command : kTelltaleCommands) {
        const std::size_t end = pos + command.size();
        const bool query_parameter = end < t.size() && t[end] == '='; // "&sh=1"
        if (text::word_at(t, pos, command) && !query_parameter) return command;
    }
    for (const std::string_view command : kArgumentCommands)
        if (t.compare(pos, command.size(), command) == 0 && argument_follows(t, pos + command.size())) return command;
    // An absolute path to a shell or tool: "; /bin/cat", "|/usr/bin/id".
    if (t.compare(pos, 5, "/bin/") == 0 || t.compare(pos, 9, "/usr/bin/") == 0) return "/bin/";
    return {};
}

std::string_view separated_command(std::string_view t) {
    for (std::size_t i = t.find_first_of(";|&`$\n"); i != npos; i = t.find_first_of(";|&`$\n", i + 1)) {
        std::size_t after = i + 1;
        if (t[i] == '$') {
            if (after >= t.size() || (t[after] != '(' && t[after] != '{')) continue;
            ++after;
        } else if ((t[i] == '|' || t[i] == '&') && after < t.size() && t[after] == t[i]) {
            ++after;
        }
        const std::string_view command = command_at(t, text::skip_spaces(t, after));
        if (!command.empty()) return command;
    }
    return {};
}

std::string_view shell_idiom(std::string_view t) {
    if (text::first_contained(t, {"sh", "/dev/", "nc", "netcat", "cmd", "${"}).empty())
        return {}; // all idioms need one
    for (const std::string_view shell : {"/bin/sh", "/bin/bash", "/bin/zsh", "/bin/dash", "bash", "sh"}) {
        for (std::size_t at = text::find_name(t, shell); at != npos; at = text::find_name(t, shell, at + 1)) {
            const std::size_t flag = text::skip_spaces(t, at + shell.size());
            if (flag > at + shell.size() && (text::word_at(t, flag, "-c") || text::word_at(t, flag, "-i")))
                return "shell -c";
        }
    }
    if (text::contains(t, "/dev/tcp/") || text::contains(t, "/dev/udp/")) return "/dev/tcp reverse shell";
    for (const std::string_view nc : {"nc", "ncat", "netcat"}) {
        const std::size_t at = text::find_word(t, nc);
        constexpr std::size_t kNear = 48;
        if (at != npos && text::contains(t.substr(at, kNear), " -e ")) return "nc -e";
    }
    if (text::contains(t, "cmd.exe /c") || text::contains(t, "cmd /c")) return "cmd /c";
    if (text::contains(t, "powershell -enc") || text::contains(t, "powershell -e ") ||
        text::contains(t, "powershell.exe -enc"))
        return "encoded PowerShell";
    if (text::contains(t, "${jndi:")) return "JNDI lookup (Log4Shell)";
    return {};
}

} // namespace

std::optional<Finding> detect_command_injection(const InspectedEntry& entry) {
    for (const InspectedField& field : entry.fields) {
        std::string evidence;
        if (const std::string_view idiom = shell_idiom(field.text); !idiom.empty())
            evidence = idiom;
        else if (const std::string_view command = separated_command(field.text); !command.empty())
            evidence = "shell separator then '" + std::string(command) + "'";
        if (evidence.empty()) continue;
        return make_finding("command_injection", kPayloadScore,
                            "Command injection payload in " + location_of(field) + ": " + evidence,
                            with_block_advice("Never pass request input to a shell; call programs with argument "
                                              "lists and allow-listed values",
                                              entry.client_ip));
    }
    return std::nullopt;
}

} // namespace sentinel::security
