# Installation (issue 14, "Packaging"): `cmake --install build [--prefix P]`
# (or `make install PREFIX=P`) puts into P
#   lib/libeffcomp.so.X.Y.Z   the shared library, VERSION and SOVERSION from
#                             project(VERSION); only EC_API symbols exported
#   include/effcomp/          the umbrella header effcomp.h and the headers it
#                             includes (nothing else)
#   bin/effcomp               the program (the same objects, and static OpenBLAS and CHOLMOD: EFFCOMP_STATIC_BLAS)
#   lib/pkgconfig/effcomp.pc  pkg-config, relocatable (${pcfiledir})
#   lib/cmake/effcomp/        effcompConfig.cmake, its version file and the
#                             targets: find_package(effcomp) -> effcomp::effcomp
#   share/man/man1/effcomp.1  the man page, printed by `effcomp --man` from
#                             the option tables that --help prints
#   lib/python3/dist-packages/effcomp.py   the Python module (ctypes)
# Nothing of the build's own flags reaches a consumer: _POSIX_C_SOURCE, the
# warnings and -ffp-contract=off are private to the library's objects.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Before 1.0 every minor version may change the ABI: SOVERSION 0.MINOR; from
# 1.0 on the major version.
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(EC_SOVERSION "0.${PROJECT_VERSION_MINOR}")
else()
  set(EC_SOVERSION "${PROJECT_VERSION_MAJOR}")
endif()

add_library(effcomp_shared SHARED)
target_link_libraries(effcomp_shared PRIVATE effcomp_objects ec_blas_shared)
set_target_properties(effcomp_shared PROPERTIES
  OUTPUT_NAME effcomp EXPORT_NAME effcomp
  VERSION ${PROJECT_VERSION} SOVERSION ${EC_SOVERSION}
  C_VISIBILITY_PRESET hidden)
# (No -Wl,--no-undefined: clang's sanitizer runtimes are linked into executables only. A dependency missing
# from the library's link is found anyway: tests/install/consumers.sh links a program with -leffcomp alone.)
target_link_options(effcomp_shared PRIVATE -Wl,--version-script=${CMAKE_CURRENT_SOURCE_DIR}/cmake/effcomp.map)
set_property(TARGET effcomp_shared APPEND PROPERTY LINK_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cmake/effcomp.map)
target_include_directories(effcomp_shared INTERFACE
  "$<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/model;${CMAKE_CURRENT_SOURCE_DIR}/solvers;${CMAKE_CURRENT_SOURCE_DIR}/plots;${CMAKE_CURRENT_SOURCE_DIR}/params>"
  "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/effcomp>")
add_library(effcomp::effcomp ALIAS effcomp_shared)

# The public headers: effcomp.h and what it includes (tests/install checks
# that the installed tree compiles on its own).
set(EC_PUBLIC_HEADERS
  params/effcomp.h model/ec_export.h
  model/ec_error.h model/ec_option.h model/ec_kv.h model/ec_form.h model/ec_dataset.h model/ec_table.h
  model/ec_law.h model/ec_interval.h model/ec_efficiency.h model/ec_chinchilla.h model/ec_dist.h
  solvers/ec_fit.h solvers/ec_nlfit.h solvers/ec_bootstrap.h solvers/ec_backtest.h solvers/ec_isoflop.h
  solvers/ec_claims.h solvers/ec_optimal.h solvers/ec_predict.h solvers/ec_trend.h solvers/ec_compare.h
  solvers/ec_project.h solvers/ec_simulate.h solvers/ec_sobol.h
  plots/ec_plot.h plots/ec_plot_kinds.h plots/ec_plot_recipes.h
  params/ec_data.h params/ec_result.h params/ec_step.h params/ec_steps.h params/ec_law_json.h
  params/ec_scenario.h params/ec_sweep.h params/ec_sweep_plot.h)

# The man page, from the program itself (the same tables as --help).
add_custom_command(OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/effcomp.1
  COMMAND effcomp_cli --man > ${CMAKE_CURRENT_BINARY_DIR}/effcomp.1
  DEPENDS effcomp_cli VERBATIM
  COMMENT "Writing the man page effcomp.1 (effcomp --man)")
add_custom_target(effcomp_man ALL DEPENDS ${CMAKE_CURRENT_BINARY_DIR}/effcomp.1)

install(TARGETS effcomp_shared EXPORT effcompTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/effcomp)
install(TARGETS effcomp_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${EC_PUBLIC_HEADERS} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/effcomp)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/effcomp.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# pkg-config: the prefix is found from the .pc file's own folder, so that a
# tree installed with --prefix (or moved) needs no edit. The headers include
# <gsl/gsl_rng.h> and <cjson/cJSON.h>: their Cflags come as Requires.private
# (the link needs only -leffcomp, whose own dependencies are recorded in it).
file(RELATIVE_PATH EC_PC_PREFIX "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" EC_PC_PREFIX "${EC_PC_PREFIX}")
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/effcomp.pc.in ${CMAKE_CURRENT_BINARY_DIR}/effcomp.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/effcomp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The CMake package.
set(EC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/effcomp)
install(EXPORT effcompTargets NAMESPACE effcomp:: DESTINATION ${EC_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/effcompConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/effcompConfig.cmake INSTALL_DESTINATION ${EC_CMAKE_DIR})
# Before 1.0 a minor version may break the API: only the same MAJOR.MINOR is compatible.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/effcompConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/effcompConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/effcompConfigVersion.cmake
  DESTINATION ${EC_CMAKE_DIR})

# The Python module (ctypes, no compiled extension) beside the library's
# folder, where it finds libeffcomp: PREFIX/lib/python3/dist-packages (on
# Debian's python3 path when the prefix is /usr; else PYTHONPATH). It loads
# the SONAME it names, which must be this build's.
file(STRINGS ${CMAKE_CURRENT_SOURCE_DIR}/python/effcomp.py EC_PY_SONAME REGEX "^SONAME = ")
if(NOT EC_PY_SONAME STREQUAL "SONAME = \"libeffcomp.so.${EC_SOVERSION}\"")
  message(FATAL_ERROR "python/effcomp.py has '${EC_PY_SONAME}', the library's SONAME is libeffcomp.so.${EC_SOVERSION}")
endif()
# lib/, not CMAKE_INSTALL_LIBDIR: with the prefix /usr that is Debian's multiarch lib/x86_64-linux-gnu, and
# python3 looks in /usr/lib/python3/dist-packages (the library is then on the loader's default path).
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/python/effcomp.py DESTINATION lib/python3/dist-packages)
