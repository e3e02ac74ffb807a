// The expected_status field: "200-299", "200,204,301-302", or a single code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace http_probe {

class StatusRanges {
public:
    struct Range {
        int low;
        int high;
    };

    // Codes are 100-599, a range's low end is at most its high end; blanks are ignored.
    // std::nullopt when malformed.
    static std::optional<StatusRanges> parse(std::string_view text);

    bool contains(int status) const noexcept;
    // Canonical text: "200-299", "200,204,301-302".
    std::string to_string() const;

private:
    std::vector<Range> ranges_;
};

} // namespace http_probe
