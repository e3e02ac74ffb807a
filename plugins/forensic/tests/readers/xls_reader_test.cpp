#include "readers/isolated_call.hpp"
#include "readers/numeric_table.hpp"

#include <freexl.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <cstdlib>

namespace sentinel::forensic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// fixtures/audit_sample.xls, written by fixtures/make_xls.py.
std::string fixture_bytes() {
    const auto path = std::filesystem::path(__FILE__).parent_path() / "fixtures" / "audit_sample.xls";
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "missing fixture " << path;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ReadError error_of(const std::string& bytes) {
    try {
        read_xls(bytes);
    } catch (const ReadError& e) {
        return e;
    }
    ADD_FAILURE() << "no error";
    return ReadError(ReadError::Kind::Empty, "none");
}

TEST(ReadXls, ReadsTheFirstWorksheet) {
    const NumericTable table = read_xls(fixture_bytes());
    EXPECT_THAT(table.columns, ElementsAre("id", "amount", "when", "mixed"));
    EXPECT_EQ(table.dropped_columns, 1u); // label
    ASSERT_EQ(table.rows, 4u);
    EXPECT_THAT(table.data[0], ElementsAre(1.0, 2.0, 3.0, 4.0));

    const auto& amount = table.data[1];
    EXPECT_EQ(amount[0], 10.5);
    EXPECT_EQ(amount[1], 20.25);
    EXPECT_TRUE(std::isnan(amount[2])); // the blank cell
    EXPECT_EQ(amount[3], 40.0);

    // 2024-01-01 is day 19723 since 1970-01-01; the second is a date-time at noon.
    EXPECT_THAT(table.data[2], ElementsAre(19723.0, 19724.5, 19725.0, 19726.0));

    const auto& mixed = table.data[3]; // text "7", blank, the number 9, text "12%"
    EXPECT_EQ(mixed[0], 7.0);
    EXPECT_TRUE(std::isnan(mixed[1]));
    EXPECT_EQ(mixed[2], 9.0);
    EXPECT_DOUBLE_EQ(mixed[3], 0.12);
}

TEST(ReadXls, ColumnLimit) {
    ReadLimits limits;
    limits.max_columns = 3;
    try {
        read_xls(fixture_bytes(), limits);
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_EQ(e.kind(), ReadError::Kind::TooManyColumns);
        EXPECT_STREQ(e.what(), "Too many columns (5 > 3)");
    }
}

TEST(ReadXls, EmptyUpload) {
    const ReadError error = error_of("");
    EXPECT_EQ(error.kind(), ReadError::Kind::Empty);
    EXPECT_STREQ(error.what(), "The file is empty");
}

TEST(ReadXls, NotAnXlsFile) {
    for (const std::string& bytes : {std::string("id,amount\n1,2\n"), std::string(4096, '\x7f')}) {
        const ReadError error = error_of(bytes);
        EXPECT_EQ(error.kind(), ReadError::Kind::Corrupt);
        EXPECT_THAT(error.what(), HasSubstr("Not a valid .xls file"));
    }
}

TEST(ReadXls, TruncatedFile) {
    const std::string bytes = fixture_bytes();
    for (const std::size_t size : {std::size_t{512}, bytes.size() / 2, bytes.size() - 100}) {
        try {
            read_xls(bytes.substr(0, size)); // may still read a partial sheet; must never crash
        } catch (const ReadError& e) {
            EXPECT_TRUE(e.kind() == ReadError::Kind::Corrupt || e.kind() == ReadError::Kind::Empty ||
                        e.kind() == ReadError::Kind::NoNumericColumn)
                << e.what();
        }
    }
}

// One byte of the fixture changed so that libfreexl 1.0.6 itself crashes on it (found by trying
// single-byte changes; if make_xls.py changes the fixture, find a new one the same way).
std::string crashing_workbook() {
    std::string bytes = fixture_bytes();
    bytes.at(2144) = '\0';
    return bytes;
}

TEST(ReadXls, WorkbookThatCrashesTheLibraryIsCorruptNotACrash) {
    const std::string bytes = crashing_workbook();
    const std::string path = (std::filesystem::temp_directory_path() / "sentinel-readers-crash.xls").string();
    std::ofstream(path, std::ios::binary) << bytes;
    const auto survived = run_isolated([&] { // the library alone, outside the reader
        const void* handle = nullptr;
        freexl_open(path.c_str(), &handle);
        if (handle != nullptr) freexl_close(handle);
        return std::string("survived");
    }, std::chrono::seconds(30));
    std::filesystem::remove(path);
    EXPECT_FALSE(survived) << "the mutation no longer crashes libfreexl: the test proves less";

    const ReadError error = error_of(bytes);
    EXPECT_EQ(error.kind(), ReadError::Kind::Corrupt);
    EXPECT_STREQ(error.what(), "Not a valid .xls file: the workbook could not be parsed");
}

TEST(ReadXls, ProgressRunsOnceAndCanCancel) {
    std::size_t reported = 0;
    read_xls(fixture_bytes(), {}, [&](std::size_t rows) {
        reported = rows;
        return true;
    });
    EXPECT_EQ(reported, 4u);
    try {
        read_xls(fixture_bytes(), {}, [](std::size_t) { return false; });
        ADD_FAILURE() << "no error";
    } catch (const ReadError& e) {
        EXPECT_STREQ(e.what(), "cancelled");
    }
}

TEST(ReadXls, LeavesNoTemporaryFileBehind) {
    const auto directory = std::filesystem::temp_directory_path() / "sentinel-readers-test-tmp";
    std::filesystem::create_directories(directory);
    const std::string previous = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "";
    setenv("TMPDIR", directory.c_str(), 1);
    read_xls(fixture_bytes());
    error_of("garbage");
    error_of(crashing_workbook());
    if (previous.empty()) unsetenv("TMPDIR");
    else setenv("TMPDIR", previous.c_str(), 1);
    EXPECT_TRUE(std::filesystem::is_empty(directory));
    std::filesystem::remove_all(directory);
}

} // namespace
} // namespace sentinel::forensic
