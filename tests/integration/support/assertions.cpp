#include "support/assertions.hpp"

#include <sstream>

namespace sentinel::it {

::testing::AssertionResult IsErrorResponse(const HttpResponse& response, long status, std::string_view message_part) {
    auto failure = [&]() {
        return ::testing::AssertionFailure() << "status " << response.status << " (" << response.error << "), body: "
                                             << response.body.substr(0, 500) << "\n  ";
    };
    if (response.status != status) return failure() << "expected status " << status;
    auto body = response.json();
    if (!body.is_object()) return failure() << "the body is not a JSON object";
    if (!body.contains("error") || !body["error"].is_string()) return failure() << "no string member 'error'";
    if (!body.contains("message") || !body["message"].is_string()) return failure() << "no string member 'message'";
    if (!body.contains("statusCode") || body["statusCode"] != status)
        return failure() << "'statusCode' is not " << status;
    if (body["message"].get<std::string>().find(message_part) == std::string::npos)
        return failure() << "the message does not contain '" << message_part << "'";
    return ::testing::AssertionSuccess();
}

std::size_t count_lines_containing(const std::string& text, const std::string& needle) {
    std::istringstream lines(text);
    std::size_t count = 0;
    for (std::string line; std::getline(lines, line);)
        if (line.find(needle) != std::string::npos) ++count;
    return count;
}

} // namespace sentinel::it
