#pragma once

#include <string>
#include <string_view>

namespace attest::credentials {

// The letters a look-alike character stands for, by ICU's confusable skeleton (Unicode
// Technical Standard #39): Cyrillic "а" (U+0430) and Greek "ο" give "a" and "o", so a name
// spelled with a letter from another script still matches the list. `character` is one UTF-8
// encoded code point; the result is its skeleton in UTF-8 (NFD), or the character itself when
// ICU cannot compute one.
std::string confusable_skeleton(std::string_view character);

} // namespace attest::credentials
