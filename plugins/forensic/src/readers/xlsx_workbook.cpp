#include "readers/xlsx_workbook.hpp"

#include "readers/numeric_table.hpp"
#include "readers/xml_names.hpp"

#include <algorithm>
#include <unordered_set>

namespace sentinel::forensic {
namespace {

ReadError not_an_xlsx(const std::string& reason) {
    return ReadError(ReadError::Kind::Corrupt, "Not a valid .xlsx file: " + reason);
}

void append_text(const pugi::xml_node& node, std::string& out) {
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        if (is_named(child, "t")) out += child.text().get();
        else if (is_named(child, "r")) append_text(child, out);
    }
}

} // namespace

std::string rich_text(const pugi::xml_node& node) {
    std::string text;
    append_text(node, text);
    return text;
}

std::string archive_path(std::string_view target) {
    std::string joined = target.starts_with('/') ? std::string(target.substr(1)) : "xl/" + std::string(target);
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= joined.size()) {
        const auto slash = std::min(joined.find('/', start), joined.size());
        const std::string part = joined.substr(start, slash - start);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        start = slash + 1;
    }
    std::string path;
    for (const std::string& part : parts) path += (path.empty() ? "" : "/") + part;
    return path;
}

WorkbookLayout read_workbook_layout(const pugi::xml_document& workbook, const pugi::xml_document& relationships) {
    const pugi::xml_node root = root_element(workbook);
    if (!is_named(root, "workbook")) throw not_an_xlsx("xl/workbook.xml is not a workbook");
    WorkbookLayout layout;
    const pugi::xml_attribute date1904 = attribute_named(child_named(root, "workbookPr"), "date1904");
    const std::string_view date1904_value = date1904.value();
    layout.dates_from_1904 = date1904_value == "1" || date1904_value == "true";

    const pugi::xml_node first_sheet = child_named(child_named(root, "sheets"), "sheet");
    const std::string_view relationship_id = attribute_named(first_sheet, "id").value();
    if (relationship_id.empty()) throw not_an_xlsx("the workbook lists no worksheet");
    for (pugi::xml_node relationship = root_element(relationships).first_child(); relationship;
         relationship = relationship.next_sibling()) {
        if (is_named(relationship, "Relationship") && relationship_id == attribute_named(relationship, "Id").value()) {
            layout.first_sheet_path = archive_path(attribute_named(relationship, "Target").value());
            return layout;
        }
    }
    throw not_an_xlsx("the first worksheet's relationship is missing");
}

std::vector<std::string> read_shared_strings(const pugi::xml_document& shared_strings) {
    std::vector<std::string> strings;
    for (pugi::xml_node item = root_element(shared_strings).first_child(); item; item = item.next_sibling()) {
        if (!is_named(item, "si")) continue;
        strings.push_back(rich_text(item));
    }
    return strings;
}

bool is_builtin_date_format(unsigned id) { return (id >= 14 && id <= 22) || (id >= 45 && id <= 47); }

bool is_date_format_code(std::string_view code) {
    bool in_quotes = false;
    bool in_brackets = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (in_quotes) {
            in_quotes = c != '"';
        } else if (in_brackets) {
            in_brackets = c != ']';
        } else if (c == '"') {
            in_quotes = true;
        } else if (c == '[') {
            in_brackets = true;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i; // an escaped literal, a padding or a fill character
        } else if (c == ';') {
            return false; // only the first section (positive numbers) decides
        } else {
            const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            if (lower == 'd' || lower == 'm' || lower == 'y' || lower == 'h') return true;
        }
    }
    return false;
}

std::vector<bool> read_date_styles(const pugi::xml_document& styles) {
    const pugi::xml_node root = root_element(styles);
    std::unordered_set<unsigned> custom_date_formats;
    for (pugi::xml_node format = child_named(child_named(root, "numFmts"), "numFmt"); format;
         format = format.next_sibling()) {
        if (is_named(format, "numFmt") && is_date_format_code(attribute_named(format, "formatCode").value()))
            custom_date_formats.insert(attribute_named(format, "numFmtId").as_uint());
    }
    std::vector<bool> date_styles;
    for (pugi::xml_node style = child_named(root, "cellXfs").first_child(); style; style = style.next_sibling()) {
        if (!is_named(style, "xf")) continue;
        const unsigned format_id = attribute_named(style, "numFmtId").as_uint();
        date_styles.push_back(is_builtin_date_format(format_id) || custom_date_formats.contains(format_id));
    }
    return date_styles;
}

} // namespace sentinel::forensic
