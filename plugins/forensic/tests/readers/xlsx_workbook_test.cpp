#include "readers/cell_reference.hpp"
#include "readers/numeric_table.hpp"
#include "readers/xlsx_workbook.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sentinel::forensic {
namespace {

using ::testing::ElementsAre;

pugi::xml_document parsed(const char* xml) {
    pugi::xml_document document;
    EXPECT_TRUE(document.load_string(xml));
    return document;
}

TEST(IsDateFormatCode, DatesAndTimes) {
    for (const char* code : {"yyyy-mm-dd", "yyyy\\-mm\\-dd", "d/m/yy", "[$-409]mmmm d, yyyy", "h:mm AM/PM",
                             "[h]:mm:ss", "DD.MM.YYYY", "m/d/yy h:mm", "\"Day \"d"}) {
        EXPECT_TRUE(is_date_format_code(code)) << code;
    }
}

TEST(IsDateFormatCode, NumbersAndText) {
    for (const char* code : {"General", "0.00", "#,##0", "0.00%", "#,##0.00 \"kg\"", "[Red]#,##0",
                             "0.00E+00", "\\d0", "@", "#,##0;[Red]-#,##0", "0;\"yes\";\"no\"", "", "_(* #,##0_)"}) {
        EXPECT_FALSE(is_date_format_code(code)) << code;
    }
}

TEST(IsBuiltinDateFormat, Ranges) {
    EXPECT_TRUE(is_builtin_date_format(14));
    EXPECT_TRUE(is_builtin_date_format(22));
    EXPECT_TRUE(is_builtin_date_format(45));
    EXPECT_TRUE(is_builtin_date_format(47));
    EXPECT_FALSE(is_builtin_date_format(0));
    EXPECT_FALSE(is_builtin_date_format(13));
    EXPECT_FALSE(is_builtin_date_format(23));
    EXPECT_FALSE(is_builtin_date_format(49));
}

TEST(ReadDateStyles, BuiltInAndCustomFormats) {
    const auto styles = parsed(R"(<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>)"
                               R"(<numFmt numFmtId="165" formatCode="0.000"/></numFmts>)"
                               R"(<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="22"/>)"
                               R"(</cellXfs></styleSheet>)");
    EXPECT_THAT(read_date_styles(styles), ElementsAre(false, true, false, true));
}

TEST(ReadSharedStrings, PlainAndRichText) {
    const auto strings = parsed(R"(<sst><si><t>plain</t></si><si><r><t>ri</t></r><r><t>ch</t></r>)"
                                R"(<rPh><t>x</t></rPh></si><si/></sst>)");
    EXPECT_THAT(read_shared_strings(strings), ElementsAre("plain", "rich", ""));
}

TEST(ArchivePath, ResolvesRelationshipTargets) {
    EXPECT_EQ(archive_path("worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    EXPECT_EQ(archive_path("/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    EXPECT_EQ(archive_path("../sheets/s.xml"), "sheets/s.xml");
    EXPECT_EQ(archive_path("./worksheets//a.xml"), "xl/worksheets/a.xml");
    EXPECT_EQ(archive_path("../../../../etc/passwd"), "etc/passwd");
}

TEST(ReadWorkbookLayout, FindsTheFirstSheetAndDateSystem) {
    const auto workbook = parsed(R"(<workbook xmlns:r="rel"><workbookPr date1904="true"/>)"
                                 R"(<sheets><sheet r:id="rId2"/><sheet r:id="rId1"/></sheets></workbook>)");
    const auto relationships = parsed(R"(<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>)"
                                      R"(<Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>)");
    const WorkbookLayout layout = read_workbook_layout(workbook, relationships);
    EXPECT_EQ(layout.first_sheet_path, "xl/worksheets/sheet2.xml");
    EXPECT_TRUE(layout.dates_from_1904);
    EXPECT_FALSE(read_workbook_layout(parsed(R"(<workbook><sheets><sheet id="rId1"/></sheets></workbook>)"),
                                      relationships)
                     .dates_from_1904);
}

TEST(ReadWorkbookLayout, RefusesBrokenWorkbooks) {
    const auto relationships = parsed(R"(<Relationships><Relationship Id="rId1" Target="s.xml"/></Relationships>)");
    EXPECT_THROW(read_workbook_layout(parsed("<notaworkbook/>"), relationships), ReadError);
    EXPECT_THROW(read_workbook_layout(parsed("<workbook><sheets/></workbook>"), relationships), ReadError);
    EXPECT_THROW(read_workbook_layout(parsed(R"(<workbook><sheets><sheet id="rId9"/></sheets></workbook>)"),
                                      relationships),
                 ReadError);
}

TEST(ParseCellReference, ColumnsAndRows) {
    const auto b2 = parse_cell_reference("B2");
    ASSERT_TRUE(b2);
    EXPECT_EQ(b2->column, 1u);
    EXPECT_EQ(b2->row, 2u);
    EXPECT_EQ(parse_cell_reference("A1")->column, 0u);
    EXPECT_EQ(parse_cell_reference("Z9")->column, 25u);
    EXPECT_EQ(parse_cell_reference("AA10")->column, 26u);
    EXPECT_EQ(parse_cell_reference("XFD1048576")->column, 16'383u);
    EXPECT_EQ(parse_cell_reference("c3")->column, 2u);
    EXPECT_EQ(parse_cell_reference("D")->row, 0u);
}

TEST(ParseCellReference, RefusesMalformedReferences) {
    for (const char* reference : {"", "1", "A-1", "XFE1", "AAAA1", "A1048577", "A1B", "A12345678"})
        EXPECT_FALSE(parse_cell_reference(reference)) << reference;
}

} // namespace
} // namespace sentinel::forensic
