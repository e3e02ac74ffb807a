// sentineld's command-line interface, run as a separate process (e.g. 'keys create' before the
// server starts).
#pragma once

#include "support/child_process.hpp"

#include <string>
#include <vector>

namespace sentinel::it {

CompletedProcess run_sentineld(const std::vector<std::string>& args, const Environment& env = {});

// 'keys create --quiet': the new raw key. Throws when the command fails.
std::string create_key(const std::string& database_url, const std::string& role, const std::string& name);
// The id 'keys list --all' shows for a raw key (matched by its prefix). Throws when absent.
std::string key_id_of(const std::string& database_url, const std::string& raw_key);
// 'keys revoke <id>'. Throws when the command fails.
void revoke_key(const std::string& database_url, const std::string& id);

} // namespace sentinel::it
