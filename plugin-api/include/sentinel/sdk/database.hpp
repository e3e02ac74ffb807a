// The database facade: parameterised statements ('?' placeholders), typed rows, transactions.
// The same SQL runs on SQLite and PostgreSQL; `dialect()` tells which one is behind it.
#pragma once

#include <sentinel/sdk/errors.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace sentinel::sdk {

struct Blob {
    std::string bytes;
    bool operator==(const Blob&) const = default;
};

// One statement parameter or result cell.
class Value {
public:
    using Storage = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

    Value() = default;
    Value(std::nullptr_t) {}
    Value(std::nullopt_t) {}
    template <typename T>
        requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
    Value(T v) : v_(static_cast<std::int64_t>(v)) {}
    Value(bool v) : v_(static_cast<std::int64_t>(v ? 1 : 0)) {}
    Value(double v) : v_(v) {}
    Value(float v) : v_(static_cast<double>(v)) {}
    Value(std::string v) : v_(std::move(v)) {}
    Value(std::string_view v) : v_(std::string(v)) {}
    Value(const char* v) : v_(std::string(v)) {}
    Value(Blob v) : v_(std::move(v)) {}
    explicit Value(Storage v) : v_(std::move(v)) {}
    template <typename T>
    Value(const std::optional<T>& v) {
        if (v) *this = Value(*v);
    }

    bool is_null() const noexcept { return std::holds_alternative<std::monostate>(v_); }
    const Storage& storage() const noexcept { return v_; }
    bool operator==(const Value&) const = default;

    // Converts to T, accepting the conversions the two backends make necessary: an integer
    // where a double is asked, and numeric text where a number is asked (PostgreSQL NUMERIC).
    template <typename T>
    T as() const {
        if constexpr (std::is_same_v<T, std::string>) {
            if (auto s = std::get_if<std::string>(&v_)) return *s;
            if (auto i = std::get_if<std::int64_t>(&v_)) return std::to_string(*i);
            if (auto d = std::get_if<double>(&v_)) return std::to_string(*d);
            if (auto b = std::get_if<Blob>(&v_)) return b->bytes;
        } else if constexpr (std::is_same_v<T, bool>) {
            return as<std::int64_t>() != 0;
        } else if constexpr (std::is_integral_v<T>) {
            if (auto i = std::get_if<std::int64_t>(&v_)) return static_cast<T>(*i);
            if (auto d = std::get_if<double>(&v_)) return static_cast<T>(*d);
            if (auto s = std::get_if<std::string>(&v_)) return static_cast<T>(std::stoll(*s));
        } else if constexpr (std::is_floating_point_v<T>) {
            if (auto d = std::get_if<double>(&v_)) return static_cast<T>(*d);
            if (auto i = std::get_if<std::int64_t>(&v_)) return static_cast<T>(*i);
            if (auto s = std::get_if<std::string>(&v_)) return static_cast<T>(std::stod(*s));
        } else if constexpr (std::is_same_v<T, Blob>) {
            if (auto b = std::get_if<Blob>(&v_)) return *b;
            if (auto s = std::get_if<std::string>(&v_)) return Blob{*s};
        } else {
            static_assert(sizeof(T) == 0, "unsupported Value conversion");
        }
        throw std::runtime_error(is_null() ? "value is NULL" : "value has another type");
    }

private:
    Storage v_;
};

using Params = std::vector<Value>;

class Row {
public:
    Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
        : columns_(std::move(columns)), values_(std::move(values)) {}

    std::size_t size() const noexcept { return values_.size(); }
    const std::vector<std::string>& columns() const noexcept { return *columns_; }
    const Value& at(std::size_t index) const { return values_.at(index); }
    const Value& at(std::string_view column) const { return values_.at(index_of(column)); }
    bool is_null(std::string_view column) const { return at(column).is_null(); }

    template <typename T>
    T get(std::string_view column) const {
        const Value& v = at(column);
        if (v.is_null()) throw std::runtime_error("column '" + std::string(column) + "' is NULL");
        return v.as<T>();
    }
    template <typename T>
    std::optional<T> get_optional(std::string_view column) const {
        const Value& v = at(column);
        if (v.is_null()) return std::nullopt;
        return v.as<T>();
    }

private:
    std::size_t index_of(std::string_view column) const {
        for (std::size_t i = 0; i < columns_->size(); ++i)
            if ((*columns_)[i] == column) return i;
        throw std::out_of_range("no column '" + std::string(column) + "' in the result");
    }
    std::shared_ptr<const std::vector<std::string>> columns_;
    std::vector<Value> values_;
};

using Rows = std::vector<Row>;

// Statements inside one transaction. Destroying it without commit() rolls back.
class Transaction {
public:
    virtual ~Transaction() = default;
    virtual Rows query(std::string_view sql, const Params& params) = 0;
    virtual std::int64_t execute(std::string_view sql, const Params& params) = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;

    Rows query(std::string_view sql) { return query(sql, {}); }
    std::int64_t execute(std::string_view sql) { return execute(sql, {}); }
};

class Database {
public:
    virtual ~Database() = default;
    virtual std::string dialect() const = 0; // "sqlite" or "postgresql"
    // Runs one statement on its own and returns its rows.
    virtual Rows query(std::string_view sql, const Params& params) = 0;
    // Runs one statement on its own and returns the number of rows it changed.
    virtual std::int64_t execute(std::string_view sql, const Params& params) = 0;
    virtual std::unique_ptr<Transaction> begin() = 0;

    Rows query(std::string_view sql) { return query(sql, {}); }
    std::int64_t execute(std::string_view sql) { return execute(sql, {}); }
    std::optional<Row> query_one(std::string_view sql, const Params& params = {}) {
        auto rows = query(sql, params);
        if (rows.empty()) return std::nullopt;
        return std::move(rows.front());
    }
};

} // namespace sentinel::sdk
