#include "logging/request_scope.hpp"

namespace sentinel::host {
namespace {
std::string& slot() {
    thread_local std::string id = "-";
    return id;
}
} // namespace

RequestScope::RequestScope(std::string_view request_id) : previous_(slot()) {
    slot() = request_id;
}
RequestScope::~RequestScope() { slot() = std::move(previous_); }

const std::string& current_request_id() { return slot(); }

} // namespace sentinel::host
