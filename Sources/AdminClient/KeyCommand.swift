import Foundation

/// A profile's secrets-manager command (`contio_api_key_command = ["op", "read", "op://prod/contio/api-key"]`),
/// run the way AWS `credential_process` and git credential helpers are: without a shell, its
/// trimmed standard output is the value. Its standard error is the terminal's, so the helper can
/// ask or explain; adminsh's own errors name the profile, the setting and the command, never what
/// the command printed.
public struct KeyCommand: Sendable, CustomStringConvertible {
    /// Program and arguments; the program is looked up in `PATH` unless it holds a `/`.
    public let argv: [String]
    /// `profile 'prod': contio_api_key_command`, for messages.
    public let origin: String
    /// Seconds the command may take.
    public let timeout: Double

    /// The timeouts a profile may set (`key_command_timeout`).
    public static let timeoutRange: ClosedRange<Double> = 1...600
    public static let defaultTimeout: Double = 30

    public init(argv: [String], origin: String, timeout: Double = KeyCommand.defaultTimeout) {
        self.argv = argv
        self.origin = origin
        self.timeout = timeout
    }

    /// `["op", "read", "op://prod/contio/api-key"]`, as the profile wrote it.
    public var description: String { "[" + argv.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }

    /// Runs the command and returns its output, trimmed; one line, not empty.
    public func read() async throws -> String {
        let output = try await run(input: nil)
        let value = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw ProfileError("\(origin) \(self) printed nothing") }
        guard !value.contains(where: \.isNewline) else {
            throw ProfileError("\(origin) \(self) printed more than one line; it must print only the key")
        }
        return value
    }

    /// Runs the command with `secret` and a newline on its standard input (a store command).
    public func store(_ secret: String) async throws {
        _ = try await run(input: Data((secret + "\n").utf8))
    }

    /// The program's path: as given when it holds a `/`, else the first match in `PATH`.
    func executable(path: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> URL {
        guard let program = argv.first, !program.isEmpty else { throw ProfileError("\(origin) is an empty command") }
        if program.contains("/") { return URL(fileURLWithPath: program) }
        for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw ProfileError("\(origin) \(self): '\(program)' is not a program found in PATH")
    }

    private func run(input: Data?) async throws -> Data {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = Array(argv.dropFirst())
        let stdout = Pipe()
        process.standardOutput = stdout
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        do {
            try process.run()
        } catch {
            throw ProfileError("\(origin) \(self) could not be started (\(error.localizedDescription))")
        }
        if let input, let stdin {
            // A command that never reads its input must not block us: write off the caller's thread.
            Thread.detachNewThread {
                try? stdin.fileHandleForWriting.write(contentsOf: input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        // Read the output while the command runs (a full pipe would stall it).
        let output = Task.detached { stdout.fileHandleForReading.readDataToEndOfFile() }
        let finished = await exited.wait(seconds: timeout)
        if !finished {
            process.terminate()
            _ = await exited.wait(seconds: 2)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw ProfileError("\(origin) \(self) did not finish within \(Int(timeout)) s")
        }
        let data = await output.value
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .exit ? "exited with status \(process.terminationStatus)"
                                                         : "was killed by signal \(process.terminationStatus)"
            throw ProfileError("\(origin) \(self) \(how)")
        }
        return data
    }
}

/// A one-shot signal from the termination handler's thread to an async waiter, with a deadline.
private final class ExitSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var waiter: CheckedContinuation<Bool, Never>?

    func fire() {
        let w: CheckedContinuation<Bool, Never>? = lock.withLock {
            fired = true
            defer { waiter = nil }
            return waiter
        }
        w?.resume(returning: true)
    }

    /// True when fired within `seconds`.
    func wait(seconds: Double) async -> Bool {
        await withCheckedContinuation { continuation in
            let already: Bool = lock.withLock {
                if fired { return true }
                waiter = continuation
                return false
            }
            if already { continuation.resume(returning: true); return }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak self] in
                guard let self else { return }
                let w: CheckedContinuation<Bool, Never>? = self.lock.withLock {
                    defer { self.waiter = nil }
                    return self.waiter
                }
                w?.resume(returning: false)
            }
        }
    }
}

/// Credentials a command supplies: resolved on the first request that needs them, once per
/// session. A failure is not kept, so the next call tries again (after `op signin`, say).
public final class DeferredCredentials: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: Task<Credentials, Error>?
    private var resolved: Credentials?
    private let resolve: @Sendable () async throws -> Credentials

    public init(_ resolve: @escaping @Sendable () async throws -> Credentials) {
        self.resolve = resolve
    }

    public func value() async throws -> Credentials {
        let task: Task<Credentials, Error> = lock.withLock {
            if let resolved { return Task { resolved } }
            let task = pending ?? Task { try await resolve() }
            pending = task
            return task
        }
        do {
            let credentials = try await task.value
            lock.withLock { resolved = credentials; pending = nil }
            return credentials
        } catch {
            lock.withLock { pending = nil }
            throw error
        }
    }
}
