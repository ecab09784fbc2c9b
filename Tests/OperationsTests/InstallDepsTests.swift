import Foundation
import Testing

/// `scripts/install-deps.sh` on machines it has never seen: every program it calls (`id`, `dpkg-query`,
/// `apt-get`, `sudo`, `python3`, `pip`, `pkg-config`, `shellcheck`) is a stub on a `PATH` that holds nothing
/// else but a few coreutils, so the test proves which commands the script would run as root, as a sudo user
/// and as a user without sudo, with every package absent and with every package present.
///
/// Each stub appends one line `name<TAB>DEBIAN_FRONTEND<TAB>arguments` to `calls.log`. `apt-get install`
/// and `pip install` mark their packages installed in the fake machine's state folder, so a second run of
/// the script on the same machine must install nothing.
@Suite("install-deps.sh with stubbed system commands")
struct InstallDepsTests {
    static let debianPackages = [
        "libcurl4-openssl-dev", "pkg-config", "time", "shellcheck", "python3", "python3-pip", "chromium",
        "poppler-utils",
    ]
    static let pythonModules = ["duckdb", "frictionless", "cmarkgfm", "kubernetes_validate", "hera", "scipy"]

    @Test("as root on a machine with none of the packages: one update, one install, no sudo, then pip")
    func rootOnEmptyMachine() throws {
        let machine = try FakeMachine(uid: 0, sudo: true)
        let result = try machine.runScript()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let calls = try machine.calls()
        #expect(calls.filter { $0.program == "sudo" }.isEmpty)
        let apt = calls.filter { $0.program == "apt-get" }
        #expect(
            apt.map(\.arguments) == [
                "update -qq",
                "install -y -qq --no-install-recommends " + Self.debianPackages.joined(separator: " "),
            ])
        #expect(apt.allSatisfy { $0.debianFrontend == "noninteractive" })
        let pip = calls.filter { $0.program == "python3" && $0.arguments.hasPrefix("-m pip") }
        #expect(
            pip.map(\.arguments) == [
                "-m pip install -q --disable-pip-version-check " + Self.pythonModules.joined(separator: " ")
            ])
        #expect(calls.filter { $0.program == "pip" }.isEmpty, "the script asks python3 -m pip, never a bare pip")
        #expect(
            result.stdout.contains(
                "install-deps: installing Debian packages: " + Self.debianPackages.joined(separator: " ")))
        #expect(
            result.stdout.contains(
                "install-deps: installing Python packages: " + Self.pythonModules.joined(separator: " ")))
        #expect(result.stdout.contains("install-deps: libcurl 7.88.1"))

        // The same machine, now with everything: the second run installs nothing.
        try machine.clearCalls()
        let second = try machine.runScript()
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(
            try machine.calls().filter {
                ["apt-get", "sudo"].contains($0.program) || $0.arguments.contains("pip install")
            }.isEmpty)
    }

    @Test("as a sudo user: apt-get runs through sudo env DEBIAN_FRONTEND=noninteractive")
    func sudoUserOnEmptyMachine() throws {
        let machine = try FakeMachine(uid: 1000, sudo: true)
        let result = try machine.runScript()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let calls = try machine.calls()
        let sudo = calls.filter { $0.program == "sudo" }
        #expect(
            sudo.map(\.arguments) == [
                "env DEBIAN_FRONTEND=noninteractive apt-get update -qq",
                "env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "
                    + Self.debianPackages.joined(separator: " "),
            ])
        // sudo resets the environment; the variable reaches apt-get only through `env`.
        #expect(calls.filter { $0.program == "apt-get" }.allSatisfy { $0.debianFrontend == "noninteractive" })
        #expect(calls.filter { $0.program == "apt-get" }.count == 2)
    }

    @Test("only the missing packages are asked for, and pip falls back to --break-system-packages under PEP 668")
    func partialMachineAndExternallyManagedPython() throws {
        let machine = try FakeMachine(uid: 0, sudo: false)
        try machine.install(debian: ["libcurl4-openssl-dev", "pkg-config", "python3", "python3-pip"])
        try machine.install(python: ["duckdb"])
        try machine.markExternallyManaged()
        let result = try machine.runScript()
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let calls = try machine.calls()
        #expect(
            calls.filter { $0.program == "apt-get" }.map(\.arguments) == [
                "update -qq", "install -y -qq --no-install-recommends time shellcheck chromium poppler-utils",
            ])
        #expect(
            calls.filter { $0.program == "python3" && $0.arguments.hasPrefix("-m pip") }.map(\.arguments) == [
                "-m pip install -q --disable-pip-version-check frictionless cmarkgfm kubernetes_validate hera scipy",
                "-m pip install -q --disable-pip-version-check --break-system-packages frictionless cmarkgfm kubernetes_validate hera scipy",
            ])
    }

    @Test("a user without root and without sudo gets a sentence naming the packages, and nothing runs")
    func noRootNoSudo() throws {
        let machine = try FakeMachine(uid: 1000, sudo: false)
        let result = try machine.runScript()
        #expect(result.status == 1)
        #expect(result.stderr.contains("not root and no sudo"))
        #expect(result.stderr.contains("libcurl4-openssl-dev"))
        #expect(try machine.calls().filter { $0.program == "apt-get" }.isEmpty)
    }
}

/// A folder of stub programs and the state of a pretend Debian machine.
private struct FakeMachine {
    struct Call: Equatable {
        var program: String
        var debianFrontend: String
        var arguments: String
    }

    let root: URL
    var bin: URL { root.appendingPathComponent("bin") }
    var state: URL { root.appendingPathComponent("state") }
    var log: URL { root.appendingPathComponent("calls.log") }

    init(uid: Int, sudo: Bool) throws {
        self.uid = uid
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("install-deps-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        try fm.createDirectory(at: state.appendingPathComponent("deb"), withIntermediateDirectories: true)
        try fm.createDirectory(at: state.appendingPathComponent("py"), withIntermediateDirectories: true)
        _ = fm.createFile(atPath: log.path, contents: nil)
        // The few real programs the script and the stubs need; nothing else is on PATH.
        for tool in ["env", "basename", "sed", "touch", "mktemp", "cat", "rm"] {
            guard let real = ["/usr/bin/\(tool)", "/bin/\(tool)"].first(where: fm.isExecutableFile(atPath:)) else {
                continue
            }
            try fm.createSymbolicLink(atPath: bin.appendingPathComponent(tool).path, withDestinationPath: real)
        }
        let record = #"printf '%s\t%s\t%s\n' "$(basename "$0")" "${DEBIAN_FRONTEND:-}" "$*" >> "$STUB_LOG""#
        try stub("id", #"[ "$1" = "-u" ] && echo "$STUB_UID""#)
        try stub(
            "dpkg-query",
            #"""
            \#(record)
            pkg="${!#}"
            if [ -e "$STUB_STATE/deb/$pkg" ]; then printf 'install ok installed'; else echo "dpkg-query: no packages found matching $pkg" >&2; exit 1; fi
            """#)
        try stub(
            "apt-get",
            #"""
            \#(record)
            if [ "$1" = "install" ]; then
              for a in "$@"; do case "$a" in -*|install) ;; *) touch "$STUB_STATE/deb/$a" ;; esac; done
            fi
            """#)
        if sudo {
            try stub("sudo", record + "\nexec \"$@\"")
        }
        try stub(
            "python3",
            #"""
            \#(record)
            if [ "$1" = "-c" ]; then
              mod=$(printf '%s' "$2" | sed -n 's/^import \([a-z_]*\)$/\1/p')
              if [ -n "$mod" ]; then [ -e "$STUB_STATE/py/$mod" ]; exit $?; fi
              echo "duckdb 1.0.0 frictionless 5.0.0"; exit 0
            fi
            if [ "$1 $2 $3" = "-m pip install" ]; then
              if [ -e "$STUB_STATE/externally-managed" ]; then
                case " $* " in *" --break-system-packages "*) ;; *) echo "error: externally-managed-environment" >&2; exit 1 ;; esac
              fi
              for a in "${@:4}"; do case "$a" in -*) ;; *) touch "$STUB_STATE/py/$a" ;; esac; done
              exit 0
            fi
            exit 2
            """#)
        try stub("pip", record)
        try stub("pkg-config", #"echo 7.88.1"#)
        try stub("shellcheck", #"echo "version: 0.9.0""#)
    }

    let uid: Int

    private func stub(_ name: String, _ body: String) throws {
        let url = bin.appendingPathComponent(name)
        try ("#!/bin/bash\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }

    func install(debian: [String]) throws {
        for p in debian {
            _ = FileManager.default.createFile(atPath: state.appendingPathComponent("deb/\(p)").path, contents: nil)
        }
    }

    func install(python: [String]) throws {
        for p in python {
            _ = FileManager.default.createFile(atPath: state.appendingPathComponent("py/\(p)").path, contents: nil)
        }
    }

    func markExternallyManaged() throws {
        _ = FileManager.default.createFile(
            atPath: state.appendingPathComponent("externally-managed").path, contents: nil)
    }

    func clearCalls() throws { try Data().write(to: log) }

    func calls() throws -> [Call] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            return Call(program: parts[0], debianFrontend: parts[1], arguments: parts.count > 2 ? parts[2] : "")
        }
    }

    func runScript() throws -> (status: Int32, stdout: String, stderr: String) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/install-deps.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path]
        process.environment = [
            "PATH": bin.path, "STUB_LOG": log.path, "STUB_STATE": state.path, "STUB_UID": String(uid),
            "HOME": root.path,
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }
}
