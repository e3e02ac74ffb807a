// `sentineld keys create|list|revoke`: API key administration from the command line.
#pragma once

#include "config/settings.hpp"

#include <optional>
#include <string>

namespace sentinel::host {

struct KeyCreateOptions {
    std::string name;
    std::string role;
    std::string team;
    std::string plan = "free";
    std::optional<int> expires_in_days;
    bool quiet = false; // print only the key
};

int run_keys_create(const Settings& settings, const KeyCreateOptions& options);
int run_keys_list(const Settings& settings, bool include_revoked);
int run_keys_revoke(const Settings& settings, const std::string& id);

} // namespace sentinel::host
