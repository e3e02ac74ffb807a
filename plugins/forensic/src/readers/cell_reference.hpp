// A1-style cell references ("B2", "AA10") as 0-based column and 1-based row numbers.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sentinel::forensic {

struct CellReference {
    std::size_t column = 0; // 0-based: "A" is 0
    std::size_t row = 0;    // 1-based as written
};

// Columns "A" to "XFD", rows 1 to 1048576 (Excel's limits); nullopt otherwise. A missing row
// ("B") is allowed and reported as row 0.
std::optional<CellReference> parse_cell_reference(std::string_view reference);

} // namespace sentinel::forensic
