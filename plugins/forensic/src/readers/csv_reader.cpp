#include "readers/csv_cursor.hpp"
#include "readers/csv_dialect.hpp"
#include "readers/numeric_table.hpp"
#include "readers/table_builder.hpp"

#include <string>
#include <vector>

namespace sentinel::forensic {
namespace {

// After this many rows the reader knows the average row length and reserves the rest at once.
constexpr std::size_t kRowsBeforeReserving = 1024;

bool only_blanks(std::string_view text) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

std::vector<std::string> read_header(CsvCursor& cursor, std::size_t max_columns) {
    std::vector<std::string> header;
    std::size_t fields = 0;
    bool record_ended = false;
    while (!record_ended) {
        const std::string_view field = cursor.next_field(record_ended);
        if (++fields <= max_columns) header.emplace_back(field);
    }
    if (fields > max_columns) throw too_many_columns(fields, max_columns);
    return header;
}

} // namespace

NumericTable read_csv(std::string_view bytes, const ReadLimits& limits, const ReadProgress& progress) {
    const std::string_view text = without_utf8_bom(bytes);
    if (only_blanks(text)) throw ReadError(ReadError::Kind::Empty, "The file is empty");
    const char delimiter = sniff_delimiter(text);
    const bool decimal_comma = delimiter == ';';

    CsvCursor cursor(text, delimiter);
    NumericTableBuilder builder(read_header(cursor, limits.max_columns), limits, progress);
    const std::size_t columns = builder.column_count();
    const std::size_t header_bytes = cursor.offset();

    for (std::size_t rows = 0; !cursor.at_end(); ++rows) {
        if (rows == kRowsBeforeReserving) {
            const std::size_t bytes_per_row = (cursor.offset() - header_bytes) / rows + 1;
            builder.reserve_rows(text.size() / bytes_per_row + text.size() / bytes_per_row / 16);
        }
        builder.begin_row();
        bool record_ended = false;
        for (std::size_t column = 0; !record_ended; ++column) {
            const std::string_view field = cursor.next_field(record_ended);
            if (column < columns) builder.set_text(column, field, decimal_comma); // extra fields ignored
        }
        builder.end_row();
    }
    return std::move(builder).finish();
}

} // namespace sentinel::forensic
