#include "readers/table_codec.hpp"

#include <cstdint>
#include <cstring>

namespace sentinel::forensic {
namespace {

constexpr char kTableTag = 'T';
constexpr char kErrorTag = 'E';

void put_u64(std::string& out, std::uint64_t value) { out.append(reinterpret_cast<const char*>(&value), sizeof value); }

class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool u64(std::uint64_t& value) {
        if (bytes_.size() < sizeof value) return false;
        std::memcpy(&value, bytes_.data(), sizeof value);
        bytes_.remove_prefix(sizeof value);
        return true;
    }
    bool text(std::size_t size, std::string& value) {
        if (bytes_.size() < size) return false;
        value.assign(bytes_.substr(0, size));
        bytes_.remove_prefix(size);
        return true;
    }
    bool doubles(std::size_t count, std::vector<double>& values) {
        if (count > bytes_.size() / sizeof(double)) return false;
        values.resize(count);
        std::memcpy(values.data(), bytes_.data(), count * sizeof(double));
        bytes_.remove_prefix(count * sizeof(double));
        return true;
    }
    bool at_end() const noexcept { return bytes_.empty(); }

private:
    std::string_view bytes_;
};

} // namespace

std::string encode_table(const NumericTable& table) {
    std::string out(1, kTableTag);
    put_u64(out, table.rows);
    put_u64(out, table.dropped_columns);
    put_u64(out, table.columns.size());
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        put_u64(out, table.columns[c].size());
        out += table.columns[c];
        out.append(reinterpret_cast<const char*>(table.data[c].data()), table.data[c].size() * sizeof(double));
    }
    return out;
}

std::string encode_error(const ReadError& error) {
    std::string out(1, kErrorTag);
    put_u64(out, static_cast<std::uint64_t>(error.kind()));
    out += error.what();
    return out;
}

NumericTable decode_outcome(std::string_view bytes, const std::string& garbled_message) {
    const ReadError garbled(ReadError::Kind::Corrupt, garbled_message);
    if (bytes.empty()) throw garbled;
    const char tag = bytes.front();
    Reader reader(bytes.substr(1));
    if (tag == kErrorTag) {
        std::uint64_t kind = 0;
        if (!reader.u64(kind) || kind > static_cast<std::uint64_t>(ReadError::Kind::Unsupported)) throw garbled;
        throw ReadError(static_cast<ReadError::Kind>(kind), std::string(bytes.substr(1 + sizeof kind)));
    }
    NumericTable table;
    std::uint64_t rows = 0, dropped = 0, columns = 0;
    if (tag != kTableTag || !reader.u64(rows) || !reader.u64(dropped) || !reader.u64(columns)) throw garbled;
    table.rows = rows;
    table.dropped_columns = dropped;
    for (std::uint64_t c = 0; c < columns; ++c) {
        std::uint64_t name_size = 0;
        std::string name;
        std::vector<double> values;
        if (!reader.u64(name_size) || !reader.text(name_size, name) || !reader.doubles(rows, values)) throw garbled;
        table.columns.push_back(std::move(name));
        table.data.push_back(std::move(values));
    }
    if (!reader.at_end()) throw garbled;
    return table;
}

} // namespace sentinel::forensic
