#pragma once

#include <string>

namespace sentinel::host {

// Configures the process-wide spdlog logger: `format` "text" or "json" (one JSON object per
// line), `level` trace..error. Every line carries the current request id ("-" outside requests).
void configure_logging(const std::string& level, const std::string& format);

} // namespace sentinel::host
