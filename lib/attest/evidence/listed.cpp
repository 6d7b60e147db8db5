#include <attest/evidence/listed.hpp>

namespace attest::evidence {

namespace fs = std::filesystem;

namespace {

bool inside(const fs::path& path, const fs::path& root) {
    auto relative = path.lexically_relative(root);
    return !relative.empty() && *relative.begin() != "..";
}

} // namespace

Result<fs::path> resolve_listed(std::string_view name, const fs::path& base,
                                const std::vector<fs::path>& roots) {
    fs::path given(name);
    fs::path path = given.is_absolute() ? given : base / given;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return fail(ErrorKind::invalid_input, "no such evidence file: " + path.string());
    }
    auto real = fs::canonical(path, ec);
    if (ec) {
        return fail(ErrorKind::invalid_input,
                    "cannot resolve evidence file " + path.string() + ": " + ec.message());
    }
    for (const auto& root : roots) {
        auto real_root = fs::weakly_canonical(root, ec);
        if (!ec && inside(real, real_root)) {
            return path;
        }
    }
    return fail(ErrorKind::invalid_input,
                "evidence file '" + std::string(name) + "' resolves to " + real.string() +
                    ", outside the CSV's folder, the workspace and the [evidence] roots of "
                    "attest.toml");
}

} // namespace attest::evidence
