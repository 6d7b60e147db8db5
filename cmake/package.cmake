# What `cmake --install` puts where, and the Debian package (`cmake --build build --target
# package`), which is the same tree under /usr. Installed, attest finds its modules in
# ../lib/attest and its checklists in ../share/attest/checklists beside the executable, so any
# prefix works (core/module.cpp, workspace/workspace.cpp).

find_program(ATTEST_GZIP gzip REQUIRED)
set(ATTEST_PACKAGING_DIR ${PROJECT_BINARY_DIR}/packaging)

# Man pages, gzipped as Debian ships them (-n: no name or time inside, so the bytes are the same
# at every build).
file(GLOB ATTEST_MAN_PAGES CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/man/*.1)
set(ATTEST_MAN_GZ)
foreach(page ${ATTEST_MAN_PAGES})
  get_filename_component(name ${page} NAME)
  set(gz ${ATTEST_PACKAGING_DIR}/man/${name}.gz)
  add_custom_command(OUTPUT ${gz}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ATTEST_PACKAGING_DIR}/man
    COMMAND sh -c "${ATTEST_GZIP} -9n -c \"$1\" > \"$2\"" sh ${page} ${gz}
    DEPENDS ${page} VERBATIM)
  list(APPEND ATTEST_MAN_GZ ${gz})
endforeach()
install(FILES ${ATTEST_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The completion scripts, written by the attest just built from its own command table (a
# sanitizer build's attest too: its leak report at exit is for the tests, not the build).
set(ATTEST_COMPLETIONS ${ATTEST_PACKAGING_DIR}/completions)
set(ATTEST_COMPLETION_FILES)
foreach(shell_file bash:attest zsh:_attest fish:attest.fish)
  string(REPLACE ":" ";" shell_file ${shell_file})
  list(GET shell_file 0 shell)
  list(GET shell_file 1 file)
  add_custom_command(OUTPUT ${ATTEST_COMPLETIONS}/${shell}/${file}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ATTEST_COMPLETIONS}/${shell}
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
            sh -c "\"$1\" completion \"$2\" > \"$3\"" sh $<TARGET_FILE:attest> ${shell}
            ${ATTEST_COMPLETIONS}/${shell}/${file}
    DEPENDS attest VERBATIM)
  list(APPEND ATTEST_COMPLETION_FILES ${ATTEST_COMPLETIONS}/${shell}/${file})
endforeach()

# The Debian changelog, with the version of project(); a release adds its entry to the file.
configure_file(${PROJECT_SOURCE_DIR}/packaging/changelog.in ${ATTEST_PACKAGING_DIR}/changelog @ONLY)
add_custom_command(OUTPUT ${ATTEST_PACKAGING_DIR}/changelog.gz
  COMMAND sh -c "${ATTEST_GZIP} -9n -c \"$1\" > \"$2\"" sh ${ATTEST_PACKAGING_DIR}/changelog
          ${ATTEST_PACKAGING_DIR}/changelog.gz
  DEPENDS ${ATTEST_PACKAGING_DIR}/changelog VERBATIM)

add_custom_target(attest_packaging ALL
  DEPENDS ${ATTEST_MAN_GZ} ${ATTEST_COMPLETION_FILES} ${ATTEST_PACKAGING_DIR}/changelog.gz)

# Completions where each shell looks: bash-completion and fish search share/ of every prefix
# (XDG_DATA_DIRS); zsh searches /usr/share/zsh/vendor-completions for packages and
# /usr/local/share/zsh/site-functions for the rest, so the folder follows the prefix installed to.
install(FILES ${ATTEST_COMPLETIONS}/bash/attest
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${ATTEST_COMPLETIONS}/fish/attest.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
install(CODE "
  if(CMAKE_INSTALL_PREFIX MATCHES \"(^|/)usr$\")
    set(attest_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions\")
  else()
    set(attest_zsh_dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/zsh/site-functions\")
  endif()
  file(INSTALL DESTINATION \"\${attest_zsh_dir}\" TYPE FILE FILES \"${ATTEST_COMPLETIONS}/zsh/_attest\")")

# Documentation and the example workspace, with the copyright file and changelog Debian asks for.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md"
        PATTERN man EXCLUDE)
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples USE_SOURCE_PERMISSIONS)
install(FILES packaging/copyright ${ATTEST_PACKAGING_DIR}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME attest)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
set(CPACK_PACKAGE_CONTACT "attest maintainers <maintainers@users.noreply.r-seed-7f989b44.example>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${CPACK_PACKAGE_CONTACT})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "compliance audits, evidence and credentials for hospitals")
# The extended description; CPack puts the summary above it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "attest helps compliance officers prepare for Joint Commission, CMS, OSHA and
HIPAA surveys: walk checklists item by item, record findings and corrective
action plans, keep evidence in a content-addressed store, track staff
credential expiry, check the policy manual in CI, and export signed audit
packets a surveyor can verify with standard tools. Every change is recorded
in a hash-chained journal.")
# Depends is what dpkg-shlibdeps finds the executable and its modules link.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build.*/" "/\\\\.git/" "/node_modules/")
include(CPack)
