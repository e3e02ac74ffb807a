#include "webhook_input.hpp"

#include <sentinel/sdk/http.hpp>

#include <cstdio>
#include <random>

namespace sentinel::kestra {
namespace {

bool name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

// The member name shown in error details: valid names as they are, others shortened.
std::string field_for(const std::string& name) {
    return "metrics." + (name.size() <= kMaxServiceNameLength ? name : name.substr(0, kMaxServiceNameLength) + "...");
}

void check_metric(const std::string& name, const nlohmann::json& value, WebhookInput& out,
                  sdk::ValidationErrors& errors) {
    const std::string field = field_for(name);
    bool ok = true;
    if (!valid_service_name(name)) {
        errors.add(field, "service name must be 1 to 64 characters of letters, digits, '_', '.' or '-'");
        ok = false;
    }
    if (!value.is_object()) {
        errors.add(field, "must be an object like {\"code\": 200}");
        return;
    }
    auto code = value.find("code");
    if (code == value.end() || code->is_null()) {
        // The service was not (or could not be) checked: unknown, as code 0.
        if (ok) out.services.push_back({name, 0, Status::Unknown});
        return;
    }
    if (!code->is_number_integer()) {
        errors.add(field + ".code", "must be an integer from 0 to 599");
        return;
    }
    const bool is_unsigned = code->is_number_unsigned();
    const std::int64_t number = is_unsigned ? (code->get<std::uint64_t>() > 600 ? 600 : code->get<std::int64_t>())
                                            : code->get<std::int64_t>();
    auto status = status_for_code(number);
    if (!status) {
        errors.add(field + ".code", "must be an integer from 0 to 599");
        return;
    }
    if (ok) out.services.push_back({name, number, *status});
}

} // namespace

bool valid_service_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxServiceNameLength) return false;
    for (char c : name)
        if (!name_char(c)) return false;
    return true;
}

bool valid_execution_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > kMaxExecutionIdLength) return false;
    for (char c : id)
        if (!name_char(c) && c != ':') return false;
    return true;
}

std::string generate_execution_id(std::int64_t now_ms) {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    std::mt19937_64 generator(seed);
    const std::uint64_t bits = generator() & 0xFFFFFFFFFFFFULL; // 48 bits: 12 hex digits
    char hex[16];
    std::snprintf(hex, sizeof hex, "%012llx", static_cast<unsigned long long>(bits));
    return "ins-" + std::to_string(now_ms) + "-" + hex;
}

WebhookInput parse_webhook(std::string_view body, const std::optional<std::string>& header_execution_id,
                           std::int64_t now_ms) {
    sdk::ValidationErrors errors;
    WebhookInput out;
    auto fail = [&errors] { errors.throw_if_any("Invalid webhook body", 400); };

    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_discarded()) {
        errors.add_form("body must be valid JSON");
        fail();
    }
    if (!doc.is_object()) {
        errors.add_form("body must be a JSON object");
        fail();
    }

    auto report = doc.find("aiReport");
    if (report == doc.end() || report->is_null()) {
        errors.add("aiReport", "is required");
    } else if (!report->is_string()) {
        errors.add("aiReport", "must be a string");
    } else if (report->get_ref<const std::string&>().size() > kMaxAiReportBytes) {
        errors.add("aiReport", "must be at most " + std::to_string(kMaxAiReportBytes) + " bytes");
    } else {
        out.ai_report = report->get<std::string>();
    }

    auto metrics = doc.find("metrics");
    if (metrics == doc.end() || metrics->is_null()) {
        errors.add("metrics", "is required");
    } else if (!metrics->is_object()) {
        errors.add("metrics", "must be an object of service name to {\"code\": int}");
    } else if (metrics->empty() || metrics->size() > kMaxMetrics) {
        errors.add("metrics", "must hold 1 to " + std::to_string(kMaxMetrics) + " services, got " +
                                  std::to_string(metrics->size()));
    } else {
        for (const auto& [name, value] : metrics->items()) check_metric(name, value, out, errors);
        out.metrics = *metrics;
    }

    auto body_id = doc.find("executionId");
    if (body_id != doc.end() && !body_id->is_null()) {
        if (!body_id->is_string() || !valid_execution_id(body_id->get_ref<const std::string&>()))
            errors.add("executionId", "must be 1 to 128 characters of letters, digits, '_', '.', ':' or '-'");
        else
            out.execution_id = body_id->get<std::string>();
    }
    if (header_execution_id && !valid_execution_id(*header_execution_id))
        errors.add("X-Kestra-Execution-Id",
                   "header must be 1 to 128 characters of letters, digits, '_', '.', ':' or '-'");
    else if (header_execution_id && out.execution_id.empty())
        out.execution_id = *header_execution_id;

    fail();
    if (out.execution_id.empty()) {
        out.execution_id = generate_execution_id(now_ms);
        out.execution_id_generated = true;
    }
    return out;
}

} // namespace sentinel::kestra
