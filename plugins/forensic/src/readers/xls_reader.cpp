#include "readers/cell_text.hpp"
#include "readers/isolated_call.hpp"
#include "readers/numeric_table.hpp"
#include "readers/table_builder.hpp"
#include "readers/table_codec.hpp"
#include "readers/temp_file.hpp"

#include <freexl.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sentinel::forensic {
namespace {

struct FreexlCloser {
    void operator()(const void* handle) const noexcept { freexl_close(handle); }
};
using FreexlHandle = std::unique_ptr<const void, FreexlCloser>;

ReadError not_an_xls(const std::string& reason) {
    return ReadError(ReadError::Kind::Corrupt, "Not a valid .xls file: " + reason);
}

// libfreexl 1.0.6 is not memory-safe on crafted files (a few thousand random mutations of a valid
// workbook crash it): it only ever runs in a child process, which may crash or hang alone.
constexpr std::chrono::seconds kParseTimeout{60};

FreexlHandle open_workbook(const std::string& path) {
    const void* raw = nullptr;
    const int status = freexl_open(path.c_str(), &raw);
    FreexlHandle handle(raw); // closed even when opening failed, as the library asks
    if (status != FREEXL_OK || raw == nullptr)
        throw not_an_xls("not an Excel 97-2003 workbook (error " + std::to_string(status) + ")");
    unsigned int password = 0;
    if (freexl_get_info(raw, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK && password == FREEXL_BIFF_OBFUSCATED)
        throw not_an_xls("the workbook is password-protected");
    unsigned int sheets = 0;
    if (freexl_get_info(raw, FREEXL_BIFF_SHEET_COUNT, &sheets) != FREEXL_OK || sheets == 0)
        throw not_an_xls("the workbook has no worksheet");
    if (freexl_select_active_worksheet(raw, 0) != FREEXL_OK) throw not_an_xls("cannot open the first worksheet");
    return handle;
}

FreeXL_CellValue cell_at(const void* workbook, unsigned int row, unsigned short column) {
    FreeXL_CellValue cell{};
    if (freexl_get_cell_value(workbook, row, column, &cell) != FREEXL_OK) cell.type = FREEXL_CELL_NULL;
    return cell;
}

std::string header_text(const FreeXL_CellValue& cell) {
    switch (cell.type) {
    case FREEXL_CELL_INT: return std::to_string(cell.value.int_value);
    case FREEXL_CELL_DOUBLE: {
        std::string text = std::to_string(cell.value.double_value);
        text.erase(text.find_last_not_of('0') + 1);
        if (text.back() == '.') text.pop_back();
        return text;
    }
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME: return cell.value.text_value != nullptr ? cell.value.text_value : "";
    default: return {};
    }
}

void put_cell(NumericTableBuilder& builder, std::size_t column, const FreeXL_CellValue& cell) {
    switch (cell.type) {
    case FREEXL_CELL_INT: builder.set_number(column, cell.value.int_value); break;
    case FREEXL_CELL_DOUBLE: builder.set_number(column, cell.value.double_value); break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        if (cell.value.text_value != nullptr) builder.set_text(column, cell.value.text_value);
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME: { // given as "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS", "HH:MM:SS"
        const std::string_view text = cell.value.text_value != nullptr ? cell.value.text_value : "";
        if (auto value = cell.type == FREEXL_CELL_TIME ? parse_time_of_day(text) : parse_iso_date_time(text))
            builder.set_number(column, *value);
        else
            builder.set_unparsable(column);
        break;
    }
    default: break; // FREEXL_CELL_NULL
    }
}

// The whole read, with libfreexl, in the calling process.
NumericTable read_workbook_file(const std::string& path, const ReadLimits& limits) {
    const FreexlHandle workbook = open_workbook(path);
    unsigned int rows = 0;
    unsigned short columns = 0;
    if (freexl_worksheet_dimensions(workbook.get(), &rows, &columns) != FREEXL_OK)
        throw not_an_xls("cannot read the first worksheet's size");
    if (rows == 0 || columns == 0) throw ReadError(ReadError::Kind::Empty, "The file is empty");
    if (columns > limits.max_columns) throw too_many_columns(columns, limits.max_columns);

    std::vector<std::string> header;
    for (unsigned short column = 0; column < columns; ++column)
        header.push_back(header_text(cell_at(workbook.get(), 0, column)));
    NumericTableBuilder builder(header, limits, {});
    builder.reserve_rows(rows - 1);
    for (unsigned int row = 1; row < rows; ++row) {
        builder.begin_row();
        for (unsigned short column = 0; column < columns; ++column)
            put_cell(builder, column, cell_at(workbook.get(), row, column));
        builder.end_row();
    }
    return std::move(builder).finish();
}

std::string read_workbook_file_encoded(const std::string& path, const ReadLimits& limits) {
    try {
        return encode_table(read_workbook_file(path, limits));
    } catch (const ReadError& error) {
        return encode_error(error);
    }
}

} // namespace

// libfreexl 1.0.x reads from a path only: the upload goes to a private temporary file, owned (and
// removed) by this process whatever becomes of the child. The sheet is at most 65,536 rows: the
// progress callback runs once, at the end.
NumericTable read_xls(std::string_view bytes, const ReadLimits& limits, const ReadProgress& progress) {
    if (bytes.empty()) throw ReadError(ReadError::Kind::Empty, "The file is empty");
    const PrivateTempFile file(bytes);
    const auto outcome = run_isolated([&] { return read_workbook_file_encoded(file.path(), limits); },
                                      std::chrono::milliseconds(kParseTimeout));
    if (!outcome) throw not_an_xls("the workbook could not be parsed");
    NumericTable table = decode_outcome(*outcome, "Not a valid .xls file: the workbook could not be parsed");
    if (progress && !progress(table.rows)) throw ReadError(ReadError::Kind::Corrupt, "cancelled");
    return table;
}

} // namespace sentinel::forensic
