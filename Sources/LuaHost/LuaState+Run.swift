import CLua
import CLuaShim

extension LuaState {
    /// Compiles `source` as a chunk named `name` and leaves the function on the stack.
    func load(_ source: String, name: String) throws {
        var source = source
        let status = source.withUTF8 { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buf.count, 1)) {
                adminsh_load(L, $0, buf.count, name, "t")
            }
        }
        guard status == LUA_OK else {
            let message = popErrorMessage()
            if status == LUA_ERRMEM { throw LuaError.memory(message: message) }
            throw LuaError.syntax(message: message)
        }
    }

    /// Checks whether `source` compiles; returns nil if it does, else the syntax error message.
    public func syntaxError(in source: String, name: String = "=stdin") -> String? {
        do {
            try load(source, name: name)
            adminsh_pop(L, 1)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// Runs `source` as a chunk in a host-driven coroutine and returns its results.
    /// - Parameters:
    ///   - name: chunk name for messages (`=stdin`, `@file.lua`).
    ///   - arguments: values passed to the chunk (`...`).
    @discardableResult
    public func run(_ source: String, name: String = "=chunk", arguments: [LuaValue] = []) throws -> [LuaValue] {
        try load(source, name: name)
        for a in arguments { push(a) }
        return try scheduler.run(nargs: Int32(arguments.count))
    }

    /// Runs a Lua file like `lua FILE ARGS`: `arg` is set, `...` receives the arguments.
    @discardableResult
    public func runFile(_ path: String, arguments: [String] = []) throws -> [LuaValue] {
        guard let source = readFile(path) else { throw LuaError.message("cannot open \(path)") }
        var argTable: [LuaValue: LuaValue] = [.integer(0): .string(path)]
        for (i, a) in arguments.enumerated() { argTable[.integer(Int64(i + 1))] = .string(a) }
        setGlobal("arg", .table(argTable))
        // Skip a leading shebang line like lua.c does.
        let body = source.hasPrefix("#") ? "--" + source : source
        return try run(body, name: "@" + path, arguments: arguments.map { .string($0) })
    }

    /// Calls a Lua function value with arguments inside a host-driven coroutine.
    @discardableResult
    public func call(_ function: LuaValue, _ arguments: [LuaValue] = []) throws -> [LuaValue] {
        push(function)
        for a in arguments { push(a) }
        return try scheduler.run(nargs: Int32(arguments.count))
    }
}

/// Reads a whole file as UTF-8 text (nil if it cannot be read).
func readFile(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
        if n < buffer.count { break }
    }
    return String(decoding: bytes, as: UTF8.self)
}
