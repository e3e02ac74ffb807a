#include "readers/cell_reference.hpp"

namespace sentinel::forensic {
namespace {

constexpr std::size_t kMaxColumns = 16'384;
constexpr std::size_t kMaxRows = 1'048'576;

} // namespace

std::optional<CellReference> parse_cell_reference(std::string_view reference) {
    CellReference cell;
    std::size_t i = 0;
    std::size_t column = 0;
    for (; i < reference.size() && i < 4; ++i) {
        char c = reference[i];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') break;
        column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
    }
    if (i == 0 || column > kMaxColumns) return std::nullopt;
    cell.column = column - 1;
    for (std::size_t digits = 0; i < reference.size(); ++i, ++digits) {
        const char c = reference[i];
        if (c < '0' || c > '9' || digits == 7) return std::nullopt;
        cell.row = cell.row * 10 + static_cast<std::size_t>(c - '0');
    }
    if (cell.row > kMaxRows) return std::nullopt;
    return cell;
}

} // namespace sentinel::forensic
