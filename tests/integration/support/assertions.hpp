// Checks shared by the suites.
#pragma once

#include "support/http_client.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace sentinel::it {

// The server's one error shape: status `status` and a JSON object body
// {"error": <string>, "message": <string containing message_part>, "statusCode": status}.
::testing::AssertionResult IsErrorResponse(const HttpResponse& response, long status,
                                           std::string_view message_part = {});

// Counts lines of `text` containing `needle`.
std::size_t count_lines_containing(const std::string& text, const std::string& needle);

} // namespace sentinel::it
