#include "readers/xlsx_reader.hpp"

#include "readers/cell_reference.hpp"
#include "readers/cell_text.hpp"
#include "readers/table_builder.hpp"
#include "readers/xlsx_workbook.hpp"
#include "readers/xml_names.hpp"
#include "readers/zip_archive.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

namespace sentinel::forensic {
namespace {

// Days between Excel's day 0 and 1970-01-01 in the 1900 date system (right from 1900-03-01 on,
// Excel counting a 29 February 1900 that never was) and in the 1904 one.
constexpr double kEpochSerial1900 = 25569.0;
constexpr double kEpochSerial1904 = 24107.0;

ReadError not_an_xlsx(const std::string& reason) {
    return ReadError(ReadError::Kind::Corrupt, "Not a valid .xlsx file: " + reason);
}

// An XML part of the archive, parsed in place (the text must live as long as the document).
class XmlPart {
public:
    // false when the archive has no such entry.
    bool load(ZipArchive& archive, const std::string& name) {
        auto content = archive.read(name);
        if (!content) return false;
        text_ = std::move(*content);
        const pugi::xml_parse_result parsed = document_.load_buffer_inplace(text_.data(), text_.size());
        if (!parsed) throw not_an_xlsx(name + " is not well-formed XML (" + parsed.description() + ")");
        return true;
    }
    void require(ZipArchive& archive, const std::string& name, const std::string& what) {
        if (!load(archive, name)) throw not_an_xlsx("no " + what + " (" + name + ")");
    }
    const pugi::xml_document& document() const noexcept { return document_; }

private:
    std::string text_;
    pugi::xml_document document_;
};

struct SheetContext {
    std::vector<std::string> shared_strings;
    std::vector<bool> date_styles;
    double epoch_serial = kEpochSerial1900;
};

std::optional<double> exact_number(std::string_view text) {
    double value = 0.0;
    const char* end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc{} || stop != end) return std::nullopt;
    return value;
}

const std::string* shared_string(const SheetContext& context, std::string_view index_text) {
    std::size_t index = 0;
    const char* end = index_text.data() + index_text.size();
    const auto [stop, error] = std::from_chars(index_text.data(), end, index);
    if (error != std::errc{} || stop != end || index >= context.shared_strings.size()) return nullptr;
    return &context.shared_strings[index];
}

std::string_view value_text(const pugi::xml_node& cell) { return child_named(cell, "v").text().get(); }
std::string_view type_of(const pugi::xml_node& cell) { return attribute_named(cell, "t").value(); }

// A cell as the header names it.
std::string header_text(const pugi::xml_node& cell, const SheetContext& context) {
    const std::string_view type = type_of(cell);
    if (type == "s") {
        const std::string* text = shared_string(context, value_text(cell));
        return text != nullptr ? *text : std::string();
    }
    if (type == "inlineStr") return rich_text(child_named(cell, "is"));
    return std::string(value_text(cell));
}

bool is_date_styled(const pugi::xml_node& cell, const SheetContext& context) {
    const pugi::xml_attribute style = attribute_named(cell, "s");
    if (!style) return false;
    const unsigned index = style.as_uint();
    return index < context.date_styles.size() && context.date_styles[index];
}

void put_cell(NumericTableBuilder& builder, std::size_t column, const pugi::xml_node& cell,
              const SheetContext& context) {
    const std::string_view type = type_of(cell);
    const std::string_view value = value_text(cell);
    if (type == "s") {
        if (const std::string* text = shared_string(context, value)) builder.set_text(column, *text);
        else if (!value.empty()) builder.set_unparsable(column);
    } else if (type == "inlineStr") {
        builder.set_text(column, rich_text(child_named(cell, "is")));
    } else if (type == "str") {
        builder.set_text(column, value);
    } else if (type == "b") {
        if (value == "1" || value == "0") builder.set_number(column, value == "1" ? 1.0 : 0.0);
        else if (!value.empty()) builder.set_unparsable(column);
    } else if (type == "d") {
        if (const auto date = parse_iso_date_time(value)) builder.set_number(column, *date);
        else if (!value.empty()) builder.set_unparsable(column);
    } else if (type == "e") {
        if (!value.empty()) builder.set_unparsable(column);
    } else if (!value.empty()) { // "n" or no type
        if (const auto number = exact_number(value))
            builder.set_number(column, is_date_styled(cell, context) ? *number - context.epoch_serial : *number);
        else
            builder.set_unparsable(column);
    }
}

// Walks the cells of a <row>, giving each its 0-based column: from its reference, or the one after
// the previous cell when the reference is missing or unreadable.
template <typename Visit> void for_each_cell(const pugi::xml_node& row, Visit&& visit) {
    std::size_t next_column = 0;
    for (pugi::xml_node cell = row.first_child(); cell; cell = cell.next_sibling()) {
        if (!is_named(cell, "c")) continue;
        const auto reference = parse_cell_reference(attribute_named(cell, "r").value());
        const std::size_t column = reference ? reference->column : next_column;
        visit(column, cell);
        next_column = column + 1;
    }
}

std::size_t row_number(const pugi::xml_node& row, std::size_t expected) {
    const std::size_t number = attribute_named(row, "r").as_ullong(expected);
    return number < expected ? expected : number; // out of order rows are taken in file order
}

SheetContext read_context(ZipArchive& archive, const WorkbookLayout& layout) {
    SheetContext context;
    context.epoch_serial = layout.dates_from_1904 ? kEpochSerial1904 : kEpochSerial1900;
    XmlPart shared_strings;
    if (shared_strings.load(archive, "xl/sharedStrings.xml"))
        context.shared_strings = read_shared_strings(shared_strings.document());
    XmlPart styles;
    if (styles.load(archive, "xl/styles.xml")) context.date_styles = read_date_styles(styles.document());
    return context;
}

} // namespace

NumericTable read_xlsx_with_budget(std::string_view bytes, std::size_t decompression_budget,
                                   const ReadLimits& limits, const ReadProgress& progress) {
    if (bytes.empty()) throw ReadError(ReadError::Kind::Empty, "The file is empty");
    ZipArchive archive(bytes, decompression_budget);
    WorkbookLayout layout;
    {
        XmlPart workbook;
        workbook.require(archive, "xl/workbook.xml", "workbook");
        XmlPart relationships;
        relationships.require(archive, "xl/_rels/workbook.xml.rels", "workbook relationships");
        layout = read_workbook_layout(workbook.document(), relationships.document());
    }
    const SheetContext context = read_context(archive, layout);
    XmlPart sheet;
    sheet.require(archive, layout.first_sheet_path, "first worksheet");

    const pugi::xml_node sheet_data = child_named(root_element(sheet.document()), "sheetData");
    pugi::xml_node row = child_named(sheet_data, "row");
    if (!row) throw ReadError(ReadError::Kind::Empty, "The file is empty");

    std::size_t header_columns = 0;
    for_each_cell(row, [&](std::size_t column, const pugi::xml_node&) {
        header_columns = std::max(header_columns, column + 1);
    });
    if (header_columns > limits.max_columns) throw too_many_columns(header_columns, limits.max_columns);
    std::vector<std::string> header(header_columns);
    for_each_cell(row, [&](std::size_t column, const pugi::xml_node& cell) {
        header[column] = header_text(cell, context);
    });
    NumericTableBuilder builder(header, limits, progress);

    std::size_t expected_row = row_number(row, 1) + 1;
    for (row = row.next_sibling(); row; row = row.next_sibling()) {
        if (!is_named(row, "row")) continue;
        const std::size_t number = row_number(row, expected_row);
        builder.add_empty_rows(number - expected_row);
        builder.begin_row();
        for_each_cell(row, [&](std::size_t column, const pugi::xml_node& cell) {
            if (column < header_columns) put_cell(builder, column, cell, context); // no header: ignored
        });
        builder.end_row();
        expected_row = number + 1;
    }
    return std::move(builder).finish();
}

NumericTable read_xlsx(std::string_view bytes, const ReadLimits& limits, const ReadProgress& progress) {
    return read_xlsx_with_budget(bytes, default_decompression_budget(bytes.size()), limits, progress);
}

} // namespace sentinel::forensic
