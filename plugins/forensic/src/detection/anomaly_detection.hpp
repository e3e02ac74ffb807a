// Anomaly detection over a NumericTable: robust normalisation, an autoencoder (OpenCV ml's
// ANN_MLP trained on the file itself; score = reconstruction error) or a statistical detector
// (robust z-scores + Mahalanobis distance with Eigen) as the fallback, and a quantile threshold.
#pragma once

#include "readers/numeric_table.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace sentinel::forensic {

enum class Method { Autoencoder, Statistical };
const char* method_name(Method method) noexcept; // "autoencoder", "statistical"

struct DetectionOptions {
    double threshold_quantile = 0.98;        // in (0, 1): rows scoring above this quantile are threats
    bool autoencoder_enabled = true;         // false: the statistical detector only
    std::size_t autoencoder_min_rows = 200;  // fewer rows: statistical fallback
    std::size_t training_sample_rows = 20000; // the autoencoder trains on at most this many rows
    std::size_t max_threats = 1000;          // threats returned (highest scores first)
    std::size_t top_columns = 3;             // contributing columns named per threat
    unsigned seed = 42;                      // deterministic sampling and initialisation
};

struct Contribution {
    std::string column;
    double value = 0;     // the cell's value as read (NaN shown as null)
    double deviation = 0; // its robust z-score (signed)
};

struct Threat {
    std::size_t row = 0;  // 1-based spreadsheet row (header = row 1, first data row = row 2)
    // Higher is more anomalous; comparable within one result only. Autoencoder: the mean squared
    // reconstruction error of the row's inputs (z clipped to +-5, divided by 5). Statistical: the
    // robust Mahalanobis distance divided by sqrt(columns), about 1 for a typical row.
    double score = 0;
    std::vector<Contribution> top_columns;
    std::string reason;   // one line, e.g. "amount = 98000 is 14.2 robust SDs above the median (410)"
};

struct DetectionResult {
    std::vector<Threat> threats;   // highest score first, at most max_threats
    std::size_t total_scanned = 0;
    std::size_t threats_detected = 0; // all rows above the threshold (may exceed threats.size())
    double threshold_used = 0.98;     // the quantile
    double score_cutoff = 0;          // the score at that quantile
    Method method = Method::Statistical;
    std::string note; // why the method differs from the one asked for, if it does
};

// Phases reported through progress: "normalising", "training", "scoring".
using DetectProgress = std::function<void(const char* phase, double fraction)>;

// Throws std::invalid_argument when the table's columns do not all hold `rows` values.
DetectionResult detect_anomalies(const NumericTable& table, const DetectionOptions& options,
                                 const DetectProgress& progress = {});

} // namespace sentinel::forensic
