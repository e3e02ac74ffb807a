// A NumericTable or a ReadError as bytes, to hand a reader's outcome across a process boundary.
#pragma once

#include "readers/numeric_table.hpp"

#include <string>
#include <string_view>

namespace sentinel::forensic {

std::string encode_table(const NumericTable& table);
std::string encode_error(const ReadError& error);

// The table encoded; throws the ReadError encoded, or ReadError{Corrupt, `garbled_message`} when
// the bytes are not an encoding.
NumericTable decode_outcome(std::string_view bytes, const std::string& garbled_message);

} // namespace sentinel::forensic
