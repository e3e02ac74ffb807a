#include "multipart.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace sentinel::forensic {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The value of `param` in a header value such as `form-data; name="file"; filename="a.csv"`.
std::optional<std::string> header_param(std::string_view value, std::string_view param) {
    std::size_t pos = 0;
    while ((pos = value.find(';', pos)) != std::string_view::npos) {
        ++pos;
        auto rest = trim(value.substr(pos));
        const auto eq = rest.find('=');
        if (eq == std::string_view::npos) continue;
        if (lower(trim(rest.substr(0, eq))) != param) continue;
        auto raw = trim(rest.substr(eq + 1));
        if (!raw.empty() && raw.front() == '"') {
            std::string out;
            for (std::size_t i = 1; i < raw.size(); ++i) {
                // A backslash escapes only a quote or a backslash: Windows paths keep theirs.
                if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == '"' || raw[i + 1] == '\\')) out += raw[++i];
                else if (raw[i] == '"') return out;
                else out += raw[i];
            }
            throw std::invalid_argument("unterminated quoted " + std::string(param) + " in a part header");
        }
        return std::string(raw.substr(0, raw.find(';')));
    }
    return std::nullopt;
}

// Whether a delimiter ending at `pos` really ends there: followed by "--" (the close), or by
// optional spaces and CRLF. "--b" inside "--bogus" is not a delimiter of boundary "b".
bool delimiter_ends_at(std::string_view body, std::size_t pos) {
    if (body.substr(pos, 2) == "--") return true;
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    return body.substr(pos, 2) == "\r\n";
}

// The next CRLF-delimiter at or after `from` that really is one.
std::size_t find_delimiter(std::string_view body, std::string_view next, std::size_t from) {
    for (auto pos = body.find(next, from); pos != std::string_view::npos; pos = body.find(next, pos + 1))
        if (delimiter_ends_at(body, pos + next.size())) return pos;
    return std::string_view::npos;
}

} // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const auto semicolon = content_type.find(';');
    if (lower(trim(content_type.substr(0, semicolon))) != "multipart/form-data" || semicolon == std::string_view::npos)
        return std::nullopt;
    auto boundary = header_param(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 200) return std::nullopt;
    return boundary;
}

std::vector<FormPart> parse_multipart(std::string_view body, std::string_view boundary) {
    const std::string delimiter = "--" + std::string(boundary);
    const std::string next = "\r\n" + delimiter;
    std::size_t pos = 0;
    if (body.substr(0, delimiter.size()) != delimiter || !delimiter_ends_at(body, delimiter.size())) {
        pos = find_delimiter(body, next, 0); // a preamble before the first boundary is allowed
        if (pos == std::string_view::npos) throw std::invalid_argument("the body does not contain the multipart boundary");
        pos += 2;
    }
    std::vector<FormPart> parts;
    while (true) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--") return parts; // the closing delimiter; an epilogue may follow
        const auto line_end = body.find("\r\n", pos);
        if (line_end == std::string_view::npos) throw std::invalid_argument("the body ends inside a boundary line");
        pos = line_end + 2;
        FormPart part;
        bool has_disposition = false;
        while (true) {
            const auto end = body.find("\r\n", pos);
            if (end == std::string_view::npos) throw std::invalid_argument("the body ends inside a part's headers");
            const auto line = body.substr(pos, end - pos);
            pos = end + 2;
            if (line.empty()) break;
            const auto colon = line.find(':');
            if (colon == std::string_view::npos) throw std::invalid_argument("a part header has no ':'");
            if (lower(trim(line.substr(0, colon))) == "content-disposition") {
                const auto value = line.substr(colon + 1);
                if (lower(trim(value.substr(0, value.find(';')))) != "form-data")
                    throw std::invalid_argument("a part's Content-Disposition is not form-data");
                part.name = header_param(value, "name").value_or("");
                part.filename = header_param(value, "filename");
                has_disposition = true;
            }
        }
        if (!has_disposition) throw std::invalid_argument("a part has no Content-Disposition header");
        const auto end = find_delimiter(body, next, pos);
        if (end == std::string_view::npos) throw std::invalid_argument("the body ends before the closing boundary");
        part.content = body.substr(pos, end - pos);
        parts.push_back(std::move(part));
        pos = end + 2;
    }
}

} // namespace sentinel::forensic
