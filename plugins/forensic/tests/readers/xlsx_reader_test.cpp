#include "readers/numeric_table.hpp"
#include "readers/xlsx_reader.hpp"
#include "readers/zip_archive.hpp"
#include "zip_builder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>

namespace sentinel::forensic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::make_zip;
using testing::ZipEntries;

constexpr const char* kWorkbook = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
          xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
  <sheets><sheet name="Audit" sheetId="1" r:id="rId7"/><sheet name="Other" sheetId="2" r:id="rId8"/></sheets>
</workbook>)";

// The first sheet is not sheet1.xml and its target is absolute: the path comes from the rels.
constexpr const char* kRelationships = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/other.xml"/>
  <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/audit.xml"/>
</Relationships>)";

constexpr const char* kSharedStrings = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
  <si><t>amount</t></si>
  <si><r><rPr><b/></rPr><t xml:space="preserve">unit </t></r><r><t>price</t></r><rPh><t>ignored</t></rPh></si>
  <si><t>12.5</t></si>
  <si><t>hello</t></si>
  <si><t>when</t></si>
</sst>)";

// Style 1 uses a custom date format, style 2 the built-in date format 14, style 3 a plain number.
constexpr const char* kStyles = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="#,##0.00 &quot;kg&quot;"/></numFmts>
  <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/></cellXfs>
</styleSheet>)";

// Columns: amount (n), unit price (shared string numbers, a skipped cell, rich inline text),
// flag (b), when (dates), note (text: dropped), calc (str formulas with an error: dropped).
// Row 4 is skipped.
constexpr const char* kSheet = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <dimension ref="A1:F5"/>
  <sheetData>
    <row r="1">
      <c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>flag</t></is></c>
      <c r="D1" t="s"><v>4</v></c><c r="E1" t="inlineStr"><is><t>note</t></is></c><c r="F1" t="str"><v>calc</v></c>
    </row>
    <row r="2">
      <c r="A2"><v>10</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="b"><v>1</v></c>
      <c r="D2" s="1"><v>45292</v></c><c r="E2" t="inlineStr"><is><t>hello</t></is></c>
      <c r="F2" t="str"><f>A2*2</f><v>7</v></c>
    </row>
    <row r="3">
      <c r="A3" t="n" s="3"><v>12.25</v></c><c r="C3" t="b"><v>0</v></c>
      <c r="D3" s="2"><v>45293.5</v></c><c r="E3" t="s"><v>3</v></c><c r="F3" t="e"><v>#DIV/0!</v></c>
    </row>
    <row r="5">
      <c r="A5"><v>-3</v></c><c r="B5" t="inlineStr"><is><r><t>4</t></r><r><t>2</t></r></is></c>
      <c r="C5" t="b"><v>1</v></c><c r="D5" t="d"><v>1970-01-03T12:00:00</v></c>
      <c r="E5" t="inlineStr"><is><t>bye</t></is></c><c r="F5" t="str"><v>oops</v></c>
    </row>
  </sheetData>
</worksheet>)";

ZipEntries workbook_entries(std::string sheet = kSheet) {
    return {{"[Content_Types].xml", "<Types/>"},
            {"xl/workbook.xml", kWorkbook},
            {"xl/_rels/workbook.xml.rels", kRelationships},
            {"xl/sharedStrings.xml", kSharedStrings},
            {"xl/styles.xml", kStyles},
            {"xl/worksheets/other.xml", "<worksheet><sheetData/></worksheet>"},
            {"xl/worksheets/audit.xml", std::move(sheet)}};
}

ZipEntries without(ZipEntries entries, const std::string& name) {
    std::erase_if(entries, [&](const auto& entry) { return entry.first == name; });
    return entries;
}

ReadError error_of(const std::string& bytes) {
    try {
        read_xlsx(bytes);
    } catch (const ReadError& e) {
        return e;
    }
    ADD_FAILURE() << "no error";
    return ReadError(ReadError::Kind::Corrupt, "none");
}

std::string sheet_with_rows(const std::string& rows) {
    return "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" + rows +
           "</sheetData></worksheet>";
}

TEST(ReadXlsx, ReadsTheFirstSheet) {
    const NumericTable table = read_xlsx(make_zip(workbook_entries()));
    EXPECT_THAT(table.columns, ElementsAre("amount", "unit price", "flag", "when"));
    EXPECT_EQ(table.dropped_columns, 2u); // note (text), calc (an error and a text of three)
    ASSERT_EQ(table.rows, 4u);            // rows 2, 3, 4 (skipped, empty) and 5

    const auto& amount = table.data[0];
    EXPECT_EQ(amount[0], 10.0);
    EXPECT_EQ(amount[1], 12.25); // a number style that is not a date
    EXPECT_TRUE(std::isnan(amount[2]));
    EXPECT_EQ(amount[3], -3.0);

    const auto& price = table.data[1];
    EXPECT_EQ(price[0], 12.5); // a shared string that reads as a number
    EXPECT_TRUE(std::isnan(price[1])); // the skipped cell B3
    EXPECT_EQ(price[3], 42.0);         // rich inline text "4" + "2"

    const auto& flag = table.data[2];
    EXPECT_EQ(flag[0], 1.0);
    EXPECT_EQ(flag[1], 0.0);
    EXPECT_EQ(flag[3], 1.0);

    const auto& when = table.data[3];
    EXPECT_EQ(when[0], 19723.0); // 2024-01-01 (custom format yyyy-mm-dd): serial 45292 - 25569
    EXPECT_EQ(when[1], 19724.5); // built-in format 14
    EXPECT_EQ(when[3], 2.5);     // t="d" ISO text
}

TEST(ReadXlsx, ThousandsOfRowsWithProgress) {
    std::string rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>n</t></is></c></row>";
    for (int r = 2; r <= 70'000; ++r)
        rows += "<row r=\"" + std::to_string(r) + "\"><c r=\"A" + std::to_string(r) + "\"><v>" + std::to_string(r) +
                "</v></c></row>";
    std::size_t calls = 0;
    const NumericTable table = read_xlsx(make_zip(workbook_entries(sheet_with_rows(rows))), {}, [&](std::size_t n) {
        EXPECT_EQ(n, 65'536u);
        ++calls;
        return true;
    });
    EXPECT_EQ(table.rows, 69'999u);
    EXPECT_EQ(table.data[0].back(), 70'000.0);
    EXPECT_EQ(calls, 1u);
}

TEST(ReadXlsx, CellsAndRowsWithoutReferences) {
    const std::string rows = "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c t=\"inlineStr\"><is><t>b</t></is></c></row>"
                             "<row><c><v>1</v></c><c><v>2</v></c><c><v>99</v></c></row>"
                             "<row><c r=\"B3\"><v>4</v></c></row>";
    const NumericTable table = read_xlsx(make_zip(workbook_entries(sheet_with_rows(rows))));
    EXPECT_THAT(table.columns, ElementsAre("a", "b"));
    ASSERT_EQ(table.rows, 2u);
    EXPECT_EQ(table.data[0][0], 1.0);
    EXPECT_TRUE(std::isnan(table.data[0][1]));
    EXPECT_THAT(table.data[1], ElementsAre(2.0, 4.0)); // the cell without a header is ignored
}

TEST(ReadXlsx, PrefixedNamespacesAndDate1904) {
    ZipEntries entries = workbook_entries(
        "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData>"
        "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>day</x:t></x:is></x:c></x:row>"
        "<x:row r=\"2\"><x:c r=\"A2\" s=\"2\"><x:v>24108</x:v></x:c></x:row>"
        "</x:sheetData></x:worksheet>");
    for (auto& [name, content] : entries)
        if (name == "xl/workbook.xml")
            content = R"(<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
                      R"(<workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId7"/></sheets></workbook>)";
    const NumericTable table = read_xlsx(make_zip(entries));
    EXPECT_THAT(table.data[0], ElementsAre(1.0)); // 1904 system: serial 24108 is 1970-01-02
}

TEST(ReadXlsx, HeaderOnlyAndEmptySheet) {
    const ReadError header_only = error_of(make_zip(workbook_entries(
        sheet_with_rows("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>"))));
    EXPECT_EQ(header_only.kind(), ReadError::Kind::Empty);
    EXPECT_STREQ(header_only.what(), "The file has a header row but no data rows");

    const ReadError empty = error_of(make_zip(workbook_entries(sheet_with_rows(""))));
    EXPECT_EQ(empty.kind(), ReadError::Kind::Empty);
    EXPECT_STREQ(empty.what(), "The file is empty");
    EXPECT_EQ(error_of("").kind(), ReadError::Kind::Empty);
}

TEST(ReadXlsx, NoNumericColumn) {
    const ReadError error = error_of(make_zip(workbook_entries(
        sheet_with_rows("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>name</t></is></c></row>"
                        "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>alice</t></is></c></row>"))));
    EXPECT_EQ(error.kind(), ReadError::Kind::NoNumericColumn);
    EXPECT_STREQ(error.what(), "No numeric column found (columns: name)");
}

TEST(ReadXlsx, TooManyColumns) {
    const ReadError error = error_of(make_zip(workbook_entries(
        sheet_with_rows("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c>"
                        "<c r=\"ALM1\" t=\"inlineStr\"><is><t>far</t></is></c></row>"))));
    EXPECT_EQ(error.kind(), ReadError::Kind::TooManyColumns);
    EXPECT_STREQ(error.what(), "Too many columns (1001 > 1000)"); // ALM is the 1001st column
}

TEST(ReadXlsx, HugeRowGapIsRefusedNotAllocated) {
    const ReadError error = error_of(make_zip(workbook_entries(sheet_with_rows(
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>"
        "<row r=\"99999999999\"><c r=\"A2\"><v>1</v></c></row>"))));
    EXPECT_THAT(error.what(), HasSubstr("Too many rows"));
}

TEST(ReadXlsx, NotAZipArchive) {
    for (const std::string& bytes : {std::string("id,amount\n1,2\n"), std::string(4096, '\0')}) {
        const ReadError error = error_of(bytes);
        EXPECT_EQ(error.kind(), ReadError::Kind::Corrupt);
        EXPECT_THAT(error.what(), HasSubstr("Not a valid .xlsx file: not a zip archive"));
    }
}

TEST(ReadXlsx, TruncatedArchive) {
    const std::string bytes = make_zip(workbook_entries());
    const ReadError error = error_of(bytes.substr(0, bytes.size() / 2));
    EXPECT_EQ(error.kind(), ReadError::Kind::Corrupt);
    EXPECT_THAT(error.what(), HasSubstr("Not a valid .xlsx file"));
}

TEST(ReadXlsx, ZipWithoutWorkbook) {
    const ReadError error = error_of(make_zip({{"hello.txt", "hi"}}));
    EXPECT_EQ(error.kind(), ReadError::Kind::Corrupt);
    EXPECT_STREQ(error.what(), "Not a valid .xlsx file: no workbook (xl/workbook.xml)");
}

TEST(ReadXlsx, MissingPartsAndBadXml) {
    EXPECT_THAT(error_of(make_zip(without(workbook_entries(), "xl/_rels/workbook.xml.rels"))).what(),
                HasSubstr("no workbook relationships"));
    EXPECT_THAT(error_of(make_zip(without(workbook_entries(), "xl/worksheets/audit.xml"))).what(),
                HasSubstr("no first worksheet (xl/worksheets/audit.xml)"));
    EXPECT_THAT(error_of(make_zip(workbook_entries("<worksheet><sheetData><row></sheetData>"))).what(),
                HasSubstr("xl/worksheets/audit.xml is not well-formed XML"));
    ZipEntries no_sheets = workbook_entries();
    no_sheets[1].second = "<workbook><sheets/></workbook>";
    EXPECT_THAT(error_of(make_zip(no_sheets)).what(), HasSubstr("the workbook lists no worksheet"));
}

TEST(ReadXlsx, WorksWithoutSharedStringsAndStyles) {
    const std::string rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>"
                             "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>5</v></c></row>";
    ZipEntries entries = without(without(workbook_entries(sheet_with_rows(rows)), "xl/sharedStrings.xml"),
                                 "xl/styles.xml");
    EXPECT_THAT(read_xlsx(make_zip(entries)).data[0], ElementsAre(5.0));
}

TEST(ReadXlsx, ZipBombGuard) {
    // A sheet of 4 MiB of spaces compresses to a few KiB; with a 1 MiB budget it is refused.
    const std::string huge_sheet = sheet_with_rows(std::string(4 * 1024 * 1024, ' '));
    const std::string bytes = make_zip(workbook_entries(huge_sheet));
    ASSERT_LT(bytes.size(), 64u * 1024u);
    try {
        read_xlsx_with_budget(bytes, 1024 * 1024);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.kind(), ReadError::Kind::Corrupt);
        EXPECT_STREQ(e.what(), "Not a valid .xlsx file: xl/worksheets/audit.xml is too large when decompressed");
    }
    EXPECT_EQ(read_xlsx_with_budget(make_zip(workbook_entries()), 1024 * 1024).rows, 4u);
}

// Rewrites every declared uncompressed size (local and central headers) of a one-entry archive.
std::string with_declared_size(std::string zip, std::uint32_t size) {
    const auto patch = [&](const char* signature, std::size_t offset) {
        for (auto at = zip.find(signature, 0, 4); at != std::string::npos; at = zip.find(signature, at + 4, 4))
            std::memcpy(zip.data() + at + offset, &size, 4); // little-endian, as zip files are
    };
    patch("PK\x03\x04", 22);
    patch("PK\x01\x02", 24);
    return zip;
}

TEST(ReadXlsx, ZipBombGuardDoesNotTrustDeclaredSizes) {
    const std::string big = std::string(4 * 1024 * 1024, 'a');
    const std::string bytes = with_declared_size(make_zip({{"xl/workbook.xml", big}}), 100);
    try {
        read_xlsx_with_budget(bytes, 1024 * 1024);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.kind(), ReadError::Kind::Corrupt);
        EXPECT_STREQ(e.what(), "Not a valid .xlsx file: xl/workbook.xml is too large when decompressed");
    }
}

TEST(DefaultDecompressionBudget, TwentyTimesPlusHundredMegabytesAtMostOneGigabyte) {
    constexpr std::size_t MiB = 1024 * 1024;
    EXPECT_EQ(default_decompression_budget(0), 100 * MiB);
    EXPECT_EQ(default_decompression_budget(1 * MiB), 120 * MiB);
    EXPECT_EQ(default_decompression_budget(100 * MiB), 1024 * MiB);
    EXPECT_EQ(default_decompression_budget(SIZE_MAX), 1024 * MiB);
}

} // namespace
} // namespace sentinel::forensic
