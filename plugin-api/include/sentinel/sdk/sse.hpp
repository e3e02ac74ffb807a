// Formatting Server-Sent Events (text/event-stream) for Response::event_stream and
// Streams::publish: one event is "event: <name>\nid: <id>\ndata: <line>\n...\n\n".
#pragma once

#include <string>
#include <string_view>

namespace sentinel::sdk {

// One complete event. `data` may span lines (each becomes its own "data:" line); `event` and `id`
// are omitted when empty and must not contain line breaks (they are dropped if they do).
inline std::string sse_event(std::string_view event, std::string_view data, std::string_view id = {}) {
    auto single_line = [](std::string_view s) {
        return s.find_first_of("\r\n") == std::string_view::npos;
    };
    std::string out;
    out.reserve(data.size() + event.size() + id.size() + 32);
    if (!event.empty() && single_line(event)) out.append("event: ").append(event).append("\n");
    if (!id.empty() && single_line(id)) out.append("id: ").append(id).append("\n");
    std::size_t start = 0;
    while (true) {
        auto end = data.find_first_of("\r\n", start);
        out.append("data: ").append(data.substr(start, end == std::string_view::npos ? end : end - start)).append("\n");
        if (end == std::string_view::npos) break;
        start = end + ((data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') ? 2 : 1);
    }
    out.append("\n");
    return out;
}

// How long a client waits before reconnecting after the stream drops.
inline std::string sse_retry(unsigned milliseconds) {
    return "retry: " + std::to_string(milliseconds) + "\n\n";
}

} // namespace sentinel::sdk
