#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include <tl/expected.hpp>

namespace attest {

// The process exit codes attest documents: 0 nothing to report, 1 a check found something,
// 2 bad usage or invalid input (nothing was changed), 3 environment failure (I/O, database).
enum class ExitCode : int { ok = 0, findings = 1, usage = 2, environment = 3 };

// What kind of failure an Error describes; it decides the exit code.
enum class ErrorKind { invalid_input, not_found, conflict, io, database };

// A position in a file, 1-based; a line or column of 0 means unknown.
struct Location {
    std::string path;
    int line = 0;
    int column = 0;
};

// An expected failure: what went wrong, where, and what the user can do about it.
struct Error {
    ErrorKind kind = ErrorKind::invalid_input;
    std::string message;
    std::optional<Location> where;
    std::string hint;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Builds an unexpected Error in one expression: `return fail(ErrorKind::io, "...")`.
inline tl::unexpected<Error> fail(ErrorKind kind, std::string message, std::string hint = {}) {
    return tl::unexpected<Error>(Error{kind, std::move(message), std::nullopt, std::move(hint)});
}

// The exit code an error of this kind maps to.
inline ExitCode exit_code_for(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::io:
    case ErrorKind::database:
        return ExitCode::environment;
    case ErrorKind::invalid_input:
    case ErrorKind::not_found:
    case ErrorKind::conflict:
        break;
    }
    return ExitCode::usage;
}

// The one exception type: thrown only to unwind to main(), which prints it and exits.
class Failure : public std::runtime_error {
public:
    explicit Failure(Error error) : std::runtime_error(error.message), m_error(std::move(error)) {}
    const Error& error() const noexcept { return m_error; }

private:
    Error m_error;
};

// Unwraps a Result or throws its Error as a Failure; for cmd/ code that has no way to recover.
template <typename T>
T value_or_throw(Result<T> result) {
    if (!result) {
        throw Failure(std::move(result.error()));
    }
    return std::move(*result);
}

inline void value_or_throw(Result<void> result) {
    if (!result) {
        throw Failure(std::move(result.error()));
    }
}

} // namespace attest
