// The parts of an .xlsx workbook the reader needs besides the sheet itself: where the first
// worksheet is, the date system, the shared strings and which cell styles are dates.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace sentinel::forensic {

struct WorkbookLayout {
    std::string first_sheet_path; // inside the archive, e.g. "xl/worksheets/sheet1.xml"
    bool dates_from_1904 = false;  // <workbookPr date1904="1"/>
};

// From xl/workbook.xml and xl/_rels/workbook.xml.rels; throws ReadError{Corrupt} when the workbook
// lists no sheet or its relationship is missing.
WorkbookLayout read_workbook_layout(const pugi::xml_document& workbook, const pugi::xml_document& relationships);

// A relationship target ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml", "../x.xml") as a
// path inside the archive, relative to the folder "xl".
std::string archive_path(std::string_view target);

// The text of a <si> or <is> element: its <t>, or the <t> of its rich text runs joined (<rPh>
// phonetic hints left out).
std::string rich_text(const pugi::xml_node& node);

// The strings of xl/sharedStrings.xml in order; rich text runs are joined, phonetic hints left out.
std::vector<std::string> read_shared_strings(const pugi::xml_document& shared_strings);

// For each cell style (index of <cellXfs>) of xl/styles.xml, whether it displays a date or time.
std::vector<bool> read_date_styles(const pugi::xml_document& styles);

// Whether an Excel number format code shows a date or time: d, m, y or h outside quoted text,
// escapes and [bracketed] parts ("yyyy-mm-dd", "[$-409]d-mmm", "h:mm AM/PM"; not "0.00", "#,##0").
bool is_date_format_code(std::string_view code);

// Whether a built-in number format id is a date or time (14-22, 45-47).
bool is_builtin_date_format(unsigned id);

} // namespace sentinel::forensic
