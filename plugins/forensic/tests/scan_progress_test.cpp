#include "scan_progress.hpp"

#include <gmock/gmock.h>

namespace sentinel::forensic {
namespace {

TEST(ProgressBoard, TracksAScanFromQueuedToRemoved) {
    ProgressBoard board;
    EXPECT_FALSE(board.find(1));
    board.add(1);
    ASSERT_TRUE(board.find(1));
    EXPECT_EQ(board.find(1)->status, "queued");
    EXPECT_EQ(board.find(1)->phase, "queued");
    board.update(1, "reading", 500, 12.5);
    EXPECT_EQ(board.find(1)->status, "running");
    EXPECT_EQ(board.find(1)->phase, "reading");
    EXPECT_EQ(board.find(1)->rows_read, 500u);
    EXPECT_DOUBLE_EQ(board.find(1)->percent, 12.5);
    board.remove(1);
    EXPECT_FALSE(board.find(1));
}

TEST(ProgressBoard, PercentNeverGoesBackAndStaysBelowAHundred) {
    ProgressBoard board;
    board.add(7);
    board.update(7, "scoring", 10, 80);
    board.update(7, "scoring", 10, 30);
    EXPECT_DOUBLE_EQ(board.find(7)->percent, 80);
    board.update(7, "scoring", 10, 250);
    EXPECT_DOUBLE_EQ(board.find(7)->percent, 99);
}

TEST(ProgressBoard, IgnoresUpdatesOfUnknownScans) {
    ProgressBoard board;
    board.update(3, "reading", 1, 1);
    EXPECT_FALSE(board.find(3));
}

TEST(ProgressScale, CsvReadingFollowsTheRowsExpectedFromTheFileSize) {
    std::string csv = "a,b\n";
    for (int i = 0; i < 1000; ++i) csv += "12,34\n"; // 6 bytes a row
    const ProgressScale scale(FileKind::Csv, csv);
    EXPECT_DOUBLE_EQ(scale.reading(0), 0);
    EXPECT_NEAR(scale.reading(500), 20, 0.5);
    EXPECT_DOUBLE_EQ(scale.reading(5000), 39); // never past the reading share
}

TEST(ProgressScale, SpreadsheetReadingRisesWithoutReachingTheEnd) {
    const ProgressScale scale(FileKind::Xlsx, "PK");
    EXPECT_DOUBLE_EQ(scale.reading(0), 0);
    EXPECT_LT(scale.reading(100), scale.reading(1000));
    EXPECT_LT(scale.reading(100'000'000), 40);
}

TEST(ProgressScale, DetectionPhasesFollowEachOther) {
    EXPECT_DOUBLE_EQ(ProgressScale::detecting("normalising", 0), 40);
    EXPECT_DOUBLE_EQ(ProgressScale::detecting("normalising", 1), ProgressScale::detecting("training", 0));
    EXPECT_DOUBLE_EQ(ProgressScale::detecting("training", 1), ProgressScale::detecting("scoring", 0));
    EXPECT_DOUBLE_EQ(ProgressScale::detecting("scoring", 1), 99);
    EXPECT_DOUBLE_EQ(ProgressScale::detecting("scoring", 7), 99);
}

} // namespace
} // namespace sentinel::forensic
