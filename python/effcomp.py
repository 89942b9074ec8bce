"""effcomp from Python: ctypes over the installed shared library libeffcomp.

No compiled extension: the module loads libeffcomp.so (the library that
``cmake --install`` puts in PREFIX/lib, beside this file's
PREFIX/lib/python3/dist-packages) and drives its steps, the same objects
that the command line, scenario files and sweeps run::

    import effcomp
    fit = effcomp.fit(data="data/epoch_chinchilla_svg_extracted_data.csv",
                      columns="N=Model Size,C=Training FLOP,L=loss",
                      drop_highest=5, bootstrap=200, seed=42)
    fit["params"]["alpha"]              # the result's JSON, as a dict
    fit.value("p.alpha")                # a named output, as a float
    proj = effcomp.project(fit=fit, sizes="compute=1e27;10T")   # the fit in memory
    proj["rows"][0]["loss"], proj.value("row.1.loss")

Options are the command-line names (``drop_highest`` or ``"drop-highest"``,
docs/parameters.md); a value is given as text, a number or a bool, and a list
sets a list option once per item (as a repeated ``--where``). An input that
takes an earlier result (``fit=``, ``claims=``) takes a Result of this module,
bound in memory, or a path to a JSON file. A failure raises effcomp.Error with
the library's message (which names the file, line or option) and status code.

The library is found, in order, at $EFFCOMP_LIBRARY (a path to the .so), in
the lib folder of the prefix this file is installed in, then by the dynamic
loader's own search (LD_LIBRARY_PATH, ldconfig). See docs/library.md.
"""

import ctypes
import ctypes.util
import json
import os

__all__ = ["Error", "Result", "Step", "run", "fit", "project", "library", "SONAME"]

#: The ABI this module is written for (CMake checks it against the library's SOVERSION).
SONAME = "libeffcomp.so.0.1"


class _ErrorRecord(ctypes.Structure):
    # ec_error (model/ec_error.h): the status code and a message of at most 1024 bytes.
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char * 1024)]


class Error(Exception):
    """A failure reported by libeffcomp: .code (negative ec_status), .status (its name), .message."""

    def __init__(self, code, status, message):
        super().__init__(message if message else status)
        self.code, self.status, self.message = code, status, message


_lib = None


def _candidates():
    env = os.environ.get("EFFCOMP_LIBRARY")
    if env:
        return [env]
    here = os.path.dirname(os.path.abspath(__file__))
    # PREFIX/lib/python3/dist-packages/effcomp.py -> PREFIX/lib
    libdir = os.path.normpath(os.path.join(here, os.pardir, os.pardir))
    out = [os.path.join(libdir, SONAME)]
    found = ctypes.util.find_library("effcomp")
    if found:
        out.append(found)
    out.append(SONAME)
    return out


def library():
    """The loaded libeffcomp (a ctypes.CDLL), loaded on first use."""
    global _lib
    if _lib is not None:
        return _lib
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(path + " (no such file)")
            continue
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            tried.append(str(e))
    else:
        raise OSError("effcomp: cannot load %s: %s; install effcomp (cmake --install) or set EFFCOMP_LIBRARY"
                      % (SONAME, "; ".join(tried)))
    err_p, vp, cs = ctypes.POINTER(_ErrorRecord), ctypes.c_void_p, ctypes.c_char_p
    for name, res, args in [
        ("ec_step_new", vp, [cs, err_p]),
        ("ec_step_free", None, [vp]),
        ("ec_step_set", ctypes.c_int, [vp, cs, cs, err_p]),
        ("ec_step_bind", ctypes.c_int, [vp, cs, vp, cs, err_p]),
        ("ec_step_check", ctypes.c_int, [vp, err_p]),
        ("ec_step_run", ctypes.c_int, [vp, ctypes.POINTER(vp), err_p]),
        ("ec_result_value", ctypes.c_int, [vp, cs, ctypes.POINTER(ctypes.c_double), err_p]),
        ("ec_result_json_text", vp, [vp, err_p]),
        ("ec_result_free", None, [vp]),
        ("ec_result_n_notes", ctypes.c_size_t, [vp]),
        ("ec_result_note", cs, [vp, ctypes.c_size_t]),
        ("ec_result_n_problems", ctypes.c_size_t, [vp]),
        ("ec_result_problem", cs, [vp, ctypes.c_size_t]),
        ("ec_status_name", cs, [ctypes.c_int]),
    ]:
        f = getattr(lib, name)
        f.restype, f.argtypes = res, args
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    libc.free.restype, libc.free.argtypes = None, [vp]
    lib.free_text = libc.free   # the library's strings are malloc'd: free() them
    _lib = lib
    return lib


def _raise(code, err):
    lib = library()
    status = lib.ec_status_name(code).decode()
    raise Error(code, status, err.message.decode("utf-8", "replace"))


def _text(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)   # shortest text that reads back as the same double
    return str(value)


class Result(dict):
    """A step's result: its JSON as a dict, and the library's result behind it.

    .value(name) reads a named output (the names a sweep records, e.g.
    "p.alpha", "loss", "row.2.N"); .notes are the step's warnings and
    .problems why it finished but not as asked (a fit that did not converge:
    the program's exit status 3), both lists of str. Passing the Result to
    another step's input binds it in memory. The library's result is freed
    with the Result."""

    def __init__(self, handle, kind):
        lib = library()
        self._handle = ctypes.c_void_p(handle)
        self.kind = kind
        err = _ErrorRecord()
        p = lib.ec_result_json_text(self._handle, ctypes.byref(err))
        if not p:
            lib.ec_result_free(self._handle)
            self._handle = None
            _raise(err.code or -2, err)
        try:
            super().__init__(json.loads(ctypes.string_at(p).decode("utf-8")))
        finally:
            lib.free_text(p)
        h = self._handle
        self.notes = [lib.ec_result_note(h, i).decode() for i in range(lib.ec_result_n_notes(h))]
        self.problems = [lib.ec_result_problem(h, i).decode() for i in range(lib.ec_result_n_problems(h))]

    def value(self, name):
        """The named output `name` as a float (Error when the result has none)."""
        lib, err, v = library(), _ErrorRecord(), ctypes.c_double()
        rc = lib.ec_result_value(self._handle, name.encode(), ctypes.byref(v), ctypes.byref(err))
        if rc != 0:
            _raise(rc, err)
        return v.value

    def __del__(self):
        h = getattr(self, "_handle", None)
        if h is not None and _lib is not None:
            _lib.ec_result_free(h)
            self._handle = None


class Step:
    """A step of the library's registry ("fit", "project", ...), options set by name, run any number of times."""

    def __init__(self, kind, **options):
        lib, err = library(), _ErrorRecord()
        h = lib.ec_step_new(kind.encode(), ctypes.byref(err))
        if not h:
            _raise(err.code, err)
        self._handle, self.kind, self._bound = ctypes.c_void_p(h), kind, []
        for k, v in options.items():
            self.set(k, v)

    def set(self, key, value):
        """Sets option `key`: a Result binds it (an input such as fit=), a list sets each item, else the text."""
        lib, err = library(), _ErrorRecord()
        if isinstance(value, Result):
            rc = lib.ec_step_bind(self._handle, key.encode(), value._handle, ("@" + value.kind).encode(),
                                  ctypes.byref(err))
            if rc == 0:
                self._bound.append(value)   # the library does not copy it: keep it alive with the step
        elif isinstance(value, (list, tuple)):
            for item in value:
                self.set(key, item)
            return self
        else:
            rc = lib.ec_step_set(self._handle, key.encode(), _text(value).encode(), ctypes.byref(err))
        if rc != 0:
            _raise(rc, err)
        return self

    def run(self):
        """Runs the step and returns its Result (Error on failure)."""
        lib, err, out = library(), _ErrorRecord(), ctypes.c_void_p()
        rc = lib.ec_step_run(self._handle, ctypes.byref(out), ctypes.byref(err))
        if rc != 0:
            _raise(rc, err)
        r = Result(out.value, self.kind)
        r._inputs = list(self._bound)   # results bound into this one stay alive as long as it does
        return r

    def __del__(self):
        h = getattr(self, "_handle", None)
        if h is not None and _lib is not None:
            _lib.ec_step_free(h)
            self._handle = None


def run(kind, **options):
    """Runs one step of type `kind` with the given options; returns its Result (a dict)."""
    return Step(kind, **options).run()


def fit(**options):
    """effcomp fit: a scaling law fitted to CSV points (data=, columns=, ...); returns its Result."""
    return run("fit", **options)


def project(**options):
    """effcomp project: larger models from a fitted law (fit=Result or path, or form= and params=)."""
    return run("project", **options)
