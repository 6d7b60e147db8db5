#pragma once

#include <string>

#include <attest/core/error.hpp>

namespace attest {

// A part of attest built as a loadable module, so that only the commands that need it load it
// and the shared libraries it brings (Cairo and Pango for PDF, libcurl for mail and webhooks).
struct ModuleName {
    // The file's base name: "attest_pdf" is attest_pdf.so.
    std::string file;
    // What it does, for messages: "PDF rendering".
    std::string purpose;
    // What to install when its libraries are missing: "Cairo and Pango (Debian: ...)".
    std::string libraries;
};

// The address of `symbol` in a module, loaded on first use and kept for the life of the
// process. Modules are looked for in $ATTEST_MODULE_DIR when it is set, else next to the
// executable (../lib/attest), in the build tree the executable was built in, and in the
// installed library folder. A module that is missing, cannot be loaded (a library it needs
// is not installed) or was built for another version of attest is an environment error
// naming it and what to install.
Result<void*> module_symbol(const ModuleName& module, const std::string& symbol);

} // namespace attest
