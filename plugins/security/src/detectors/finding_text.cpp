#include "detectors/finding_text.hpp"

namespace sentinel::security {

std::string location_of(const InspectedField& field) {
    return field.is_message() ? std::string("the message") : field.name;
}

std::string with_block_advice(std::string_view measure, std::string_view ip) {
    std::string advice(measure);
    if (!ip.empty()) {
        advice += "; block ";
        advice += ip;
        advice += " at the firewall or WAF";
    }
    return advice;
}

Finding make_finding(std::string_view detector, int score, std::string summary, std::string prevention) {
    return Finding{std::string(detector), score, std::move(summary), std::move(prevention)};
}

} // namespace sentinel::security
