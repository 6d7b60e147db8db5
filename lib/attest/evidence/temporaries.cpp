#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <set>
#include <sys/file.h>
#include <unistd.h>

#include <attest/core/text.hpp>
#include <attest/evidence/blob_store.hpp>
#include <attest/evidence/temporaries.hpp>
#include <attest/storage/store.hpp>

namespace attest::evidence {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_prefix = "ingest-";
constexpr std::string_view k_intake_prefix = "intake-";

// The pid an ingest-PID-N or intake-PID-N name carries, or 0 when the name is not one.
long owner_of(const std::string& name) {
    std::string_view rest;
    if (name.rfind(k_prefix, 0) == 0) {
        rest = std::string_view(name).substr(k_prefix.size());
    } else if (name.rfind(k_intake_prefix, 0) == 0) {
        rest = std::string_view(name).substr(k_intake_prefix.size());
    } else {
        return 0;
    }
    auto dash = rest.find('-');
    if (dash == std::string_view::npos || dash + 1 >= rest.size()) {
        return 0;
    }
    auto pid = parse_number(rest.substr(0, dash));
    auto serial = parse_number(rest.substr(dash + 1));
    if (!pid || !serial || *pid <= 0 || *serial < 0) {
        return 0;
    }
    return static_cast<long>(*pid);
}

bool process_alive(long pid) {
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

std::atomic<unsigned> g_counter{0};

fs::path numbered(const fs::path& evidence_root, std::string_view prefix) {
    return evidence_root / "tmp" /
           (std::string(prefix) + std::to_string(::getpid()) + "-" + std::to_string(g_counter++));
}

// Files in evidence/tmp/ whose owner is dead: it no longer runs and holds no lock on them.
// `visit` gets each, with its pid and an fd holding the lock.
template <typename Visit>
void each_dead(const fs::path& evidence_root, std::string_view prefix, Visit visit) {
    std::error_code ec;
    auto self = static_cast<long>(::getpid());
    for (fs::directory_iterator it(evidence_root / "tmp", ec);
         !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const auto& path = it->path();
        auto name = path.filename().string();
        long pid = owner_of(name);
        if (pid == 0 || pid == self || name.rfind(prefix, 0) != 0 || !it->is_regular_file(ec)) {
            continue;
        }
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            continue;
        }
        // A live owner holds the lock; a pid that runs again (reused) but holds no lock may be
        // an owner that has not locked yet: keep its file for a later run.
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && !process_alive(pid)) {
            visit(path, pid, fd);
        }
        ::close(fd);
    }
}

} // namespace

fs::path temporary_name(const fs::path& evidence_root) {
    return numbered(evidence_root, k_prefix);
}

Intake::Intake(const fs::path& evidence_root) : m_path(numbered(evidence_root, k_intake_prefix)) {
    std::error_code ec;
    fs::create_directories(m_path.parent_path(), ec);
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_EX);
    }
}

Intake::~Intake() {
    if (m_fd >= 0) {
        ::unlink(m_path.c_str());
        ::close(m_fd);
    }
}

bool Intake::note(const std::string& sha256) {
    if (m_fd < 0) {
        return false;
    }
    std::string line = sha256 + "\n";
    return ::write(m_fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
}

bool is_temporary_name(const fs::path& path) {
    return owner_of(path.filename().string()) != 0;
}

std::vector<Temporary> remove_dead_copies(const fs::path& evidence_root) {
    std::vector<Temporary> removed;
    each_dead(evidence_root, k_prefix, [&](const fs::path& path, long pid, int) {
        std::error_code ec;
        auto size = fs::file_size(path, ec);
        if (::unlink(path.c_str()) == 0) {
            removed.push_back({path, pid, ec ? 0 : static_cast<std::uint64_t>(size)});
        }
    });
    return removed;
}

std::vector<Temporary> dead_temporaries(const fs::path& evidence_root) {
    std::vector<Temporary> found;
    auto note = [&](const fs::path& path, long pid, int) {
        std::error_code ec;
        auto size = fs::file_size(path, ec);
        found.push_back({path, pid, ec ? 0 : static_cast<std::uint64_t>(size)});
    };
    each_dead(evidence_root, k_prefix, note);
    each_dead(evidence_root, k_intake_prefix, note);
    return found;
}

std::vector<Temporary> repair_temporaries(storage::Store& store, const BlobStore& blobs) {
    auto removed = remove_dead_copies(blobs.root());
    struct DeadIntake {
        fs::path path;
        long pid;
        std::vector<std::string> blobs;
    };
    std::vector<DeadIntake> intakes;
    each_dead(blobs.root(), k_intake_prefix, [&](const fs::path& path, long pid, int) {
        std::ifstream in(path);
        DeadIntake intake{path, pid, {}};
        for (std::string line; std::getline(in, line);) {
            intake.blobs.push_back(line);
        }
        intakes.push_back(std::move(intake));
    });
    if (intakes.empty()) {
        return removed;
    }
    storage::Transaction transaction(store);
    std::set<std::string> referenced;
    for (const auto& evidence : store.evidence()) {
        referenced.insert(evidence.sha256);
    }
    for (const auto& intake : intakes) {
        for (const auto& sha256 : intake.blobs) {
            if (sha256.size() != 64 || referenced.count(sha256)) {
                continue;
            }
            auto path = blobs.path_of(sha256);
            std::error_code ec;
            auto size = fs::file_size(path, ec);
            if (!ec && ::unlink(path.c_str()) == 0) {
                removed.push_back({path, intake.pid, static_cast<std::uint64_t>(size)});
            }
        }
        std::error_code ec;
        fs::remove(intake.path, ec);
        removed.push_back({intake.path, intake.pid, 0});
    }
    transaction.commit();
    return removed;
}

} // namespace attest::evidence
