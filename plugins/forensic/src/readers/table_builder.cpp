#include "readers/table_builder.hpp"

#include "readers/column_names.hpp"

#include <algorithm>
#include <utility>

namespace sentinel::forensic {
namespace {

constexpr std::size_t kNamesListedInErrors = 20;

bool is_numeric(std::size_t non_empty, std::size_t failures) {
    return non_empty > 0 && (non_empty - failures) * 10 >= non_empty * 9;
}

std::string listed(const std::vector<std::string>& names) {
    std::string list;
    const std::size_t shown = std::min(names.size(), kNamesListedInErrors);
    for (std::size_t i = 0; i < shown; ++i) list += (i ? ", " : "") + names[i];
    if (shown < names.size()) list += ", ... (" + std::to_string(names.size()) + " in all)";
    return list;
}

} // namespace

ReadError too_many_columns(std::size_t columns, std::size_t max_columns) {
    return ReadError(ReadError::Kind::TooManyColumns,
                     "Too many columns (" + std::to_string(columns) + " > " + std::to_string(max_columns) + ")");
}

NumericTableBuilder::NumericTableBuilder(const std::vector<std::string>& header, const ReadLimits& limits,
                                         ReadProgress progress)
    : limits_(limits), progress_(std::move(progress)) {
    if (header.size() > limits.max_columns) throw too_many_columns(header.size(), limits.max_columns);
    std::vector<std::string> names = unique_column_names(header);
    columns_.resize(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) columns_[i].name = std::move(names[i]);
}

void NumericTableBuilder::reserve_rows(std::size_t rows) {
    if (columns_.empty()) return;
    rows = std::min({rows, limits_.max_rows, kMaxTableCells / columns_.size()});
    for (Column& column : columns_) column.values.reserve(rows);
}

void NumericTableBuilder::check_room_for(std::size_t more_rows) const {
    if (more_rows > limits_.max_rows || rows_ > limits_.max_rows - more_rows)
        throw ReadError(ReadError::Kind::TooManyColumns,
                        "Too many rows (more than " + std::to_string(limits_.max_rows) + ")");
    if (!columns_.empty() && rows_ + more_rows > kMaxTableCells / columns_.size())
        throw ReadError(ReadError::Kind::TooManyColumns,
                        "The table is too large (more than " + std::to_string(kMaxTableCells) + " cells)");
}

void NumericTableBuilder::end_row() {
    ++rows_;
    if (row_has_value_) rows_up_to_last_value_ = rows_;
    if (rows_ % kProgressEveryRows == 0 && progress_ && !progress_(rows_))
        throw ReadError(ReadError::Kind::Corrupt, "cancelled");
}

void NumericTableBuilder::add_empty_rows(std::size_t count) {
    if (count == 0) return;
    check_room_for(count);
    rows_ += count;
}

NumericTable NumericTableBuilder::finish() && {
    if (rows_up_to_last_value_ == 0)
        throw ReadError(ReadError::Kind::Empty, "The file has a header row but no data rows");
    NumericTable table;
    table.rows = rows_up_to_last_value_;
    std::vector<std::string> all_names;
    for (Column& column : columns_) {
        all_names.push_back(column.name);
        if (!is_numeric(column.non_empty, column.failures)) {
            ++table.dropped_columns;
            continue;
        }
        column.values.resize(table.rows, kMissingValue);
        if (column.values.capacity() - table.rows > table.rows / 8) column.values.shrink_to_fit();
        table.columns.push_back(std::move(column.name));
        table.data.push_back(std::move(column.values));
    }
    if (all_names.empty())
        throw ReadError(ReadError::Kind::NoNumericColumn, "No numeric column found (the header row is empty)");
    if (table.columns.empty())
        throw ReadError(ReadError::Kind::NoNumericColumn, "No numeric column found (columns: " + listed(all_names) + ")");
    return table;
}

} // namespace sentinel::forensic
