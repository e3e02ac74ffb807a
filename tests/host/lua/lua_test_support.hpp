// Shared helpers for the Lua engine tests: a temporary scripts directory per test.
#pragma once

#include "lua/lua_engine.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

#include <unistd.h>

namespace sentinel::host::testing {

class TempScriptsDir {
public:
    TempScriptsDir()
        : path_(std::filesystem::temp_directory_path() /
                ("sentinel-lua-test-" + std::to_string(::getpid()) + "-" +
                 std::to_string(std::random_device{}()))) {
        std::filesystem::create_directories(path_);
    }
    ~TempScriptsDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempScriptsDir(const TempScriptsDir&) = delete;
    TempScriptsDir& operator=(const TempScriptsDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    // Writes (or overwrites) `relative` with `contents`, creating parent directories.
    void write(const std::string& relative, std::string_view contents) const {
        const std::filesystem::path file = path_ / relative;
        std::filesystem::create_directories(file.parent_path());
        std::ofstream stream(file, std::ios::binary | std::ios::trunc);
        stream.write(contents.data(), static_cast<std::streamsize>(contents.size()));
        ASSERT_TRUE(stream.good()) << "cannot write " << file;
    }

private:
    std::filesystem::path path_;
};

// Small limits keep runaway scripts cheap to stop.
inline LuaLimits test_limits() {
    LuaLimits limits;
    limits.instruction_limit = 1'000'000;
    limits.memory_limit_bytes = 8u << 20;
    return limits;
}

// A fresh scripts directory and an engine on it for every test.
class LuaEngineTest : public ::testing::Test {
protected:
    TempScriptsDir scripts;
    LuaEngine engine{scripts.path(), test_limits()};
};

} // namespace sentinel::host::testing
