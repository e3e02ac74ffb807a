# Warning and sanitizer flags for Sentinel's own targets (not for third-party code).
add_library(sentinel_compile_options INTERFACE)
target_compile_options(sentinel_compile_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow=local)
if(SENTINEL_WERROR)
  target_compile_options(sentinel_compile_options INTERFACE -Werror)
endif()
if(SENTINEL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  # GCC 12 reports false -Wmaybe-uninitialized inside <regex> and <functional> once sanitizer
  # instrumentation is on; the same code is clean in the normal -Werror build, which keeps it.
  target_compile_options(sentinel_compile_options INTERFACE -Wno-maybe-uninitialized)
  add_link_options(-fsanitize=address,undefined)
endif()
