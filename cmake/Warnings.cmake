add_library(casdoctor_warnings INTERFACE)
if(MSVC)
  target_compile_options(casdoctor_warnings INTERFACE /W4 /permissive- /utf-8)
  if(CASDOCTOR_WERROR)
    target_compile_options(casdoctor_warnings INTERFACE /WX)
  endif()
else()
  target_compile_options(casdoctor_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual)
  if(CASDOCTOR_WERROR)
    target_compile_options(casdoctor_warnings INTERFACE -Werror)
  endif()
endif()
