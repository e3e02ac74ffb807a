#include "readers/csv_cursor.hpp"

#include "readers/numeric_table.hpp"

#include <algorithm>
#include <cstring>

namespace sentinel::forensic {

std::string_view CsvCursor::quoted_field() {
    const char* opening = position_++;
    const char* segment = position_; // unescaped text not yet copied
    bool copied = false;
    unescaped_.clear();
    for (;;) {
        const auto* quote =
            static_cast<const char*>(std::memchr(position_, '"', static_cast<std::size_t>(end_ - position_)));
        if (quote == nullptr) {
            const auto line = 1 + std::count(begin_, opening, '\n');
            throw ReadError(ReadError::Kind::Corrupt,
                            "Unterminated quoted field starting on line " + std::to_string(line));
        }
        position_ = quote + 1;
        if (position_ != end_ && *position_ == '"') { // "" stands for one quote
            unescaped_.append(segment, position_);
            segment = ++position_;
            copied = true;
            continue;
        }
        // Lenient about text between the closing quote and the delimiter: it is kept.
        const char* trailing = position_;
        while (position_ != end_ && *position_ != delimiter_ && *position_ != '\n' && *position_ != '\r') ++position_;
        if (!copied && trailing == position_) return {segment, static_cast<std::size_t>(quote - segment)};
        unescaped_.append(segment, quote);
        unescaped_.append(trailing, position_);
        return unescaped_;
    }
}

} // namespace sentinel::forensic
