#include "output_file.hpp"

namespace attest::cli {

namespace fs = std::filesystem;

void check_output_file(const fs::path& path, Overwrite overwrite, std::string_view what) {
    std::string written = "; " + std::string(what) + " was not written";
    if (path.empty()) {
        throw Failure(Error{ErrorKind::invalid_input, "-o needs a file name", std::nullopt,
                            "give -o the file to write"});
    }
    auto folder = path.parent_path();
    std::error_code ec;
    if (!folder.empty()) {
        auto status = fs::status(folder, ec);
        if (status.type() == fs::file_type::not_found) {
            throw Failure(Error{ErrorKind::not_found,
                                "the folder " + folder.string() + " does not exist" + written,
                                std::nullopt,
                                "create it first (mkdir -p " + folder.string() +
                                    ") or give -o a path in an existing folder"});
        }
        if (!fs::is_directory(status)) {
            throw Failure(Error{ErrorKind::invalid_input,
                                folder.string() + " is not a folder" + written, std::nullopt,
                                "give -o a path in an existing folder"});
        }
    }
    auto status = fs::symlink_status(path, ec);
    if (status.type() == fs::file_type::directory) {
        throw Failure(Error{ErrorKind::invalid_input, path.string() + " is a folder" + written,
                            std::nullopt, "give -o a file name"});
    }
    if (overwrite == Overwrite::no && status.type() != fs::file_type::not_found) {
        throw Failure(Error{ErrorKind::conflict, path.string() + " already exists" + written,
                            std::nullopt, "choose another name, or add --force to replace it"});
    }
}

void write_output_file(const fs::path& path, std::string_view content, Overwrite overwrite,
                       std::string_view what) {
    check_output_file(path, overwrite, what);
    if (auto written = write_file_atomic(path, content, Overwrite::yes); !written) {
        throw Failure(written.error());
    }
}

} // namespace attest::cli
