// What a spreadsheet reader produces: the numeric columns of a table with a header row, column by
// column, plus how many data rows were read. A column is numeric when at least 90% of its
// non-empty cells parse as numbers (or booleans, or dates: days since 1970-01-01 as a fraction);
// other columns are dropped. Missing or unparsable cells in a numeric column are NaN.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sentinel::forensic {

struct NumericTable {
    std::vector<std::string> columns;       // header names of the numeric columns, in file order
    std::vector<std::vector<double>> data;  // data[c][r]; every column has `rows` values
    std::size_t rows = 0;                   // data rows (the header row not counted)
    std::size_t dropped_columns = 0;        // non-numeric columns left out
    // Data row r (0-based) is row r + 2 of the file as a spreadsheet user sees it (header = 1).
};

// A file the readers refuse, with the reason the client sees (answered as 422 / 400).
class ReadError : public std::runtime_error {
public:
    enum class Kind { Empty, Corrupt, NoNumericColumn, TooManyColumns, Unsupported };
    ReadError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }

private:
    Kind kind_;
};

// Called now and then while reading with the rows read so far; return false to cancel (the
// reader then throws ReadError{Corrupt, "cancelled"}... callers treat it as cancellation).
using ReadProgress = std::function<bool(std::size_t rows_read)>;

struct ReadLimits {
    std::size_t max_columns = 1000;
    std::size_t max_rows = 50'000'000;
};

enum class FileKind { Csv, Xls, Xlsx };

// The kind from the file name's extension (case-insensitive), or nullopt-like Unsupported error.
FileKind file_kind_from_name(std::string_view file_name); // throws ReadError{Unsupported}

// Readers. `bytes` is the whole uploaded file.
NumericTable read_csv(std::string_view bytes, const ReadLimits& limits = {}, const ReadProgress& progress = {});
NumericTable read_xls(std::string_view bytes, const ReadLimits& limits = {}, const ReadProgress& progress = {});
NumericTable read_xlsx(std::string_view bytes, const ReadLimits& limits = {}, const ReadProgress& progress = {});
NumericTable read_table(FileKind kind, std::string_view bytes, const ReadLimits& limits = {},
                        const ReadProgress& progress = {});

} // namespace sentinel::forensic
