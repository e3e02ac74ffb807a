// read_xlsx with an explicit decompression budget (read_xlsx uses default_decompression_budget).
#pragma once

#include "readers/numeric_table.hpp"

namespace sentinel::forensic {

NumericTable read_xlsx_with_budget(std::string_view bytes, std::size_t decompression_budget,
                                   const ReadLimits& limits = {}, const ReadProgress& progress = {});

} // namespace sentinel::forensic
