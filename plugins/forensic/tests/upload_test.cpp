#include "upload.hpp"

#include <gmock/gmock.h>

namespace sentinel::forensic {
namespace {

sdk::Request upload_request(const std::string& body, const std::string& content_type = "multipart/form-data; boundary=B") {
    sdk::Request r;
    r.method = "POST";
    r.path = "/audit/scan";
    r.headers = {{"content-type", content_type}};
    r.body = body;
    return r;
}

std::string form(const std::string& name, const std::string& filename, const std::string& content) {
    return "--B\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n\r\n" +
           content + "\r\n--B--\r\n";
}

int status_of(const sdk::Request& request, std::uint64_t max = 1000) {
    try {
        find_upload(request, max);
    } catch (const sdk::HttpError& e) {
        return e.status();
    }
    return 200;
}

TEST(FindUpload, ReturnsTheFileNameKindAndContent) {
    const auto request = upload_request(form("file", "C:\\exports\\Ledger.XLSX", "PK..."));
    const auto upload = find_upload(request, 1000);
    EXPECT_EQ(upload.file_name, "Ledger.XLSX");
    EXPECT_EQ(upload.kind, FileKind::Xlsx);
    EXPECT_EQ(upload.content, "PK...");
    EXPECT_EQ(find_upload(upload_request(form("file", "/tmp/a.csv", "x")), 10).file_name, "a.csv");
}

TEST(FindUpload, RefusesWhatIsNotAMultipartFile) {
    EXPECT_EQ(status_of(upload_request("a,b\n1,2\n", "text/csv")), 400);
    EXPECT_EQ(status_of(upload_request(form("file", "a.csv", "x"), "multipart/form-data")), 400);
    EXPECT_EQ(status_of(upload_request("--B\r\nContent-Disposition: form-data; name=file; filename=a.csv\r\n\r\nx")), 400);
    EXPECT_EQ(status_of(upload_request(form("document", "a.csv", "x"))), 400);
    EXPECT_EQ(status_of(upload_request("--B\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nx\r\n--B--")), 400);
}

TEST(FindUpload, RefusesAFileAboveTheLimitWith413) {
    EXPECT_EQ(status_of(upload_request(form("file", "a.csv", std::string(11, 'x'))), 10), 413);
    EXPECT_EQ(status_of(upload_request(form("file", "a.csv", std::string(10, 'x'))), 10), 200);
}

TEST(FindUpload, RefusesAnUnsupportedTypeWith415) {
    EXPECT_EQ(status_of(upload_request(form("file", "report.pdf", "x"))), 415);
    EXPECT_EQ(status_of(upload_request(form("file", "noextension", "x"))), 415);
    EXPECT_EQ(status_of(upload_request(form("file", "a.xls", "x"))), 200);
}

} // namespace
} // namespace sentinel::forensic
