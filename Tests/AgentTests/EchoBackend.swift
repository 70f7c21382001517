import Foundation

/// A tiny backend built from C at test time through the public plugin ABI (dlopen), so the agent's
/// executor, sample binding and output encoding are tested with exactly known numbers and
/// independently of the reference backend.
///
/// Model files must start with "ECHO" ("ECHOUNSP" is refused as an unsupported operator). Input
/// "input": float32 [-1, 4]. Outputs "double": float32 [1, 4] = 2·x, "argmax": int64 [1]. A run
/// fails when x[0] == -999 (to test mid-run backend errors).
enum EchoBackend {
    struct BuildFailure: Error, CustomStringConvertible {
        let description: String
    }

    static let source = #"""
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include "aitc_backend.h"
        struct aitc_backend_ctx { int unused; };
        struct aitc_model { float dbl[4]; int64_t am; };
        static int create(const aitc_backend_options *o, aitc_backend_ctx **out, char *err, size_t n)
        { (void)o; (void)err; (void)n; *out = calloc(1, sizeof **out); return *out ? AITC_OK : AITC_E_NOMEM; }
        static void destroy(aitc_backend_ctx *c) { free(c); }
        static int supports(aitc_backend_ctx *c, const uint8_t *m, size_t len, char *err, size_t n) {
            (void)c;
            if (len < 4 || memcmp(m, "ECHO", 4) != 0) { snprintf(err, n, "not an ECHO model"); return AITC_E_INVALID; }
            if (len >= 8 && memcmp(m + 4, "UNSP", 4) == 0) { snprintf(err, n, "operator Foo in node n0"); return AITC_E_UNSUPPORTED; }
            return AITC_OK;
        }
        static int load(aitc_backend_ctx *c, const uint8_t *m, size_t len, aitc_model **out, char *err, size_t n)
        { (void)c; (void)m; (void)len; (void)err; (void)n; *out = calloc(1, sizeof **out); return *out ? AITC_OK : AITC_E_NOMEM; }
        static void unload(aitc_model *m) { free(m); }
        static int io_count(aitc_model *m, int in) { (void)m; return in ? 1 : 2; }
        static int io_info(aitc_model *m, int in, int i, aitc_tensor_info *o) {
            (void)m; memset(o, 0, sizeof *o);
            if (in) { strcpy(o->name, "input"); o->dtype = AITC_DTYPE_FLOAT32; o->rank = 2; o->dims[0] = -1; o->dims[1] = 4; }
            else if (i == 0) { strcpy(o->name, "double"); o->dtype = AITC_DTYPE_FLOAT32; o->rank = 2; o->dims[0] = 1; o->dims[1] = 4; }
            else { strcpy(o->name, "argmax"); o->dtype = AITC_DTYPE_INT64; o->rank = 1; o->dims[0] = 1; }
            return AITC_OK;
        }
        static int run(aitc_model *m, const aitc_tensor *in, int nin, aitc_tensor *out, int nout, char *err, size_t n) {
            (void)nin; (void)nout;
            const float *x = in[0].data;
            if (in[0].bytes != 16) { snprintf(err, n, "input has %zu bytes", in[0].bytes); return AITC_E_SHAPE; }
            if (x[0] == -999.0f) { snprintf(err, n, "poisoned sample"); return AITC_E_INTERNAL; }
            int best = 0;
            for (int i = 0; i < 4; i++) { m->dbl[i] = 2 * x[i]; if (x[i] > x[best]) best = i; }
            m->am = best;
            out[0].info.dtype = AITC_DTYPE_FLOAT32; out[0].data = m->dbl; out[0].bytes = 16;
            out[1].info.dtype = AITC_DTYPE_INT64; out[1].data = &m->am; out[1].bytes = 8;
            return AITC_OK;
        }
        static const char *accel(aitc_model *m) { (void)m; return "cpu"; }
        static const aitc_backend table = { AITC_BACKEND_ABI_VERSION, "echo", "0.0.1", create, destroy, supports,
                                            load, unload, io_count, io_info, run, accel };
        const aitc_backend *aitc_backend_entry(void) { return &table; }
        """#

    /// Compiles the backend into `folder` with the C compiler found on PATH and returns the .so path.
    /// `extraSource` is appended to the C source (e.g. a constructor that leaves a marker file).
    static func build(
        in folder: String, name: String = "libecho.so", extraSource: String = "", filePath: String = #filePath
    )
        throws -> String
    {
        var root = URL(fileURLWithPath: filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let include = root.appendingPathComponent("Sources/CAitcBackendABI/include").path
        let sourcePath = (folder as NSString).appendingPathComponent("echo_backend.c")
        let libraryPath = (folder as NSString).appendingPathComponent(name)
        try (source + extraSource).write(toFile: sourcePath, atomically: true, encoding: .utf8)
        let compiler = ["clang", "cc", "gcc"].compactMap(findOnPath).first
        guard let compiler else { throw BuildFailure(description: "no C compiler (clang, cc, gcc) on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: compiler)
        process.arguments = [
            "-shared", "-fPIC", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", include, sourcePath, "-o", libraryPath,
        ]
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        guard !process.isRunning, process.terminationStatus == 0 else {
            throw BuildFailure(description: "\(compiler) failed to build the echo backend")
        }
        return libraryPath
    }

    private static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
