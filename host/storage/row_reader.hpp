// Converts cells of a dynamic SOCI row (used on PostgreSQL) to DbValue by SOCI data type:
// integer / long long / unsigned long long -> int64, double -> double, string -> text,
// date (std::tm) -> "YYYY-MM-DDTHH:MM:SS" text, NULL indicator -> monostate. SOCI reports bytea as
// a string in \x hex form; when the caller knows the column is bytea it is decoded to a Blob.
#pragma once

#include "storage/db_value.hpp"

#include <cstddef>
#include <ctime>
#include <string>

namespace soci {
class row;
}

namespace sentinel::host {

DbValue read_soci_cell(const soci::row& row, std::size_t index, bool is_bytea);

std::string format_iso8601(const std::tm& time);

}  // namespace sentinel::host
