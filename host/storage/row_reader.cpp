#include "storage/row_reader.hpp"

#include "storage/bytea_hex.hpp"

#include <soci/soci.h>

#include <cstdio>
#include <limits>

namespace sentinel::host {

std::string format_iso8601(const std::tm& time) {
    char buffer[80];  // room for any int fields, which keeps -Wformat-truncation quiet
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", time.tm_year + 1900, time.tm_mon + 1,
                  time.tm_mday, time.tm_hour, time.tm_min, time.tm_sec);
    return buffer;
}

DbValue read_soci_cell(const soci::row& row, std::size_t index, bool is_bytea) {
    if (row.get_indicator(index) == soci::i_null) return std::monostate{};
    const soci::column_properties& properties = row.get_properties(index);
    switch (properties.get_data_type()) {
        case soci::dt_string: {
            auto text = row.get<std::string>(index);
            if (is_bytea) return Blob{decode_bytea_hex(text)};
            return text;
        }
        case soci::dt_integer: return std::int64_t{row.get<int>(index)};
        case soci::dt_long_long: return std::int64_t{row.get<long long>(index)};
        case soci::dt_unsigned_long_long: {
            const auto value = row.get<unsigned long long>(index);
            if (value > static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max())) {
                throw DbError(DbErrorKind::Other,
                              "column '" + properties.get_name() + "' holds " + std::to_string(value) +
                                  ", beyond the int64 range");
            }
            return static_cast<std::int64_t>(value);
        }
        case soci::dt_double: return row.get<double>(index);
        case soci::dt_date: return format_iso8601(row.get<std::tm>(index));
        case soci::dt_blob:
        case soci::dt_xml: break;
    }
    throw DbError(DbErrorKind::Other,
                  "column '" + properties.get_name() + "' has a type the storage layer cannot read; cast it to text");
}

}  // namespace sentinel::host
