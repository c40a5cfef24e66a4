# Warnings and sanitizers live on interface targets that each of our targets links,
# so that nothing leaks into third-party code through directory-wide flags.
add_library(landbank_warnings INTERFACE)
target_compile_options(landbank_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(LANDBANK_WERROR)
  target_compile_options(landbank_warnings INTERFACE -Werror)
endif()
if(LANDBANK_SANITIZE)
  target_compile_options(landbank_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(landbank_warnings INTERFACE -fsanitize=address,undefined)
endif()
