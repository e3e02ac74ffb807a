#include "detection/anomaly_detection.hpp"

#include "detection/autoencoder_detector.hpp"
#include "detection/statistical_detector.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace sentinel::forensic {
namespace {

constexpr float kClip = 10.0f;

std::string format_number(double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

// The columns of one row that stand out most, by |robust z|.
std::vector<Contribution> contributions(const NumericTable& table, const std::vector<ColumnScale>& scales,
                                        std::size_t row, std::size_t top) {
    std::vector<Contribution> all;
    all.reserve(table.columns.size());
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const double value = table.data[c][row];
        all.push_back({table.columns[c], value, robust_z(value, scales[c])});
    }
    const std::size_t keep = std::min(top, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                      [](const Contribution& a, const Contribution& b) { return std::abs(a.deviation) > std::abs(b.deviation); });
    all.resize(keep);
    return all;
}

std::string reason_for(const std::vector<Contribution>& top, const std::vector<ColumnScale>& scales,
                       const NumericTable& table) {
    if (top.empty()) return "unusual combination of values";
    const auto& lead = top.front();
    const auto column = static_cast<std::size_t>(
        std::find(table.columns.begin(), table.columns.end(), lead.column) - table.columns.begin());
    if (std::isnan(lead.value)) return lead.column + " is missing where the rest of the file has values";
    const double size = std::abs(lead.deviation);
    if (size < 3) return "unusual combination of values (no single column beyond 3 robust SDs; largest: " +
                         lead.column + " = " + format_number(lead.value) + ")";
    std::string reason = lead.column + " = " + format_number(lead.value) + " is " + format_number(std::round(size * 10) / 10) +
                         " robust SDs " + (lead.deviation > 0 ? "above" : "below") + " the median (" +
                         format_number(scales[column].median) + ")";
    const auto more = std::count_if(top.begin() + 1, top.end(), [](const Contribution& c) { return std::abs(c.deviation) >= 3; });
    if (more > 0) reason += " + " + std::to_string(more) + " more column" + (more > 1 ? "s" : "");
    return reason;
}

} // namespace

const char* method_name(Method method) noexcept {
    return method == Method::Autoencoder ? "autoencoder" : "statistical";
}

DetectionResult detect_anomalies(const NumericTable& table, const DetectionOptions& options,
                                 const DetectProgress& progress) {
    auto report = [&](const char* phase, double fraction) {
        if (progress) progress(phase, fraction);
    };
    DetectionResult result;
    result.total_scanned = table.rows;
    result.threshold_used = options.threshold_quantile;
    if (table.rows == 0 || table.columns.empty()) return result;

    report("normalising", 0);
    const ScaledTable scaled = scale_table(table, kClip);
    report("normalising", 1);

    std::vector<float> scores;
    const bool autoencoder = options.autoencoder_enabled && table.rows >= options.autoencoder_min_rows &&
                             table.columns.size() >= 2;
    if (options.autoencoder_enabled && !autoencoder)
        result.note = table.columns.size() < 2
                          ? "one numeric column: the statistical detector was used"
                          : "fewer than " + std::to_string(options.autoencoder_min_rows) +
                                " rows: the statistical detector was used";
    if (autoencoder) {
        try {
            report("training", 0);
            scores = autoencoder_scores(scaled.z, {options.training_sample_rows, 300, options.seed},
                                        [&](double f) { report("scoring", f); });
            result.method = Method::Autoencoder;
        } catch (const AutoencoderError& e) {
            result.note = std::string("the autoencoder failed (") + e.what() + "): the statistical detector was used";
            scores.clear();
        }
    }
    if (scores.empty()) {
        report("scoring", 0);
        scores = mahalanobis_scores(scaled.z);
        result.method = Method::Statistical;
        report("scoring", 1);
    }

    std::vector<float> sorted = scores;
    const auto k = static_cast<std::size_t>(options.threshold_quantile * static_cast<double>(sorted.size() - 1));
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(k), sorted.end());
    const float cutoff = sorted[k];
    result.score_cutoff = cutoff;

    std::vector<std::size_t> flagged;
    for (std::size_t r = 0; r < scores.size(); ++r)
        if (scores[r] > cutoff) flagged.push_back(r);
    result.threats_detected = flagged.size();
    const std::size_t keep = std::min(flagged.size(), options.max_threats);
    std::partial_sort(flagged.begin(), flagged.begin() + static_cast<std::ptrdiff_t>(keep), flagged.end(),
                      [&](std::size_t a, std::size_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
    flagged.resize(keep);
    result.threats.reserve(keep);
    for (std::size_t r : flagged) {
        Threat t;
        t.row = r + 2; // the header is spreadsheet row 1
        t.score = scores[r];
        t.top_columns = contributions(table, scaled.scales, r, options.top_columns);
        t.reason = reason_for(t.top_columns, scaled.scales, table);
        result.threats.push_back(std::move(t));
    }
    return result;
}

} // namespace sentinel::forensic
