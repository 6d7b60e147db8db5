#include <attest/core/module.hpp>
#include <attest/credentials/skeleton.hpp>
#include <attest/credentials/skeleton_module.hpp>

namespace attest::credentials {

Confusables::Confusables(Entry entry) : m_entry(entry) {}

Result<Confusables> Confusables::load() {
    static const ModuleName k_confusables{
        "attest_confusables", "screening names for look-alike letters", "ICU (Debian: libicu72)"};
    auto entry = module_symbol(k_confusables, "attest_confusable_skeleton");
    if (!entry) {
        return tl::unexpected(entry.error());
    }
    return Confusables(reinterpret_cast<Entry>(*entry));
}

std::string Confusables::skeleton(std::string_view character) const {
    std::string out;
    m_entry(character, out);
    return out;
}

} // namespace attest::credentials
