/*
 * pybridge.c — an aitc backend that hosts an inference runtime's Python API (ONNX Runtime, OpenVINO,
 * ...) through CPython's C API. One C file, built once per runtime with -DAITC_PY_MODULE="<module>":
 * the module (next to the .so) implements create / supports / load / describe / run / accelerator
 * (see aitc_bridge_common.py). Inputs reach Python as read-only memoryviews of the agent's buffers
 * (no copy); outputs are the runtime's own numpy arrays, held until the next run or unload.
 *
 * Process-wide state, and why it is safe: CPython has one interpreter per process. It is started once
 * (pthread_once), never finalized (numpy cannot be re-initialised), and every entry point takes the
 * GIL; each context and model is its own Python object, so several models stay independent. libpython
 * is promoted to RTLD_GLOBAL (the agent dlopens backends RTLD_LOCAL, and numpy's extension modules
 * need libpython's symbols), and this library is made RTLD_NODELETE so a later dlclose by the agent
 * leaves the code the interpreter may still point into. Python's sys.stdout is sent to stderr: the
 * agent's stdout is the protocol channel.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "aitc_backend.h"

#ifndef AITC_PY_MODULE
#error "build with -DAITC_PY_MODULE=\"aitc_bridge_<runtime>\""
#endif
#ifndef AITC_BRIDGE_NAME
#define AITC_BRIDGE_NAME AITC_PY_MODULE
#endif

struct aitc_backend_ctx {
    PyObject *obj; /* the module's context object */
};

struct aitc_model {
    PyObject *obj;
    int n_in, n_out;
    aitc_tensor_info *in, *out;
    Py_buffer *views; /* the last run's outputs, n_out entries */
    int n_views;
    char accelerator[64];
    aitc_unit_share shares[AITC_MAX_UNITS];
    int n_shares;
    char basis[16];
};

static pthread_once_t start_once = PTHREAD_ONCE_INIT;
static PyObject *module;      /* the runtime's bridge module, or NULL */
static char start_error[400]; /* why it could not start */

static void set_err(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    if (err != NULL && errlen > 0) {
        snprintf(err, errlen, fmt, a, b);
    }
}

/* The pending Python exception as text (consumed), into err. */
static void py_err(char *err, size_t errlen, const char *what)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    const char *text = "unknown Python error";
    PyObject *s = value != NULL ? PyObject_Str(value) : NULL;
    if (s != NULL) {
        const char *t = PyUnicode_AsUTF8(s);
        if (t != NULL) {
            text = t;
        }
    }
    PyErr_Clear();
    set_err(err, errlen, "%s: %s", what, text);
    Py_XDECREF(s);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

static void start_python(void)
{
    Dl_info self, py;
    /* Keep this library mapped after the agent's dlclose: the interpreter outlives it. */
    if (dladdr((void *)&start_python, &self) != 0 && self.dli_fname != NULL) {
        (void)dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    }
    if (dladdr((void *)&Py_InitializeEx, &py) != 0 && py.dli_fname != NULL) {
        (void)dlopen(py.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    }
    int started_here = !Py_IsInitialized();
    PyGILState_STATE g = PyGILState_UNLOCKED;
    if (started_here) {
        Py_InitializeEx(0); /* no signal handlers: the agent owns the process's signals */
    } else {
        g = PyGILState_Ensure();
    }
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", self.dli_fname != NULL ? self.dli_fname : ".");
    char *slash = strrchr(dir, '/');
    if (slash != NULL) {
        *slash = '\0';
    } else {
        snprintf(dir, sizeof dir, ".");
    }
    PyObject *sys = PyImport_ImportModule("sys");
    PyObject *path = sys != NULL ? PyObject_GetAttrString(sys, "path") : NULL;
    PyObject *here = PyUnicode_FromString(dir);
    PyObject *stderr_obj = sys != NULL ? PyObject_GetAttrString(sys, "stderr") : NULL;
    if (path == NULL || here == NULL || PyList_Insert(path, 0, here) != 0 || stderr_obj == NULL ||
        PyObject_SetAttrString(sys, "stdout", stderr_obj) != 0) {
        py_err(start_error, sizeof start_error, "cannot prepare the Python interpreter");
    } else {
        module = PyImport_ImportModule(AITC_PY_MODULE);
        if (module == NULL) {
            py_err(start_error, sizeof start_error, "cannot import " AITC_PY_MODULE " (is the runtime's wheel installed?)");
        }
    }
    Py_XDECREF(stderr_obj);
    Py_XDECREF(here);
    Py_XDECREF(path);
    Py_XDECREF(sys);
    if (started_here) {
        (void)PyEval_SaveThread(); /* release the GIL: every entry point takes it */
    } else {
        PyGILState_Release(g);
    }
}

/* module.<name>(*args) with the GIL held; NULL with err filled on failure. Steals args. */
static PyObject *call(const char *name, PyObject *args, char *err, size_t errlen)
{
    if (args == NULL) {
        py_err(err, errlen, name);
        return NULL;
    }
    PyObject *fn = PyObject_GetAttrString(module, name);
    PyObject *r = fn != NULL ? PyObject_CallObject(fn, args) : NULL;
    if (r == NULL) {
        py_err(err, errlen, name);
    }
    Py_XDECREF(fn);
    Py_DECREF(args);
    return r;
}

static int bridge_create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t errlen)
{
    *out = NULL;
    pthread_once(&start_once, start_python);
    if (module == NULL) {
        set_err(err, errlen, "%s%s", start_error, "");
        return AITC_E_INTERNAL;
    }
    aitc_backend_ctx *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return AITC_E_NOMEM;
    }
    PyGILState_STATE g = PyGILState_Ensure();
    c->obj = call("create",
                  Py_BuildValue("(izz)", o != NULL ? (int)o->threads : 0, o != NULL ? o->accelerator : NULL,
                                o != NULL ? o->config : NULL),
                  err, errlen);
    PyGILState_Release(g);
    if (c->obj == NULL) {
        free(c);
        return AITC_E_INVALID; /* a config the runtime refuses */
    }
    *out = c;
    return AITC_OK;
}

static void bridge_destroy(aitc_backend_ctx *c)
{
    if (c == NULL) {
        return;
    }
    PyGILState_STATE g = PyGILState_Ensure();
    Py_XDECREF(c->obj);
    PyGILState_Release(g);
    free(c);
}

static PyObject *bytes_view(const uint8_t *model, size_t len)
{
    if (len > (size_t)PY_SSIZE_T_MAX) {
        return NULL;
    }
    return PyMemoryView_FromMemory((char *)(uintptr_t)model, (Py_ssize_t)len, PyBUF_READ);
}

/* module.supports(ctx, view) -> None (runs) or str (refusal); an exception: malformed model. */
static int bridge_supports(aitc_backend_ctx *c, const uint8_t *model, size_t len, char *err, size_t errlen)
{
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *view = bytes_view(model, len);
    int rc = AITC_OK;
    PyObject *r = view != NULL ? call("supports", Py_BuildValue("(OO)", c->obj, view), err, errlen) : NULL;
    if (r == NULL) {
        rc = AITC_E_INVALID;
    } else if (PyUnicode_Check(r)) {
        const char *t = PyUnicode_AsUTF8(r);
        set_err(err, errlen, "%s%s", t != NULL ? t : "refused", "");
        rc = AITC_E_UNSUPPORTED;
    }
    Py_XDECREF(r);
    if (view != NULL) {
        PyObject *released = PyObject_CallMethod(view, "release", NULL);
        Py_XDECREF(released);
        Py_DECREF(view);
    }
    PyErr_Clear();
    PyGILState_Release(g);
    return rc;
}

/* [(name, dtype, (dims...)), ...] into a fresh array of infos. */
static int read_infos(PyObject *list, aitc_tensor_info **out, int *n, char *err, size_t errlen)
{
    if (!PyList_Check(list) || PyList_Size(list) > 4096) {
        set_err(err, errlen, "%s%s", "describe() must return lists of (name, dtype, dims)", "");
        return -1;
    }
    *n = (int)PyList_Size(list);
    *out = calloc((size_t)(*n > 0 ? *n : 1), sizeof **out);
    if (*out == NULL) {
        return -1;
    }
    for (int i = 0; i < *n; i++) {
        const char *name;
        int dtype;
        PyObject *dims;
        if (!PyArg_ParseTuple(PyList_GetItem(list, i), "siO!", &name, &dtype, &PyTuple_Type, &dims) ||
            PyTuple_Size(dims) > AITC_MAX_RANK) {
            py_err(err, errlen, "describe() entry");
            return -1;
        }
        snprintf((*out)[i].name, sizeof (*out)[i].name, "%s", name);
        (*out)[i].dtype = (aitc_dtype)dtype;
        (*out)[i].rank = (int32_t)PyTuple_Size(dims);
        for (int k = 0; k < (*out)[i].rank; k++) {
            (*out)[i].dims[k] = PyLong_AsLongLong(PyTuple_GetItem(dims, k));
        }
    }
    return 0;
}

/* module.breakdown(model) -> (basis, [(unit, fraction), ...]), cached at load. */
static void read_breakdown(aitc_model *m)
{
    PyObject *r = call("breakdown", Py_BuildValue("(O)", m->obj), NULL, 0);
    const char *basis;
    PyObject *list;
    if (r != NULL && PyArg_ParseTuple(r, "sO!", &basis, &PyList_Type, &list)) {
        snprintf(m->basis, sizeof m->basis, "%s", basis);
        for (Py_ssize_t i = 0; i < PyList_Size(list) && m->n_shares < AITC_MAX_UNITS; i++) {
            const char *unit;
            double fraction;
            if (PyArg_ParseTuple(PyList_GetItem(list, i), "sd", &unit, &fraction)) {
                snprintf(m->shares[m->n_shares].unit, sizeof m->shares[0].unit, "%s", unit);
                m->shares[m->n_shares++].fraction = fraction;
            }
        }
    }
    PyErr_Clear();
    Py_XDECREF(r);
}

static void free_model(aitc_model *m)
{
    for (int i = 0; i < m->n_views; i++) {
        PyBuffer_Release(&m->views[i]);
    }
    Py_XDECREF(m->obj);
    free(m->views);
    free(m->in);
    free(m->out);
    free(m);
}

static int bridge_load(aitc_backend_ctx *c, const uint8_t *model, size_t len, aitc_model **out, char *err,
                       size_t errlen)
{
    *out = NULL;
    aitc_model *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return AITC_E_NOMEM;
    }
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *view = bytes_view(model, len);
    int rc = AITC_E_INVALID;
    m->obj = view != NULL ? call("load", Py_BuildValue("(OO)", c->obj, view), err, errlen) : NULL;
    if (view != NULL) {
        PyObject *released = PyObject_CallMethod(view, "release", NULL);
        Py_XDECREF(released);
        Py_DECREF(view);
    }
    PyObject *io = m->obj != NULL ? call("describe", Py_BuildValue("(O)", m->obj), err, errlen) : NULL;
    PyObject *ins, *outs;
    if (io != NULL && PyArg_ParseTuple(io, "OO", &ins, &outs) && read_infos(ins, &m->in, &m->n_in, err, errlen) == 0 &&
        read_infos(outs, &m->out, &m->n_out, err, errlen) == 0 &&
        (m->views = calloc((size_t)(m->n_out > 0 ? m->n_out : 1), sizeof *m->views)) != NULL) {
        PyObject *acc = call("accelerator", Py_BuildValue("(O)", m->obj), err, errlen);
        snprintf(m->accelerator, sizeof m->accelerator, "%s",
                 acc != NULL && PyUnicode_Check(acc) && PyUnicode_AsUTF8(acc) != NULL ? PyUnicode_AsUTF8(acc) : "cpu");
        Py_XDECREF(acc);
        read_breakdown(m);
        rc = AITC_OK;
    }
    Py_XDECREF(io);
    PyErr_Clear();
    if (rc != AITC_OK) {
        free_model(m);
        m = NULL;
    }
    PyGILState_Release(g);
    *out = m;
    return rc;
}

static void bridge_unload(aitc_model *m)
{
    if (m == NULL) {
        return;
    }
    PyGILState_STATE g = PyGILState_Ensure();
    free_model(m);
    PyGILState_Release(g);
}

static int bridge_io_count(aitc_model *m, int is_input)
{
    return is_input ? m->n_in : m->n_out;
}

static int bridge_io_info(aitc_model *m, int is_input, int index, aitc_tensor_info *out)
{
    if (index < 0 || index >= (is_input ? m->n_in : m->n_out)) {
        return AITC_E_INVALID;
    }
    *out = is_input ? m->in[index] : m->out[index];
    return AITC_OK;
}

static int bridge_run(aitc_model *m, const aitc_tensor *inputs, int n_inputs, aitc_tensor *outputs, int n_outputs,
                      char *err, size_t errlen)
{
    if (n_inputs != m->n_in || n_outputs != m->n_out) {
        set_err(err, errlen, "%s%s", "wrong number of inputs or outputs", "");
        return AITC_E_INVALID;
    }
    PyGILState_STATE g = PyGILState_Ensure();
    for (int i = 0; i < m->n_views; i++) {
        PyBuffer_Release(&m->views[i]); /* the previous run's outputs: valid until now */
    }
    m->n_views = 0;
    int rc = AITC_OK;
    PyObject *list = PyList_New(n_inputs);
    for (int i = 0; list != NULL && i < n_inputs; i++) {
        PyObject *dims = PyTuple_New(inputs[i].info.rank);
        for (int k = 0; dims != NULL && k < inputs[i].info.rank; k++) {
            PyTuple_SET_ITEM(dims, k, PyLong_FromLongLong(inputs[i].info.dims[k]));
        }
        PyObject *view = bytes_view(inputs[i].data, inputs[i].bytes);
        PyList_SET_ITEM(list, i, Py_BuildValue("(NiN)", view, (int)inputs[i].info.dtype, dims));
    }
    PyObject *r = list != NULL ? call("run", Py_BuildValue("(ON)", m->obj, list), err, errlen) : NULL;
    if (r == NULL || !PyList_Check(r) || PyList_Size(r) != n_outputs) {
        if (r != NULL) {
            set_err(err, errlen, "%s%s", "run() returned a wrong number of outputs", "");
        }
        rc = AITC_E_INTERNAL;
    }
    for (int i = 0; rc == AITC_OK && i < n_outputs; i++) {
        int dtype;
        PyObject *array;
        Py_buffer *v = &m->views[i];
        if (!PyArg_ParseTuple(PyList_GetItem(r, i), "Oi", &array, &dtype) ||
            PyObject_GetBuffer(array, v, PyBUF_C_CONTIGUOUS | PyBUF_ND) != 0) {
            py_err(err, errlen, "run() output");
            rc = AITC_E_INTERNAL;
            break;
        }
        m->n_views++;
        if (v->ndim > AITC_MAX_RANK) {
            set_err(err, errlen, "%s%s", "an output has more dimensions than the ABI carries", "");
            rc = AITC_E_UNSUPPORTED;
            break;
        }
        outputs[i].info = m->out[i];
        outputs[i].info.dtype = (aitc_dtype)dtype;
        outputs[i].info.rank = v->ndim;
        for (int k = 0; k < v->ndim; k++) {
            outputs[i].info.dims[k] = (int64_t)v->shape[k];
        }
        outputs[i].data = v->buf;
        outputs[i].bytes = (size_t)v->len;
    }
    Py_XDECREF(r);
    PyErr_Clear();
    PyGILState_Release(g);
    return rc;
}

static const char *bridge_accelerator(aitc_model *m)
{
    return m->accelerator;
}

static int bridge_breakdown(aitc_model *m, aitc_unit_share *out, int max, const char **basis)
{
    int n = m->n_shares < max ? m->n_shares : max;
    memcpy(out, m->shares, sizeof *out * (size_t)(n > 0 ? n : 0));
    *basis = m->basis;
    return n;
}

static const aitc_backend table = {
    AITC_BACKEND_ABI_VERSION, AITC_BRIDGE_NAME, AITC_BRIDGE_VERSION, bridge_create, bridge_destroy, bridge_supports,
    bridge_load, bridge_unload, bridge_io_count, bridge_io_info, bridge_run, bridge_accelerator,
};

static const aitc_backend_ext extensions = {sizeof(aitc_backend_ext), bridge_breakdown};

AITC_EXPORT const aitc_backend *aitc_backend_entry(void)
{
    return &table;
}

AITC_EXPORT const aitc_backend_ext *aitc_backend_extensions(void)
{
    return &extensions;
}
