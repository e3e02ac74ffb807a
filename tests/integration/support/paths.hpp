// Where the binaries under test are; CMake passes the paths as compile definitions.
#pragma once

#include <filesystem>
#include <string>

namespace sentinel::it {

inline std::filesystem::path sentineld_binary() { return SENTINELD_PATH; }

// "v1-fixture" -> <good dir>/v1-fixture.so
inline std::filesystem::path good_fixture(const std::string& name) {
    return std::filesystem::path(FIXTURE_GOOD_DIR) / (name + ".so");
}

// "port" -> <build>/plugins/port.so (the product's own plugins)
inline std::filesystem::path product_plugin(const std::string& name) {
    return std::filesystem::path(PRODUCT_PLUGIN_DIR) / (name + ".so");
}

// "major99" -> <bad dir>/fixture-major99.so
inline std::filesystem::path bad_fixture(const std::string& name) {
    return std::filesystem::path(FIXTURE_BAD_DIR) / ("fixture-" + name + ".so");
}

} // namespace sentinel::it
