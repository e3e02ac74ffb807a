#include "support/sentinel_cli.hpp"

#include "support/paths.hpp"

#include <sstream>
#include <stdexcept>

namespace sentinel::it {
namespace {

CompletedProcess run_or_throw(const std::vector<std::string>& args) {
    auto result = run_sentineld(args);
    if (result.exit_code != 0) {
        std::string command = "sentineld";
        for (const auto& a : args) command += " " + a;
        throw std::runtime_error(command + " exited with " + std::to_string(result.exit_code) + ":\n" + result.out +
                                 result.err);
    }
    return result;
}

} // namespace

CompletedProcess run_sentineld(const std::vector<std::string>& args, const Environment& env) {
    std::vector<std::string> argv = {sentineld_binary().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, env);
}

std::string create_key(const std::string& database_url, const std::string& role, const std::string& name) {
    auto result = run_or_throw(
        {"--database-url", database_url, "keys", "create", "--role", role, "--name", name, "--quiet"});
    auto key = result.out.substr(0, result.out.find_first_of("\r\n"));
    if (key.empty()) throw std::runtime_error("'keys create --quiet' printed no key");
    return key;
}

std::string key_id_of(const std::string& database_url, const std::string& raw_key) {
    auto result = run_or_throw({"--database-url", database_url, "keys", "list", "--all"});
    const std::string prefix = raw_key.substr(0, 12); // the stored key_prefix
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        std::istringstream columns(line);
        std::string id, column;
        columns >> id;
        while (columns >> column)
            if (column == prefix) return id;
    }
    throw std::runtime_error("no key with prefix " + prefix + " in 'keys list --all':\n" + result.out);
}

void revoke_key(const std::string& database_url, const std::string& id) {
    run_or_throw({"--database-url", database_url, "keys", "revoke", id});
}

} // namespace sentinel::it
