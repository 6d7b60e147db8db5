#pragma once

#include <string>
#include <string_view>

#include <attest/core/error.hpp>

namespace attest::credentials {

// ICU's confusable skeletons (Unicode Technical Standard #39), which the exclusion screening
// reads names through. ICU is the attest_confusables module, loaded by the commands that
// screen names and by no other.
class Confusables {
public:
    // Loads the attest_confusables module on first use. A module that is missing, cannot load
    // ICU or belongs to another build of attest is an environment error naming it and what to
    // install.
    static Result<Confusables> load();

    // The letters a look-alike character stands for: Cyrillic "а" (U+0430) and Greek "ο"
    // give "a" and "o", so a name spelled with a letter from another script still matches the
    // list. `character` is one UTF-8 encoded code point; the result is its skeleton in UTF-8
    // (NFD), or the character itself when ICU cannot compute one.
    std::string skeleton(std::string_view character) const;

private:
    using Entry = void (*)(std::string_view, std::string&);
    explicit Confusables(Entry entry);

    Entry m_entry;
};

} // namespace attest::credentials
