#include "log_entry.hpp"

namespace sentinel::security {

std::optional<LogEntry> parse_log_entry(const nlohmann::json& body, sdk::ValidationErrors& errors,
                                        const std::string& prefix) {
    if (!body.is_object()) {
        errors.add(prefix.empty() ? "body" : prefix.substr(0, prefix.size() - 1), "must be a JSON object (a LogEntry)");
        return std::nullopt;
    }
    bool ok = true;
    auto problem = [&](const char* field, std::string text) {
        errors.add(prefix + field, std::move(text));
        ok = false;
    };
    LogEntry entry;
    const auto source = body.find("source");
    if (source == body.end() || !source->is_string()) problem("source", "is required and must be a string");
    else if (source->get_ref<const std::string&>().empty() || source->get_ref<const std::string&>().size() > kMaxSourceBytes)
        problem("source", "must be 1 to 256 characters");
    else entry.source = *source;

    const auto event_id = body.find("event_id");
    if (event_id == body.end() || !event_id->is_number_integer()) problem("event_id", "is required and must be an integer");
    else if (event_id->is_number_unsigned() && event_id->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        problem("event_id", "is too large");
    else entry.event_id = event_id->get<std::int64_t>();

    const auto level = body.find("severity_level");
    if (level == body.end() || !level->is_string() ||
        (*level != "INFO" && *level != "WARNING" && *level != "CRITICAL"))
        problem("severity_level", "must be \"INFO\", \"WARNING\" or \"CRITICAL\" (upper case)");
    else entry.severity_level = *level;

    const auto message = body.find("message");
    if (message == body.end() || !message->is_string()) problem("message", "is required and must be a string");
    else if (message->get_ref<const std::string&>().empty() || message->get_ref<const std::string&>().size() > kMaxMessageBytes)
        problem("message", "must be 1 to 65536 bytes");
    else entry.message = *message;

    const auto metadata = body.find("metadata");
    if (metadata != body.end() && !metadata->is_null()) {
        if (!metadata->is_object()) problem("metadata", "must be an object");
        else if (metadata->dump().size() > kMaxMetadataBytes) problem("metadata", "must be at most 16 KiB as JSON");
        else entry.metadata = *metadata;
    }
    if (!ok) return std::nullopt;
    return entry;
}

} // namespace sentinel::security
