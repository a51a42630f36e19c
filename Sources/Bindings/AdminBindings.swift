import AdminClient
import AdminSurface
import CLua
import CLuaShim
import LuaHost

/// Builds the `contio` and `conto` Lua tables from the catalog. Each function validates its
/// arguments, then yields its coroutine while the request is in flight; the reply's JSON is
/// decoded straight onto the Lua stack, with secret fields wrapped as secret values.
public enum AdminBindings {
    /// Installs `contio`, `conto`, `each`, `all` and the secret type.
    /// - Parameter sandbox: also install the `sandbox` table (clocks, triggers) for the emulator.
    public static func install(in state: LuaState, connection: ConnectionProvider, operations: [AdminOperation] = Catalog.all,
                               sandbox: Bool = false, plan: PlanRecorder? = nil, journal: Journal? = nil) throws {
        try state.preloadModules(EmbeddedLua.modules)
        try SecretValue.installMetatable(in: state)
        try ErrorMetatable.install(in: state)
        FilesModule.install(in: state)
        ProgressModule.install(in: state)
        let callable = operations + (sandbox ? SandboxOperations.all : [])
        let byName = Dictionary(callable.map { ($0.qualifiedName, $0) }, uniquingKeysWith: { a, _ in a })
        let overrides = CredentialOverride()
        sessionOverrides[ObjectIdentifier(connection)] = overrides
        registerCredentialSwitch(in: state, overrides: overrides, connection: connection)
        let follower = CredentialFollower(overrides: overrides)
        follower.register(in: state)

        // `__adminsh.call(name, ...)` -> result; `__adminsh.callWithOutcome` (the journal's) -> result, status, request id.
        for withOutcome in [false, true] {
        state.registerAsync(withOutcome ? "__adminsh.callWithOutcome" : "__adminsh.call") { [unowned state] frame in
            let name = try frame.string(1)
            guard let op = byName[name] else { throw LuaError.message("unknown operation \(name)") }
            var use = true
            let request = try arguments(of: frame, for: op, state: state, use: &use)
            if let plan, op.mutating {
                // Recorded, not sent: a placeholder echoing the fields, with a planned id.
                let n = plan.record(op, path: request.pathValues, body: request.body) { (try? state.encodeJSON(SecretValue.redactingSecretFields($0))) ?? "" }
                var placeholder: [LuaValue: LuaValue] = ["id": .string("planned-\(n)"), "planned": true, "operation": .string(op.qualifiedName)]
                if case .table(let fields)? = request.body { for (k, v) in fields where placeholder[k] == nil { placeholder[k] = v } }
                let result = LuaValue.table(placeholder)
                return { .values([result]) }
            }
            let body: [UInt8]? = try request.body.map { Array(try state.encodeJSON($0).utf8) }
            let followRotation = use
            return {
                let base = try await connection.client()
                let client = overrides.client(for: op.platform, base: base)
                let response = try await client.perform(op, pathArguments: request.pathValues, query: request.query, body: body,
                                                        agentKey: request.agentKey)
                await follower.followed(op, pathValues: request.pathValues, options: request.body, body: response.body, use: followRotation, base: base)
                return .push({ state, L in
                    guard withOutcome else {
                        guard !response.body.isEmpty else { return 0 }
                        try response.body.withUnsafeBufferPointer { try state.pushJSON($0, onto: L) }
                        return 1
                    }
                    if response.body.isEmpty { state.push(.nil, onto: L) } else {
                        try response.body.withUnsafeBufferPointer { try state.pushJSON($0, onto: L) }
                    }
                    state.push(.integer(Int64(response.status)), onto: L)
                    state.push(response.requestID.map { .string($0) } ?? .nil, onto: L)
                    return 3
                })
            }
        }
        }
        if let journal { JournalModule.install(in: state, journal: journal, connection: connection, byName: byName) }
        // Before any module takes them: the functions that send and journal check a library's
        // capabilities themselves (adminsh.host.capabilities), whoever calls them.
        try state.run("require('adminsh.host.capabilities').guardEntryPoints(__adminsh)", name: "=capabilities")

        // Help texts are rendered when first asked for (`help(fn)`), not for all operations at start-up.
        state.register("__adminsh.helpText") { frame in
            let name = try frame.string(1)
            guard let op = byName[name] else { throw LuaError.message("unknown operation \(name)") }
            frame.push(.string(HelpText.forOperation(op)))
            return 1
        }

        // One Lua function per operation, from the catalog.
        var entries: [LuaValue] = []
        for op in operations {
            var fields: [LuaValue: LuaValue] = [
                "platform": .string(op.platform.rawValue), "name": .string(op.luaName),
                "qualified": .string(op.qualifiedName),
                "mutating": .boolean(op.mutating), "method": .string(op.method.rawValue), "path": .string(op.path),
                "summary": .string(op.summary), "group": .string(op.group),
                "pathParameters": .array(op.pathParameters.map { .string($0) }),
                "parameters": .array(op.parameters.map { p in
                    var t: [LuaValue: LuaValue] = ["name": .string(p.name), "type": .string(p.type.description),
                                                   "required": .boolean(p.required), "in": .string(p.location.rawValue)]
                    if let d = p.defaultValue { t["default"] = .string(d) }
                    return .table(t)
                }),
            ]
            if let scope = op.scope { fields["scope"] = .string(scope) }
            if !op.pathValues.isEmpty {
                // The values a path parameter accepts (aliases are accepted too, not listed).
                fields["pathValues"] = .table(Dictionary(uniqueKeysWithValues: op.pathValues.map {
                    (LuaValue.string($0.key), LuaValue.array($0.value.allowed.map { .string($0) }))
                }))
            }
            fields["destructive"] = .boolean(op.destructive)
            fields["secretFields"] = .array(op.secretFields.map { .string($0) })
            if let inverse = op.inverse { fields["inverse"] = InverseData.luaValue(inverse) }
            if let list = op.list {
                switch list {
                case .envelope(let key): fields["items"] = .string(key)
                case .paginationEnvelope(let key): fields["items"] = .string(key); fields["pagination"] = true
                case .bareArray: fields["bare"] = true
                }
            }
            entries.append(.table(fields))
        }
        var namespaces: [LuaValue: LuaValue] = [:]
        for platform in Platform.allCases {
            let ops = operations.filter { $0.platform == platform }
            namespaces[.string(platform.rawValue)] = .string(HelpText.forNamespace(platform.rawValue, operations: ops))
            // Every table on the way to a function gets help: conto.agents, conto.sdk, conto.sdk.payments.
            for group in Set(ops.flatMap { op -> [String] in
                let parents = Array(op.luaName.split(separator: ".").dropLast())
                return parents.indices.map { parents[...$0].joined(separator: ".") }
            }) {
                let inGroup = ops.filter { $0.luaName.hasPrefix(group + ".") }
                namespaces[.string("\(platform.rawValue).\(group)")] = .string(HelpText.forNamespace("\(platform.rawValue).\(group)", operations: inGroup))
            }
        }
        try BindingsLua.install(in: state, entries: entries, namespaces: namespaces)
        if sandbox { try SandboxOperations.installTable(in: state) }
        try state.run("adminsh = adminsh or {}; adminsh.planning = ...", name: "=plan", arguments: [.boolean(plan != nil)])
    }

    /// Closes the extra clients made by `useCredentials` for sessions on `connection`.
    public static func shutdown(connection: ConnectionProvider) async {
        await sessionOverrides.removeValue(forKey: ObjectIdentifier(connection))?.shutdown()
    }

    nonisolated(unsafe) static var sessionOverrides: [ObjectIdentifier: CredentialOverride] = [:]

    /// `contio.useCredentials{api_key=, client_id=?}` / `conto.useCredentials{org_key=}`: send later
    /// calls with other credentials (secret values accepted); `useCredentials(nil)` goes back.
    static func registerCredentialSwitch(in state: LuaState, overrides: CredentialOverride, connection: ConnectionProvider) {
        for platform in Platform.allCases {
            let name = "\(platform.rawValue).useCredentials"
            state.registerAsync(name) { [unowned state] frame in
                guard frame.isTable(1) else {
                    guard frame.isNil(1) else { throw frame.badType(1, expected: "table or nil") }
                    overrides.set(nil, for: platform)
                    return { .values([]) }
                }
                let fields = try resolveSecrets(frame, at: 1, state: state)
                return {
                    let base = try await connection.client()
                    let credentials: Credentials
                    switch platform {
                    case .contio:
                        guard let key = fields["api_key"].stringValue else {
                            throw LuaError.message("\(name): api_key is required")
                        }
                        var clientID = fields["client_id"].stringValue
                        if clientID == nil, case .contio(_, let current)? = try await base.configuration.contio?.currentCredentials() {
                            clientID = current
                        }
                        credentials = .contio(apiKey: key, clientID: clientID ?? "")
                    case .conto:
                        guard let key = fields["org_key"].stringValue else { throw LuaError.message("\(name): org_key is required") }
                        credentials = .conto(orgKey: key)
                    }
                    overrides.set(credentials, for: platform)
                    return .values([])
                }
            }
        }
        state.setHelp("contio.useCredentials", "contio.useCredentials{api_key = key [, client_id = id]}\n  Send later Contio calls with these credentials (e.g. a rotated key); contio.useCredentials(nil) goes back.")
        state.setHelp("conto.useCredentials", "conto.useCredentials{org_key = key}\n  Send later Conto calls with this org key; conto.useCredentials(nil) goes back.")
    }

    /// Splits a call's Lua arguments into positional path values and the options table, checked.
    /// `use` receives a rotation's `use = false` (taken out: it is not an API field).
    static func arguments(of frame: LuaCallFrame, for op: AdminOperation, state: LuaState, use: inout Bool) throws -> ArgumentValidator.Request {
        var positional: [LuaValue] = []
        var options: LuaValue = .nil
        let count = frame.argumentCount
        var i = 2
        while i <= count {
            if frame.isTable(i) && i == count {
                options = try resolveSecrets(frame, at: i, state: state)
                if CredentialFollower.takesUse(op) { use = try CredentialFollower.takeUse(from: &options) }
            } else if let text = state.secretText(at: Int32(i), of: frame.L) {
                positional.append(.string(text))
            } else {
                positional.append(try frame.argument(i))
            }
            i += 1
        }
        return try ArgumentValidator(operation: op).validate(positional: positional, options: options)
    }

    /// Copies the options table, replacing secret values by their text (they are sent, not printed).
    static func resolveSecrets(_ frame: LuaCallFrame, at index: Int, state: LuaState) throws -> LuaValue {
        func walk(_ value: LuaValue) -> LuaValue {
            switch value {
            case .userdata(let ref):
                state.push(value, onto: frame.L)
                defer { adminsh_pop(frame.L, 1) }
                if let text = state.secretText(at: -1, of: frame.L) { return .string(text) }
                return .userdata(ref)
            case .table(let t):
                var out: [LuaValue: LuaValue] = [:]
                for (k, v) in t { out[k] = walk(v) }
                return .table(out)
            case .array(let a): return .array(a.map(walk))
            default: return value
            }
        }
        return walk(try frame.argument(index))
    }
}
