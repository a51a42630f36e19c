import CEditline
import Glibc

/// Reads one line of input with a prompt.
protocol LineReader: AnyObject {
    /// The line without its newline; `nil` at end of input. `.interrupted` when Ctrl-C cleared it.
    func readLine(prompt: String) -> LineInput
    func addHistory(_ line: String)
}

enum LineInput: Equatable {
    case line(String)
    case interrupted
    case end
}

/// Line editing on a terminal through libedit (readline-compatible API).
final class EditlineReader: LineReader {
    init(completer: Completer) {
        Completer.current = completer
        // libedit edits wide characters by the C library's locale: without a UTF-8 LC_CTYPE it
        // drops or garbles anything beyond ASCII. Use the environment's, else C.UTF-8 (terminals
        // speak UTF-8); only character classification changes, not number formatting.
        if setlocale(LC_CTYPE, "") == nil || __ctype_get_mb_cur_max() == 1 { setlocale(LC_CTYPE, "C.UTF-8") }
        rl_readline_name = UnsafePointer(strdup("adminsh"))
        // We handle SIGINT ourselves: libedit must not install its own handlers, and it reads
        // through PromptInput so a Ctrl-C is never lost between two reads.
        rl_catch_signals = 0
        rl_getc_function = PromptInput.getCharacter
        rl_attempted_completion_function = { text, start, end in
            Completer.current?.libeditMatches(text: text.map { String(cString: $0) } ?? "", start: Int(start), end: Int(end))
        }
        // Keep '.' and ':' inside words so `conto.agents.<TAB>` completes a dotted path.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{(,+-*/%^~#["))
        _ = rl_initialize()
    }

    func readLine(prompt: String) -> LineInput {
        SignalHandling.atPrompt = true
        SignalHandling.promptInterrupted = 0
        defer { SignalHandling.atPrompt = false }
        guard let raw = PromptInput.withInterruptsAtWaits({ readline(prompt) }) else {
            if SignalHandling.promptInterrupted != 0 {
                Terminal.write("\n")
                return .interrupted
            }
            return .end
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    func addHistory(_ line: String) { _ = add_history(line) }
}

/// Plain line reading for piped input: no editing, no prompt echo beyond what is asked.
final class PlainReader: LineReader {
    let showPrompt: Bool
    init(showPrompt: Bool) { self.showPrompt = showPrompt }

    func readLine(prompt: String) -> LineInput {
        if showPrompt { Terminal.write(prompt) }
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    func addHistory(_ line: String) {}
}
