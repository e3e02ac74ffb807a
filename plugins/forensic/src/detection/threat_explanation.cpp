#include "detection/threat_explanation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sentinel::forensic {
namespace {

struct RankedCell {
    std::size_t column = 0;
    double value = 0;
    double z = 0;
};

std::string format_number(double v, const char* format = "%.6g") {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, v);
    return buffer;
}

std::string reason_for(const NumericTable& table, const std::vector<ColumnScale>& scales,
                       const std::vector<RankedCell>& ranked) {
    if (ranked.empty()) return "unusual combination of values";
    const RankedCell& lead = ranked.front();
    const std::string& name = table.columns[lead.column];
    const double size = std::abs(lead.z);
    if (size < kStandsOutSds)
        return "unusual combination of values: no column is " + format_number(kStandsOutSds, "%.0f") +
               " robust SDs from its median (largest: " + name + " = " + format_number(lead.value) + ", " +
               format_number(size, "%.1f") + ")";
    std::string reason = name + " = " + format_number(lead.value) + " is " + format_number(size, "%.1f") +
                         " robust SDs " + (lead.z > 0 ? "above" : "below") + " the median (" +
                         format_number(scales[lead.column].median) + ")";
    const auto more = std::count_if(ranked.begin() + 1, ranked.end(),
                                    [](const RankedCell& c) { return std::abs(c.z) >= kStandsOutSds; });
    if (more > 0) reason += " + " + std::to_string(more) + " more column" + (more > 1 ? "s" : "");
    return reason;
}

} // namespace

Explanation explain_row(const NumericTable& table, const std::vector<ColumnScale>& scales, std::size_t row,
                        std::size_t top) {
    std::vector<RankedCell> ranked;
    ranked.reserve(table.columns.size());
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        const double value = table.data[c][row];
        ranked.push_back({c, value, robust_z(value, scales[c])});
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const RankedCell& a, const RankedCell& b) { return std::abs(a.z) > std::abs(b.z); });
    Explanation out;
    out.reason = reason_for(table, scales, ranked);
    const std::size_t keep = std::min(top, ranked.size());
    out.top_columns.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i)
        out.top_columns.push_back({table.columns[ranked[i].column], ranked[i].value, ranked[i].z});
    return out;
}

} // namespace sentinel::forensic
