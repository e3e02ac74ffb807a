// One pass over RFC 4180 CSV text, field by field, without copying: quoted fields (with "" escapes,
// delimiters and line breaks inside), CRLF or LF records, a last record without a line break.
#pragma once

#include <string>
#include <string_view>

namespace sentinel::forensic {

class CsvCursor {
public:
    CsvCursor(std::string_view text, char delimiter) noexcept
        : begin_(text.data()), position_(text.data()), end_(text.data() + text.size()), delimiter_(delimiter) {}

    bool at_end() const noexcept { return position_ == end_; }
    std::size_t offset() const noexcept { return static_cast<std::size_t>(position_ - begin_); }

    // The next field of the current record; `record_ended` tells whether it was the record's last.
    // The view stays valid until the next call. Throws ReadError{Corrupt} on an unterminated quote.
    std::string_view next_field(bool& record_ended) {
        std::string_view field;
        if (position_ != end_ && *position_ == '"') {
            field = quoted_field();
        } else {
            const char* start = position_;
            while (position_ != end_ && *position_ != delimiter_ && *position_ != '\n' && *position_ != '\r')
                ++position_;
            field = std::string_view(start, static_cast<std::size_t>(position_ - start));
        }
        record_ended = consume_separator();
        return field;
    }

private:
    std::string_view quoted_field();
    bool consume_separator() noexcept {
        if (position_ == end_) return true;
        const char c = *position_++;
        if (c == delimiter_) return false;
        if (c == '\r' && position_ != end_ && *position_ == '\n') ++position_;
        return true;
    }

    const char* begin_;
    const char* position_;
    const char* end_;
    char delimiter_;
    std::string unescaped_; // a quoted field with "" escapes or text after its closing quote
};

} // namespace sentinel::forensic
