#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <attest/evidence/evidence.hpp>
#include <attest/evidence/temporaries.hpp>
#include <attest/storage/store.hpp>

#include "test_helpers.hpp"

namespace test_evidence_temporaries {

using namespace attest;
using namespace attest::test;
using namespace attest::evidence;
namespace fs = std::filesystem;

namespace {

// A pid that no process has: a child that has exited and been reaped.
long dead_pid() {
    pid_t child = ::fork();
    if (child == 0) {
        ::_exit(0);
    }
    ::waitpid(child, nullptr, 0);
    return child;
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

// Adds one file with `text` as evidence, committed; returns its record.
storage::EvidenceRecord add_file(storage::Store& store, const BlobStore& blobs,
                                 const fs::path& path, const std::string& text) {
    write(path, text);
    AddRequest request;
    request.paths = {path};
    FixedClock clock;
    storage::Transaction transaction(store);
    auto added = add(store, blobs, clock, "tester", request);
    transaction.commit();
    REQUIRE(added);
    return added->added.front();
}

} // namespace

TEST_CASE("remove_dead_copies") {
    TempDir dir;
    auto root = dir.path() / "evidence";
    auto dead = dead_pid();
    auto dead_copy = root / "tmp" / ("ingest-" + std::to_string(dead) + "-0");
    auto own_copy = root / "tmp" / ("ingest-" + std::to_string(::getpid()) + "-7");
    auto other = root / "tmp" / "notes.txt";
    write(dead_copy, "half a scan");
    write(own_copy, "a copy in progress");
    write(other, "not ours");

    auto removed = remove_dead_copies(root);
    REQUIRE(removed.size() == 1);
    CHECK(removed[0].path == dead_copy);
    CHECK(removed[0].owner_pid == dead);
    CHECK(removed[0].size == 11);
    CHECK_FALSE(fs::exists(dead_copy));
    CHECK(fs::exists(own_copy));
    CHECK(fs::exists(other));
    CHECK(is_temporary_name(own_copy));
    CHECK_FALSE(is_temporary_name(other));
    // A copy in progress is neither a blob nor a stray; a file that is not one is a stray.
    auto contents = BlobStore(root).list();
    CHECK(contents.blobs.empty());
    REQUIRE(contents.strays.size() == 1);
    CHECK(contents.strays[0] == other);
}

TEST_CASE("repair_temporaries") {
    TempDir dir;
    auto root = dir.path() / "evidence";
    BlobStore blobs(root);
    auto store = std::move(*storage::open_store("sqlite::memory:"));
    auto kept_sha = add_file(*store, blobs, dir.path() / "kept.txt", "kept evidence").sha256;
    write(dir.path() / "orphan.txt", "stored by a killed command");
    // A command killed after storing a blob but before committing: its intake list remains.
    auto orphan = blobs.ingest(dir.path() / "orphan.txt");
    REQUIRE(orphan);
    auto dead = dead_pid();
    auto list = root / "tmp" / ("intake-" + std::to_string(dead) + "-0");
    write(list, orphan->sha256 + "\n" + kept_sha + "\n");

    auto report_before = BlobStore(root).list();
    CHECK(report_before.blobs.size() == 2);

    auto removed = repair_temporaries(*store, blobs);
    REQUIRE(removed.size() == 2);
    CHECK(removed[0].path == blobs.path_of(orphan->sha256));
    CHECK(removed[0].owner_pid == dead);
    CHECK(removed[1].path == list);
    CHECK_FALSE(fs::exists(blobs.path_of(orphan->sha256)));
    CHECK(fs::exists(blobs.path_of(kept_sha)));
    CHECK_FALSE(fs::exists(list));
    auto report = verify(*store, blobs);
    CHECK(report.problems.empty());
    CHECK(report.checked == 1);
}

TEST_CASE("verify reports a blob that lost its read-only mode") {
    TempDir dir;
    auto root = dir.path() / "evidence";
    BlobStore blobs(root);
    auto store = std::move(*storage::open_store("sqlite::memory:"));
    auto added = add_file(*store, blobs, dir.path() / "policy.txt", "infection control policy");
    auto sha = added.sha256;
    CHECK(blobs.read_only(sha));
    CHECK(verify(*store, blobs).problems.empty());
    fs::permissions(blobs.path_of(sha), fs::perms::owner_write, fs::perm_options::add);
    CHECK_FALSE(blobs.read_only(sha));
    auto report = verify(*store, blobs);
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].kind == "writable");
    CHECK(report.problems[0].sha256 == sha);
    CHECK(report.problems[0].evidence_ids == std::vector<std::int64_t>{added.id});
}

} // namespace test_evidence_temporaries
