#include "request_parameters.hpp"

#include <charconv>
#include <optional>

namespace sentinel::forensic {
namespace {

template <typename Number>
std::optional<Number> parse_number(const std::string& text) {
    Number value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

} // namespace

bool valid_threshold(double quantile) noexcept { return quantile >= 0.5 && quantile <= 0.9999; }

ScanParameters parse_scan_parameters(const sdk::Request& request, double default_threshold) {
    sdk::ValidationErrors errors;
    ScanParameters out;
    out.threshold = default_threshold;
    if (auto text = request.query_value("threshold")) {
        const auto quantile = parse_number<double>(*text);
        if (!quantile || !valid_threshold(*quantile)) errors.add("threshold", "must be a quantile from 0.5 to 0.9999");
        else out.threshold = *quantile;
    }
    if (auto method = request.query_value("method")) {
        if (*method != "auto" && *method != "autoencoder" && *method != "statistical")
            errors.add("method", "must be auto, autoencoder or statistical");
        else out.method = *method;
    }
    if (auto async = request.query_value("async")) {
        if (*async != "true" && *async != "false") errors.add("async", "must be true or false");
        else out.async = *async == "true";
    }
    errors.throw_if_any("Invalid scan parameters");
    return out;
}

HistoryQuery parse_history_query(const sdk::Request& request) {
    sdk::ValidationErrors errors;
    HistoryQuery out;
    if (auto text = request.query_value("limit")) {
        const auto limit = parse_number<std::int64_t>(*text);
        if (!limit || *limit < 1 || *limit > 500) errors.add("limit", "must be a whole number from 1 to 500");
        else out.limit = *limit;
    }
    if (auto text = request.query_value("offset")) {
        const auto offset = parse_number<std::int64_t>(*text);
        if (!offset || *offset < 0) errors.add("offset", "must be a whole number from 0");
        else out.offset = *offset;
    }
    if (auto status = request.query_value("status")) {
        if (*status != "queued" && *status != "running" && *status != "done" && *status != "failed")
            errors.add("status", "must be queued, running, done or failed");
        else out.status = *status;
    }
    errors.throw_if_any("Invalid query parameters");
    return out;
}

} // namespace sentinel::forensic
