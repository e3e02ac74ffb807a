// Collects the cells of a table row by row into per-column numbers, then keeps the numeric columns
// (at least 90% of the non-empty cells parse) as a NumericTable. Shared by every reader so that
// the rules (limits, progress, cancellation, trailing blank rows, error messages) are the same.
#pragma once

#include "readers/cell_text.hpp"
#include "readers/numeric_table.hpp"

#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::forensic {

// Above this many cells (rows x columns, 800 MB of doubles) a table is refused whatever the limits:
// padding short rows or skipped spreadsheet rows must not be a way to exhaust memory.
inline constexpr std::size_t kMaxTableCells = 100'000'000;

// How often (in rows) the progress callback runs.
inline constexpr std::size_t kProgressEveryRows = 65'536;

// ReadError{TooManyColumns, "Too many columns (1200 > 1000)"}.
ReadError too_many_columns(std::size_t columns, std::size_t max_columns);

class NumericTableBuilder {
public:
    // `header` are the raw header texts (made unique here); throws ReadError{TooManyColumns}.
    NumericTableBuilder(const std::vector<std::string>& header, const ReadLimits& limits, ReadProgress progress);

    std::size_t column_count() const noexcept { return columns_.size(); }

    // A hint: room for this many rows in every column (capped by the limits).
    void reserve_rows(std::size_t rows);

    // A row: begin_row(), any cells (unset cells are empty), end_row().
    void begin_row() {
        check_room_for(1);
        row_has_value_ = false;
    }
    void set_number(std::size_t column, double value) {
        if (!std::isfinite(value)) return set_unparsable(column);
        Column& target = columns_[column];
        place(target.values, value);
        ++target.non_empty;
        row_has_value_ = true;
    }
    void set_text(std::size_t column, std::string_view text, bool decimal_comma = false) {
        const CellReading reading = read_cell_text(text, decimal_comma);
        if (reading.kind == CellReading::Kind::Number) set_number(column, reading.value);
        else if (reading.kind == CellReading::Kind::Text) set_unparsable(column);
    }
    // A non-empty cell that is not a number (text, an error value): NaN, counted against the column.
    void set_unparsable(std::size_t column) {
        Column& target = columns_[column];
        if (target.values.size() > rows_) target.values.back() = kMissingValue; // set twice in a row
        ++target.non_empty;
        ++target.failures;
        row_has_value_ = true;
    }
    void end_row(); // throws ReadError when the progress callback cancels

    // `count` rows without any value (rows a spreadsheet skips); throws ReadError past the limits.
    void add_empty_rows(std::size_t count);

    // Drops trailing empty rows and the non-numeric columns; throws ReadError{Empty} without data
    // rows and ReadError{NoNumericColumn} when no column is numeric.
    NumericTable finish() &&;

private:
    struct Column {
        std::string name;
        std::vector<double> values;
        std::size_t non_empty = 0;
        std::size_t failures = 0;
    };

    static constexpr double kMissingValue = std::numeric_limits<double>::quiet_NaN();

    // Columns hold values up to their last cell; the rows in between are padded with NaN only
    // when a later value arrives (and at the end), so that empty cells cost nothing meanwhile.
    void place(std::vector<double>& values, double value) {
        if (values.size() == rows_) {
            values.push_back(value);
        } else if (values.size() > rows_) {
            values.back() = value; // set twice in a row: the last one wins
        } else {
            values.resize(rows_, kMissingValue);
            values.push_back(value);
        }
    }
    void check_room_for(std::size_t more_rows) const;

    std::vector<Column> columns_;
    ReadLimits limits_;
    ReadProgress progress_;
    std::size_t rows_ = 0;
    std::size_t rows_up_to_last_value_ = 0; // rows_ without the trailing empty rows
    bool row_has_value_ = false;
};

} // namespace sentinel::forensic
