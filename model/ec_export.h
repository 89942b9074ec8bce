/**
 * ec_export.h — EC_API, the mark of what libeffcomp exports.
 *
 * The library is compiled with -fvisibility=hidden, so a function or object
 * is visible outside libeffcomp.so only when its declaration in a public
 * header (those effcomp.h includes) starts with EC_API. Everything else
 * (the CSV reader, random streams, the steps' internals) stays inside the
 * library: `nm -D --defined-only libeffcomp.so` lists the public API and
 * nothing more. The in-tree static library (the program, the tests) links
 * the same objects, where visibility does not matter.
 *
 * A new function or extern object in one of those headers starts with
 * EC_API; the test install_symbols (tests/install/symbols.sh) fails until
 * it does, and when a marked one has no definition.
 *
 * For a consumer the mark is only an attribute on declarations; it needs no
 * definition and works with -std=c99 -pedantic.
 */
#ifndef EC_EXPORT_H
#define EC_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define EC_API __attribute__((visibility("default")))
#else
#define EC_API
#endif

#endif
