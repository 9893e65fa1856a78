# One INTERFACE target carries the language level, warnings and strict Qt
# defines for every Ordo target, so no target can quietly opt out.
add_library(ordo_strict INTERFACE)
target_compile_features(ordo_strict INTERFACE cxx_std_20)
target_compile_options(ordo_strict INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wconversion -Wno-sign-conversion
    # GCC 12 reports std::variant members as maybe-uninitialized where they are not.
    $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>
    $<$<BOOL:${ORDO_WERROR}>:-Werror>)
target_compile_definitions(ordo_strict INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
if(ORDO_SANITIZE)
    target_compile_options(ordo_strict INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(ordo_strict INTERFACE -fsanitize=address,undefined)
endif()
