import AdminClient
import Bindings
import Foundation
import LuaHost
import Shell

/// One Lua state wired to the admin APIs: through a profile (or the vendors' environment
/// variables) when one is configured, else through the embedded sandbox.
final class Session {
    let state: LuaState
    let connection: ConnectionProvider
    let sandbox: SandboxConnection?
    /// The profile in use (its prompt colour, label and `confirm` policy); nil on the sandbox.
    let profile: ResolvedConnection?

    init(options: HostOptions, plan: PlanRecorder? = nil) throws {
        state = try options.makeState()
        ProgressModule.quiet = options.quiet
        WaitFeedback.standardError.quiet = options.quiet   // no spinner either; retries and pacing are still said
        var environment = ProcessInfo.processInfo.environment
        if let profile = options.profile { environment["ADMINSH_PROFILE"] = profile }
        let resolved = options.forceSandbox ? nil : try ProfileResolver.resolve(profile: environment["ADMINSH_PROFILE"], environment: environment)
        profile = resolved
        if let resolved {
            var configuration = resolved.configuration
            if let timeout = options.requestTimeout { configuration.timeout = timeout }
            if options.readOnly { configuration.readOnly = "this session is read-only (--read-only)" }
            // `rehearse(fn)` at the prompt points it at a clone for a while (RehearseBinding).
            connection = RehearsalSwitch(base: FixedConnection(client: AdminClient(configuration: configuration), label: resolved.name))
            sandbox = nil
        } else {
            let embedded = SandboxConnection(dbPath: options.db, timeout: options.requestTimeout ?? 30,
                                             readOnly: options.readOnly ? "this session is read-only (--read-only)" : nil)
            connection = embedded
            sandbox = embedded
        }
        try Session.install(in: state, connection: connection, sandbox: sandbox != nil, plan: plan, options: options)
        if let resolved {
            // The profile's guard rails: which calls ask first at the prompt (confirmation.lua).
            try state.run("require('adminsh.host.confirmation').configure{profile = select(1, ...), policy = select(2, ...), readOnly = select(3, ...)}",
                          name: "=confirmation", arguments: [.string(resolved.name), .string(resolved.confirm.rawValue),
                                                             .boolean(options.readOnly || resolved.configuration.readOnly != nil)])
            if plan == nil, let switchable = connection as? RehearsalSwitch {
                try RehearseBinding.install(in: state, connection: switchable, profile: resolved, options: options)
            }
        }
        state.setLimits(options.limits)
    }

    /// Everything a session's state gets, once and in this order (the REPL adds only its prompt):
    /// 1. `LuaState.init`: the standard libraries, `json`, `task`, `help`, LuaHost's host modules;
    /// 2. this target's host modules (`adminsh.host.test`, `adminsh.host.listen`);
    /// 3. the bindings: `contio`, `conto`, `each`/`all`, `secret`, `adminsh.operations`, `sandbox`
    ///    (embedded sandbox only), and the requirable `adminsh.files`, `adminsh.progress`,
    ///    `adminsh.duration`;
    /// 4. the shell's modules and `pp`, then the `--output` format of `shell.render`;
    /// 5. the webhook receiver and the bench probes;
    /// 6. Ctrl-C handling, last, for the thread that runs Lua.
    private static func install(in state: LuaState, connection: ConnectionProvider, sandbox: Bool, plan: PlanRecorder?,
                                options: HostOptions) throws {
        try HostModules.preload(in: state)
        // Plan mode journals nothing: nothing is sent.
        let journal = plan == nil ? Journal.forSession(label: connection.label, sandboxDB: sandbox ? options.db : nil) : nil
        try AdminBindings.install(in: state, connection: connection, sandbox: sandbox, plan: plan, journal: journal)
        try LibSession.current(libraryFolders: options.libraryFolders).install(in: state, hostEntries: 2 * options.searchPath.count, testSession: options.forceSandbox && !options.rehearsalClone)
        try PrettyPrinter.install(in: state, color: Terminal.colorEnabled() && options.output == .text)
        try options.installOutput(in: state)
        try ListenBinding.install(in: state)
        BenchFunctions.installIfRequested(in: state)
        SignalHandling.install(interrupt: state.interruptHandle)
    }

    /// `adminsh run` on a `confirm = "mutating"` profile: mutating calls are refused unless `allowed`.
    func refuseUnattendedMutations(unless allowed: Bool) throws {
        guard profile != nil else { return }
        try state.run("require('adminsh.host.confirmation').unattended(...)", name: "=confirmation", arguments: [.boolean(allowed)])
    }

    /// The banner's warning when the profile's Contio API key is one a rotation on this machine
    /// replaced (its grace period running or over); nil otherwise, and for a key a command has
    /// not yet supplied (the banner never runs a secrets manager).
    func credentialWarning() -> String? {
        guard let contio = profile?.configuration.contio, contio.deferredCredentials == nil,
              case .contio(let key, _) = contio.credentials else { return nil }
        return ReplacedKeys().warning(for: key)
    }

    /// Where calls go, for the banner.
    var destination: String {
        guard let sandbox else { return "profile \(connection.label)" }
        if sandbox.isStarted, let server = try? blockOn({ try await sandbox.server() }) {
            return "sandbox on 127.0.0.1:\(server.port) (state in \((server.dbPath as NSString).deletingLastPathComponent))"
        }
        return "sandbox (starts on first call)"
    }

    /// Starts the embedded sandbox now (the REPL does, so its banner can say where it listens).
    func startSandbox() throws {
        guard let sandbox else { return }
        _ = try blockOn { try await sandbox.server() }
    }

    func shutdown() {
        let connection = self.connection
        try? blockOn {
            await AdminBindings.shutdown(connection: connection)
            await connection.shutdown()
        }
    }
}

/// Runs async work from synchronous code and waits for it (never called on a Swift task thread).
func blockOn<T>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let semaphore = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: Result<T, Error>?
    Task.detached {
        do { result = .success(try await body()) } catch { result = .failure(error) }
        semaphore.signal()
    }
    semaphore.wait()
    return try result!.get()
}
