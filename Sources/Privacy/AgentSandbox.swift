import ChildProcesses
import Foundation
import Harness

#if canImport(Glibc)
import Glibc
#endif

/// The local agent's sandbox: inside the device's network namespace, its own PID and mount
/// namespaces, its own unprivileged user (uid/gid ``uid``) with every capability dropped from the
/// bounding set and `no_new_privs`, and a private root: an overlay whose lower layer is this
/// machine's `/` (read-only through it) and whose upper layer is ``upper``, so **every** file the
/// agent writes anywhere lands in ``upper`` and a scan of ``upper`` is a storage diff of the whole
/// writable view, not of the maker's list.
///
/// `/tmp`, `/var/tmp`, `/run`, `/dev`, `/home` and `/root` are the upper layer's own folders bound
/// over the merged view (the agent sees none of this machine's files, sockets or devices there, and
/// what it writes there is in the upper layer too); `/dev` holds only `null`,
/// `zero`, `full`, `random`, `urandom` and `tty` (bound from the host) and a `shm` folder in the
/// upper layer; `/proc` is the sandbox's own (its PID namespace) and `/sys` is read-only. The
/// inputs, the workloads' model files (``workloadFiles(of:samples:)``), the backend library and the
/// agent are bound read-only at their own absolute paths, each file alone: a suite under `/tmp` or
/// `/home` loads, and nothing else of its folder is visible. The agent's working folder is the
/// sandbox's `/` (`chroot` changes to it). When the agent's process tree ends, the namespace ends
/// (its PID 1 is the tracer).
///
/// With `strace` on this machine every session is traced (``tracer``, `--seccomp-bpf`: only the
/// calls of ``EscapeAttempt/traced`` stop the agent) into ``traceFolder``, bound at `/.aitc-trace`
/// (root's, mode 0700: the agent cannot read or write it), and ``escapeAttempts()`` reads every
/// attempt to leave the sandbox from it.
package struct AgentSandbox: Sendable {
    /// The folder holding the layers (`upper`, `work`, `root`) on this machine.
    package let folder: String
    /// The agent's user and group inside the sandbox (no such user exists on the host).
    package static let uid: UInt32 = 64_999
    /// The agent's home inside the sandbox (`$HOME`).
    package static let home = "/home/aitc-agent"
    /// The agent's scratch parent inside the sandbox (`$AGENT_SCRATCH` of a declaration).
    package static let scratchParent = "/var/lib/aitc-agent"
    /// Host paths bound read-only at the same path inside the sandbox (absolute, each once).
    package let readOnly: [String]
    /// `strace` on this machine; nil: sessions are not traced and escape attempts not observed.
    package let tracer: String?

    /// Where the traces are written (outside the upper layer).
    package var traceFolder: String { "\(folder)/trace" }
    /// Where ``traceFolder`` is bound inside the sandbox.
    static let traceMount = "/.aitc-trace"

    /// The upper layer: everything the agent wrote, at its path below this folder.
    package var upper: String { "\(folder)/upper" }
    private var work: String { "\(folder)/work" }
    private var root: String { "\(folder)/root" }

    /// Folders of this machine's root the agent does not see (the upper layer's own are bound there).
    static let hidden = ["tmp", "var/tmp", "run", "dev", "home", "root"]
    /// Devices bound from the host into the sandbox's `/dev`.
    static let devices = ["null", "zero", "full", "random", "urandom", "tty"]

    /// Prepares the layers in `folder`; `writable` are folders (sandbox paths) created for the agent
    /// before it starts — its scratch parent, home and the declared storage and log folders.
    package static func prepare(
        folder: String, readOnly: [String], writable: [String]
    ) throws(PrivacyError) -> AgentSandbox {
        let tracer = ProgramLookup.find("strace", path: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let manager = FileManager.default
        // Absolute and without `.` or `..` (a bind target must stay below the sandbox's root), each
        // once, and only what exists (a missing file is the agent's to report, not a failed mount).
        var bound: [(path: String, isFolder: Bool)] = []
        for path in readOnly.map({ URL(fileURLWithPath: $0).standardizedFileURL.path })
        where !bound.contains(where: { $0.path == path }) {
            var isFolder: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isFolder) { bound.append((path, isFolder.boolValue)) }
        }
        let sandbox = AgentSandbox(folder: folder, readOnly: bound.map(\.path), tracer: tracer)
        do {
            for private_ in [sandbox.traceFolder, sandbox.upper + traceMount] {
                try manager.createDirectory(atPath: private_, withIntermediateDirectories: true)
                chmod(private_, 0o700)
            }
            for layer in [sandbox.upper, sandbox.work, sandbox.root] {
                try manager.createDirectory(atPath: layer, withIntermediateDirectories: true)
            }
            for name in hidden {
                try manager.createDirectory(atPath: "\(sandbox.upper)/\(name)", withIntermediateDirectories: true)
            }
            for path in ["tmp", "var/tmp", "dev/shm"].map({ "\(sandbox.upper)/\($0)" }) {
                try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
                chmod(path, 0o1777)
            }
            for device in devices { manager.createFile(atPath: "\(sandbox.upper)/dev/\(device)", contents: nil) }
            for (path, isFolder) in bound {
                let target = sandbox.upper + path
                if isFolder {
                    try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
                } else {
                    try manager.createDirectory(
                        atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    manager.createFile(atPath: target, contents: nil)
                }
            }
            for path in [home, scratchParent] + writable {
                let target = sandbox.upper + path
                try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
                chown(target, uid, uid)
                chmod(target, 0o700)
            }
        } catch let error as PrivacyError {
            throw error
        } catch {
            throw .isolationUnavailable(
                "cannot prepare the agent's sandbox in \(folder): \(error.localizedDescription)")
        }
        return sandbox
    }

    /// The files the agent opens for `workloads`, to be bound read-only: each model and, for a
    /// generation workload, its decode model; with `samples`, each input file too (the timed run
    /// reads the real samples; a privacy session reads canaried copies, bound on their own).
    package static func workloadFiles(of workloads: [Workload], samples: Bool) -> [String] {
        workloads.flatMap { workload in
            [workload.model.path] + (workload.llm.map { [$0.decodeModel.path] } ?? [])
                + (samples ? workload.inputs.sorted { $0.key < $1.key }.map(\.value.path) : [])
        }
    }

    /// The command (run inside the device's network namespace) that starts `agent` in the sandbox.
    package func command(_ agent: [String]) -> [String] {
        let trace = "\(Self.traceMount)/trace-\(UUID().uuidString.prefix(8))"
        let traced =
            tracer.map { strace in
                "\(strace) -f --seccomp-bpf -qq -s 256 -e signal=none -e trace=\(EscapeAttempt.traced.joined(separator: ",")) -o \(trace) "
            } ?? ""
        let script = """
            set -e
            R=$1; U=$2; W=$3; T=$4; shift 4
            mount --make-rprivate /
            i=0
            until mount -t overlay aitc-sandbox -o "lowerdir=/,upperdir=$U,workdir=$W" "$R" 2>/dev/null; do
              i=$((i+1)); if [ $i -ge 100 ]; then echo "the sandbox root could not be mounted" >&2; exit 70; fi; sleep 0.05
            done
            for d in \(Self.hidden.joined(separator: " ")); do mount --bind "$U/$d" "$R/$d"; done
            mount -t proc -o nosuid,nodev,noexec proc "$R/proc"
            mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$R/sys"
            for d in \(Self.devices.joined(separator: " ")); do mount --bind "/dev/$d" "$R/dev/$d"; done
            mount --bind "$T" "$R\(Self.traceMount)"
            while [ "$1" != "--" ]; do mount --bind "$1" "$R$1"; mount -o remount,bind,ro "$R$1"; shift; done; shift
            export HOME=\(Self.home) TMPDIR=/tmp
            exec chroot "$R" \(traced)setpriv --reuid=\(Self.uid) --regid=\(Self.uid) --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- "$@"
            """
        return [
            "unshare", "--mount", "--pid", "--fork", "--kill-child=SIGKILL", "--", "/bin/sh", "-c", script,
            "aitc-sandbox", root, upper, work, traceFolder,
        ]
            + readOnly + ["--"] + agent
    }

    /// The path inside the sandbox of a file found in the upper layer.
    package func sandboxPath(of path: String) -> String {
        path.hasPrefix(upper + "/") ? String(path.dropFirst(upper.count)) : path
    }

    /// Every file the agent's sessions wrote so far (sandbox paths, sizes), the harness's own
    /// placeholders excepted — the storage diff against the empty layer the sandbox started with.
    package func writtenFiles() -> [(path: String, bytes: Int)] {
        let placeholders = Set(Self.devices.map { "/dev/\($0)" } + readOnly)
        var result: [(path: String, bytes: Int)] = []
        guard let walker = FileManager.default.enumerator(atPath: upper) else { return [] }
        while let relative = walker.nextObject() as? String {
            let path = "/" + relative
            guard !placeholders.contains(path), let attributes = walker.fileAttributes,
                attributes[.type] as? FileAttributeType == .typeRegular
            else { continue }
            result.append((path, attributes[.size] as? Int ?? 0))
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Every attempt to leave the sandbox in the traces of the sessions so far (nil when the
    /// sessions were not traced: no `strace` on this machine).
    package func escapeAttempts() -> [EscapeAttempt]? {
        guard tracer != nil else { return nil }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: traceFolder)) ?? []
        return names.sorted().flatMap { name -> [EscapeAttempt] in
            let text = (try? String(contentsOfFile: "\(traceFolder)/\(name)", encoding: .utf8)) ?? ""
            return EscapeAttempt.parse(trace: text, isHostSocket: EscapeAttempt.isSocketOnThisMachine)
        }
    }
}
