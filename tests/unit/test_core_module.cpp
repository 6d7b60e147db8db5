#include <cstdlib>
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include <attest/core/module.hpp>

#include "test_helpers.hpp"

namespace test_core_module {

using namespace attest;

namespace {

// Points ATTEST_MODULE_DIR at a folder for the life of the guard.
class ModuleDir {
public:
    explicit ModuleDir(const std::filesystem::path& dir) {
        if (const char* old = std::getenv("ATTEST_MODULE_DIR")) {
            m_old = old;
        }
        ::setenv("ATTEST_MODULE_DIR", dir.c_str(), 1);
    }
    ~ModuleDir() {
        if (m_old) {
            ::setenv("ATTEST_MODULE_DIR", m_old->c_str(), 1);
        } else {
            ::unsetenv("ATTEST_MODULE_DIR");
        }
    }
    ModuleDir(const ModuleDir&) = delete;
    ModuleDir& operator=(const ModuleDir&) = delete;

private:
    std::optional<std::string> m_old;
};

} // namespace

TEST_CASE("module_symbol") {
    test::TempDir dir;
    ModuleDir guard(dir.path());
    SUBCASE("a missing module names itself, where it was looked for and the fix") {
        auto found = module_symbol({"attest_test_missing", "testing", "nothing"}, "entry");
        REQUIRE_FALSE(found);
        CHECK(found.error().kind == ErrorKind::io);
        CHECK(found.error().message == "testing needs the module attest_test_missing.so, which "
                                       "is not in " +
                                           dir.path().string());
        CHECK(found.error().hint == "install attest with its modules (cmake --install), or set "
                                    "ATTEST_MODULE_DIR to the folder that holds "
                                    "attest_test_missing.so");
    }
    SUBCASE("a file that is not a shared object gives the loader's reason and what to install") {
        std::ofstream(dir.path() / "attest_test_broken.so") << "not a shared object\n";
        auto found =
            module_symbol({"attest_test_broken", "testing", "the test libraries"}, "entry");
        REQUIRE_FALSE(found);
        CHECK(found.error().kind == ErrorKind::io);
        CHECK(found.error().message.rfind("cannot load testing from " +
                                              (dir.path() / "attest_test_broken.so").string() +
                                              ": ",
                                          0) == 0);
        CHECK(found.error().hint == "install the test libraries");
    }
}

} // namespace test_core_module
