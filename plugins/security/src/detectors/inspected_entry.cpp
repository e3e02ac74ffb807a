#include "detectors/inspected_entry.hpp"

#include "detectors/entry_fields.hpp"
#include "detectors/text_normalise.hpp"
#include "detectors/text_scan.hpp"

#include <string_view>

namespace sentinel::security {
namespace {

constexpr std::size_t kLongestSourceShown = 64;
constexpr std::size_t kLongestFieldName = 96;

// Fields that hold a query string or form body, where '+' is always an encoded space.
bool form_encoded_key(std::string_view key) {
    return !text::first_contained(key, {"query", "body", "form", "param", "args"}).empty();
}

class MetadataWalk {
public:
    MetadataWalk(InspectedEntry& into, InspectionLimits limits, std::size_t bytes_used)
        : into_(into), limits_(limits), bytes_used_(bytes_used) {}

    void walk(const nlohmann::json& value, const std::string& name, const std::string& key, int depth) {
        if (value.is_string()) {
            add(name, key, value.get_ref<const std::string&>());
        } else if (value.is_object() || value.is_array()) {
            if (depth >= limits_.max_depth) {
                into_.truncated = true;
                return;
            }
            std::size_t index = 0;
            for (const auto& [child_key, child] : value.items()) {
                if (budget_spent()) return;
                if (value.is_object()) {
                    walk(child, join(name, child_key), text::lower_copy(child_key), depth + 1);
                } else {
                    walk(child, name + '[' + std::to_string(index) + ']', key, depth + 1);
                }
                ++index;
            }
        }
    }

private:
    static std::string join(const std::string& parent, const std::string& child) {
        std::string joined = parent.empty() ? child : parent + '.' + child;
        if (joined.size() > kLongestFieldName) joined.resize(kLongestFieldName);
        return joined;
    }

    bool budget_spent() {
        if (bytes_used_ < limits_.max_bytes) return false;
        into_.truncated = true;
        return true;
    }

    void add(const std::string& name, const std::string& key, std::string_view raw) {
        if (raw.empty() || budget_spent()) return;
        const std::size_t room = limits_.max_bytes - bytes_used_;
        if (raw.size() > room) {
            raw = raw.substr(0, room);
            into_.truncated = true;
        }
        bytes_used_ += raw.size();
        into_.fields.push_back(
            {name, key.empty() ? std::string("value") : key, normalise_for_matching(raw, form_encoded_key(key))});
    }

    InspectedEntry& into_;
    InspectionLimits limits_;
    std::size_t bytes_used_;
};

} // namespace

InspectedEntry inspect(const LogEntry& entry, InspectionLimits limits) {
    InspectedEntry inspected;
    inspected.source = entry.source.substr(0, kLongestSourceShown);
    inspected.severity_level = entry.severity_level;
    for (char& c : inspected.severity_level) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    inspected.client_ip = client_ip(entry.metadata);

    std::string_view message = entry.message;
    if (message.size() > limits.max_bytes) {
        message = message.substr(0, limits.max_bytes);
        inspected.truncated = true;
    }
    inspected.fields.push_back({"message", "", normalise_for_matching(message)});

    MetadataWalk walk(inspected, limits, message.size());
    walk.walk(entry.metadata, "", "", 0);
    return inspected;
}

} // namespace sentinel::security
