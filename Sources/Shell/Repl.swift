import Glibc
import LuaHost

/// The interactive loop: read a chunk (continuing unfinished ones), run it as a coroutine,
/// print its results, keep history. Works on a TTY (libedit) and on piped input.
public final class Repl {
    public struct Options {
        public var banner: String?
        public var historyPath: String? = History.defaultPath()
        public var color = Terminal.colorEnabled()
        /// A non-sandbox profile name: shown in the prompt (coloured), so nobody mistakes production
        /// for the sandbox.
        public var profile: String?
        /// The profile's `label` (shown instead of its name) and `color` (a `ProfilePrompt` name).
        public var profileLabel: String?
        public var profileColor: String?
        public init(banner: String? = nil, profile: String? = nil, profileLabel: String? = nil, profileColor: String? = nil) {
            self.banner = banner
            self.profile = profile
            self.profileLabel = profileLabel
            self.profileColor = profileColor
        }
    }

    let state: LuaState
    let options: Options
    let reader: LineReader
    let history: History?
    let interactive: Bool
    /// Whether any chunk failed (piped sessions exit 1 then, like a script).
    public private(set) var hadError = false

    /// A prompt on `state`, which the caller has set up (the session installs the pretty printer,
    /// the bindings and Ctrl-C handling, once); the prompt adds only what needs a person at a
    /// terminal: line editing, completion, history and `shell.confirm`.
    public init(state: LuaState, options: Options = Options()) throws {
        self.state = state
        self.options = options
        interactive = Terminal.stdinIsTTY
        if (try? state.global("pp")) == .nil { try PrettyPrinter.install(in: state, color: options.color) }
        let completer = Completer(state: state)
        history = options.historyPath.map(History.init(path:))
        if interactive {
            let editor = EditlineReader(completer: completer)
            for line in history?.load() ?? [] { editor.addHistory(line) }
            reader = editor
        } else {
            reader = PlainReader(showPrompt: false)
        }
        if interactive { registerConfirm() }
    }

    /// `require("adminsh.shell").confirm(question) -> boolean`: asks at the terminal before something that cannot
    /// be undone (`sandbox.reset()`); only "y" or "yes" agree, Ctrl-C and Ctrl-D decline. Defined
    /// only at an interactive prompt: scripts and piped input have nobody to ask.
    private func registerConfirm() {
        let reader = self.reader
        state.register("confirm", inModule: "adminsh.shell") { frame in
            let question = try frame.string(1)
            // libedit drops a newline inside a prompt ("test-clock\noffset" showed as one word):
            // the lines before the last are written first, the last is the prompt.
            var lines = question.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let last = lines.removeLast()
            if !lines.isEmpty { Terminal.write(lines.joined(separator: "\n") + "\n") }
            var agreed = false
            if case .line(let answer) = reader.readLine(prompt: last + " [y/N] ") {
                agreed = Terminal.agrees(answer)
            }
            frame.push(.boolean(agreed))
            return 1
        }
    }

    /// Runs until end of input (Ctrl-D). Returns the exit status.
    public func run() -> Int32 {
        if interactive, let banner = options.banner { Terminal.write(banner + "\n") }
        var buffer: [String] = []
        while true {
            let prompt = buffer.isEmpty ? promptText("_PROMPT", default: defaultPrompt) : promptText("_PROMPT2", default: "... ")
            switch reader.readLine(prompt: interactive ? prompt : "") {
            case .end:
                if interactive { Terminal.write("\n") }
                return hadError && !interactive ? 1 : 0
            case .interrupted:
                buffer.removeAll()
                continue
            case .line(let line):
                buffer.append(line)
            }
            let source = buffer.joined(separator: "\n")
            if source.trimmingSpaces.isEmpty { buffer.removeAll(); continue }
            if buffer.count == 1, let request = helpRequest(source) {
                buffer.removeAll()
                remember(source)
                execute(.statements(request))
                continue
            }
            guard let chunk = compile(source) else { continue } // unfinished: keep reading
            buffer.removeAll()
            remember(source)
            execute(chunk)
        }
    }

    enum Compiled { case expression(String), statements(String), syntaxError(String) }

    /// First as `return <line>` (so expressions print), then as statements. nil = unfinished.
    private func compile(_ source: String) -> Compiled? {
        if state.syntaxError(in: "return " + source + ";") == nil { return .expression("return " + source + ";") }
        guard let message = state.syntaxError(in: source, name: "=stdin") else { return .statements(source) }
        if message.hasSuffix("<eof>") { return nil }
        return .syntaxError(message)
    }

    /// `f?` as a whole line asks for `help(f)` (as IPython does); a lone `?` for `help()`.
    /// Only when the text before `?` is an expression: anything else is Lua's to reject.
    func helpRequest(_ line: String) -> String? {
        var text = line.trimmingSpaces
        guard text.hasSuffix("?") else { return nil }
        text.removeLast()
        let target = text.trimmingSpaces
        if target.isEmpty { return "help()" }
        guard state.syntaxError(in: "return (" + target + ");") == nil else { return nil }
        return "help(" + target + ")"
    }

    private func remember(_ source: String) {
        reader.addHistory(source)
        history?.append(source)
    }

    private func execute(_ chunk: Compiled) {
        let code: String
        switch chunk {
        case .syntaxError(let message):
            report(message: message)
            return
        case .expression(let c), .statements(let c): code = c
        }
        do {
            let printed = try state.run("return require('adminsh.shell').exec(...)", name: "=stdin", arguments: [.string(code)])
            if let text = printed.first?.stringValue, !text.isEmpty { Terminal.write(text + "\n") }
        } catch let error as LuaError {
            reportError(error)
        } catch {
            report(message: String(describing: error))
        }
    }

    private func reportError(_ error: LuaError) {
        hadError = true
        // `_ERR` keeps the whole error value for inspection.
        _ = try? state.run("_ERR, _TRACEBACK = ...", name: "=shell", arguments: [error.luaValue, tracebackValue(error)])
        let line = (try? state.run("return require('adminsh.host.errors').describe(_ERR)", name: "=shell").first?.stringValue) ?? nil
        report(message: line ?? error.description)
    }

    private func tracebackValue(_ error: LuaError) -> LuaValue {
        if case .runtime(_, _, let tb) = error { return .string(tb) }
        return .nil
    }

    private func report(message: String) {
        hadError = true
        let prefix = Terminal.colorEnabled(forStdout: false) ? "\u{1B}[31merror\u{1B}[0m " : "error "
        Terminal.write(prefix + message + "\n", to: 2)
    }

    private var defaultPrompt: String {
        guard let profile = options.profile else { return "adminsh> " }
        return ProfilePrompt.text(name: profile, label: options.profileLabel, color: options.profileColor, colored: options.color)
    }

    private func promptText(_ global: String, default fallback: String) -> String {
        (try? state.global(global))?.stringValue ?? fallback
    }
}
