#pragma once

#include <string_view>

namespace sentinel::host {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

} // namespace sentinel::host
