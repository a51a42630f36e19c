import Glibc

extension LuaState {
    /// Help texts for the modules the host itself provides, and the stdlib's module list for
    /// `help()` (`__adminsh.stdlibModules()`: read from the folder, nothing is loaded).
    func documentBuiltins() {
        setHelp("json", "json: encode and decode JSON (null is json.null, integers stay integers)")
        setHelp("json.encode", "json.encode(value [, {pretty=true}]) -> string\n  Sequences become arrays, other tables objects with sorted keys; cycles are refused.")
        setHelp("json.decode", "json.decode(text) -> value\n  Objects become tables, arrays sequences, null becomes json.null.")
        setHelp("json.array", "json.array([t]) -> t\n  Marks a table (even an empty one) to encode as a JSON array.")
        setHelp("task", "task: run functions concurrently on the host scheduler (API calls in flight at once)")
        setHelp("task.spawn", "task.spawn(fn, ...) -> id\n  Starts fn(...) as a task; it runs when the current task waits.")
        setHelp("task.wait", "task.wait(id) -> results...\n  Waits for a task and returns its results, or raises its error.")
        setHelp("task.sleep", "task.sleep(seconds)\n  Pauses this task without blocking the others.")
        register("__adminsh.stdlibModules") { frame in
            let modules = StdlibModules.list().map { LuaValue.table(["name": .string($0.name), "summary": .string($0.summary)]) }
            frame.push(.array(modules))
            return 1
        }
    }
}

/// The shipped stdlib's modules (`stdlib/adminsh/*.lua`) with the one-line summary each file
/// opens with (`-- adminsh.rotation: rotate Contio credentials safely ...`).
enum StdlibModules {
    struct Module: Equatable {
        var name: String
        var summary: String
    }

    static func list(directory: String? = LibraryPaths.stdlibDirectory()) -> [Module] {
        guard let directory, let dir = opendir(directory + "/adminsh") else { return [] }
        defer { closedir(dir) }
        var modules: [Module] = []
        while let entry = readdir(dir) {
            let file = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard file.hasSuffix(".lua"), !file.hasSuffix("_test.lua") else { continue }
            let name = String(file.dropLast(4))
            modules.append(Module(name: name, summary: summary(ofFile: directory + "/adminsh/" + file, module: "adminsh." + name)))
        }
        return modules.sorted { $0.name < $1.name }
    }

    /// The file's opening comment, without `--` and the module's own name, up to its first
    /// sentence end (a comment may wrap over lines), at most `width` characters.
    static func summary(ofFile path: String, module: String, width: Int = 90) -> String {
        guard let f = fopen(path, "r") else { return "" }
        defer { fclose(f) }
        var words: [String] = []
        var buffer = [CChar](repeating: 0, count: 512)
        for _ in 0..<4 {
            guard fgets(&buffer, Int32(buffer.count), f) != nil else { break }
            let line = trimmed(String(cString: buffer))
            guard line.hasPrefix("--") else { break }
            words.append(trimmed(String(line.drop { $0 == "-" })))
            if words.last?.hasSuffix(".") == true { break }
        }
        var text = words.joined(separator: " ")
        if text.hasPrefix(module + ":") { text = trimmed(String(text.dropFirst(module.count + 1))) }
        if let end = text.indices.first(where: { text[$0] == "." && text.index(after: $0) < text.endIndex && text[text.index(after: $0)] == " " }) {
            text = String(text[..<end])
        }
        if text.hasSuffix(".") { text.removeLast() }
        if text.count > width {
            text = String(text.prefix(width - 1))
            if let space = text.lastIndex(of: " ") { text = String(text[..<space]) }
            text += "…"
        }
        return text
    }

    private static func trimmed(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !" \t\r\n".unicodeScalars.contains($0) }),
              let last = scalars.lastIndex(where: { !" \t\r\n".unicodeScalars.contains($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
