// Exceptions the SDK throws when a host service fails. Handlers may catch them (e.g. a
// ConstraintViolation to answer 409); uncaught ones become a 500 and a log line.
#pragma once

#include <sentinel/plugin_api.h>

#include <stdexcept>
#include <string>

namespace sentinel::sdk {

class HostError : public std::runtime_error {
public:
    HostError(snl_rc code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    snl_rc code() const noexcept { return code_; }

private:
    snl_rc code_;
};

// A write refused by a unique, foreign-key, check or not-null constraint.
class ConstraintViolation : public HostError {
public:
    using HostError::HostError;
};

// A Lua script failed or hit a sandbox limit (code SNL_ERR_LIMIT).
class ScriptError : public HostError {
public:
    using HostError::HostError;
    bool limit_exceeded() const noexcept { return code() == SNL_ERR_LIMIT; }
};

// A configuration value is missing or malformed; the message names the key.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace sentinel::sdk
