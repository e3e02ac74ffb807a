// Shared wording of findings: where evidence was seen and the "block the IP" advice.
#pragma once

#include "inspected_entry.hpp"
#include "threat_model.hpp"

#include <string>
#include <string_view>

namespace sentinel::security {

// "the message" or the metadata field's name ("path", "headers.user_agent").
std::string location_of(const InspectedField& field);

// `measure`, then "; block <ip> at the firewall or WAF" when `ip` is known.
std::string with_block_advice(std::string_view measure, std::string_view ip);

Finding make_finding(std::string_view detector, int score, std::string summary, std::string prevention);

} // namespace sentinel::security
