#include "readers/numeric_table.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace sentinel::forensic {

FileKind file_kind_from_name(std::string_view file_name) {
    const auto dot = file_name.rfind('.');
    const auto slash = file_name.find_last_of("/\\");
    const bool has_extension = dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash);
    std::string extension(has_extension ? file_name.substr(dot) : std::string_view{});
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (extension == ".csv") return FileKind::Csv;
    if (extension == ".xls") return FileKind::Xls;
    if (extension == ".xlsx") return FileKind::Xlsx;
    const std::string shown = extension.empty() ? std::string("no extension")
                                                : "'" + extension.substr(0, 16) + "'";
    throw ReadError(ReadError::Kind::Unsupported,
                    "Unsupported file type " + shown + ": upload .csv, .xls or .xlsx");
}

NumericTable read_table(FileKind kind, std::string_view bytes, const ReadLimits& limits, const ReadProgress& progress) {
    switch (kind) {
    case FileKind::Csv: return read_csv(bytes, limits, progress);
    case FileKind::Xls: return read_xls(bytes, limits, progress);
    case FileKind::Xlsx: return read_xlsx(bytes, limits, progress);
    }
    throw ReadError(ReadError::Kind::Unsupported, "Unsupported file type");
}

} // namespace sentinel::forensic
