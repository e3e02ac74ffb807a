#include "readers/numeric_table.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace sentinel::forensic {
namespace {

std::string error_of(std::string_view name) {
    try {
        file_kind_from_name(name);
    } catch (const ReadError& e) {
        EXPECT_EQ(e.kind(), ReadError::Kind::Unsupported);
        return e.what();
    }
    ADD_FAILURE() << "no error for " << name;
    return {};
}

TEST(FileKindFromName, KnownExtensionsIgnoringCase) {
    EXPECT_EQ(file_kind_from_name("audit.csv"), FileKind::Csv);
    EXPECT_EQ(file_kind_from_name("AUDIT.CSV"), FileKind::Csv);
    EXPECT_EQ(file_kind_from_name("q1.2024.xls"), FileKind::Xls);
    EXPECT_EQ(file_kind_from_name("Report.XlSx"), FileKind::Xlsx);
    EXPECT_EQ(file_kind_from_name("C:\\exports\\ledger.xlsx"), FileKind::Xlsx);
}

TEST(FileKindFromName, RefusesOtherTypes) {
    EXPECT_EQ(error_of("scan.pdf"), "Unsupported file type '.pdf': upload .csv, .xls or .xlsx");
    EXPECT_EQ(error_of("notes.TXT"), "Unsupported file type '.txt': upload .csv, .xls or .xlsx");
    EXPECT_EQ(error_of("book.xlsm"), "Unsupported file type '.xlsm': upload .csv, .xls or .xlsx");
    EXPECT_EQ(error_of("csv"), "Unsupported file type no extension: upload .csv, .xls or .xlsx");
    EXPECT_EQ(error_of("folder.csv/data"), "Unsupported file type no extension: upload .csv, .xls or .xlsx");
    EXPECT_EQ(error_of(""), "Unsupported file type no extension: upload .csv, .xls or .xlsx");
}

TEST(ReadTable, DispatchesOnTheKind) {
    EXPECT_EQ(read_table(FileKind::Csv, "a\n1\n").rows, 1u);
    EXPECT_THROW(read_table(FileKind::Xlsx, "a\n1\n"), ReadError);
    EXPECT_THROW(read_table(FileKind::Xls, "a\n1\n"), ReadError);
}

} // namespace
} // namespace sentinel::forensic
