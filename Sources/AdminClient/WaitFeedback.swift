import Foundation
import NIOConcurrencyHelpers

/// What a person waiting on calls is told, on stderr: a retry that takes a while (one updating
/// line on a terminal, plain lines otherwise), pacing under a rate limit (said once), and, on a
/// terminal, a spinner naming a single call that has run for more than two seconds. The status
/// line is cleared when its call ends, so results and errors print on a clean line. Nothing here
/// reaches stdout, so `--output json` stays pure.
public final class WaitFeedback: Sendable {
    public enum Mode: Sendable, Equatable {
        /// stderr is a terminal: one status line rewritten in place, and the spinner.
        case terminal
        /// Plain lines (a log file, a pipe, CI).
        case lines
        /// Nothing at all.
        case silent
    }

    /// A call is announced with a spinner once it has run this long (seconds).
    public static let spinnerAfter = 2.0
    /// A retry is shown when its wait, or the call so far, takes at least this long (seconds):
    /// a quick retry that succeeds is noise.
    public static let retryShownAfter = 1.0

    private struct Call {
        var name: String
        var started: Date
        var retry: String?
        var spinner: Task<Void, Never>?
    }

    private struct State {
        var calls: [Int: Call] = [:]
        var nextTicket = 0
        /// The call whose text is on the terminal's status line, if any.
        var lineOwner: Int?
        var quiet = false
    }

    public let mode: Mode
    private let write: @Sendable (String) -> Void
    private let state = NIOLockedValueBox(State())

    /// - Parameter write: receives every piece of text, in order (stderr for the process's own).
    public init(mode: Mode, write: @escaping @Sendable (String) -> Void) {
        self.mode = mode
        self.write = write
    }

    /// The process's feedback on stderr: terminal mode when stderr is a terminal.
    public static let standardError = WaitFeedback(mode: isatty(2) != 0 ? .terminal : .lines) { text in
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `--quiet`: no spinner; retries and pacing are still said (they explain a slow run).
    public var quiet: Bool {
        get { state.withLockedValue { $0.quiet } }
        set { state.withLockedValue { $0.quiet = newValue } }
    }

    /// Counts a call in; pass the ticket to `ended`.
    public func began(_ name: String) -> Int {
        state.withLockedValue { s in
            s.nextTicket += 1
            let ticket = s.nextTicket
            var call = Call(name: name, started: Date())
            if mode == .terminal && !s.quiet { call.spinner = spin(ticket) }
            s.calls[ticket] = call
            return ticket
        }
    }

    /// Counts a call out and clears the status line if it was showing this call.
    public func ended(_ ticket: Int) {
        state.withLockedValue { s in
            s.calls.removeValue(forKey: ticket)?.spinner?.cancel()
            if s.lineOwner == ticket {
                write("\r\u{1B}[K")
                s.lineOwner = nil
            }
        }
    }

    /// How long the call has been running, in seconds.
    public func elapsed(_ ticket: Int) -> Double {
        state.withLockedValue { s in s.calls[ticket].map { Date().timeIntervalSince($0.started) } ?? 0 }
    }

    /// `conto.agents.list: connection refused, retry 2/4 in 2s`.
    public static func retryText(operation: String, reason: String, attempt: Int, of attempts: Int, delay: Double) -> String {
        "\(operation): \(reason), retry \(attempt)/\(attempts) in \(seconds(delay))"
    }

    /// Says that `ticket`'s call will be retried after `delay` seconds.
    public func retrying(_ ticket: Int, reason: String, attempt: Int, of attempts: Int, delay: Double) {
        guard mode != .silent else { return }
        state.withLockedValue { s in
            guard let name = s.calls[ticket]?.name else { return }
            let text = Self.retryText(operation: name, reason: reason, attempt: attempt, of: attempts, delay: delay)
            s.calls[ticket]?.retry = text
            if mode == .terminal {
                write("\r" + text + "\u{1B}[K")
                s.lineOwner = ticket
            } else {
                write(text + "\n")
            }
        }
    }

    /// A line said once, whatever is on the status line (`conto: rate limited, pacing to 100 calls/min`).
    public func note(_ text: String) {
        guard mode != .silent else { return }
        state.withLockedValue { s in
            if mode == .terminal, s.lineOwner != nil {
                write("\r\u{1B}[K")
                s.lineOwner = nil
            }
            write(text + "\n")
        }
    }

    /// The spinner of one call: after `spinnerAfter`, redrawn ten times a second while it is the
    /// only call in flight (bulk work has its own progress bar).
    private func spin(_ ticket: Int) -> Task<Void, Never> {
        Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(Self.spinnerAfter * 1e9))
            let frames = Array("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
            var frame = 0
            while !Task.isCancelled, let self {
                self.drawSpinner(ticket, frames[frame % frames.count])
                frame += 1
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
        }
    }

    private func drawSpinner(_ ticket: Int, _ glyph: Character) {
        state.withLockedValue { s in
            guard let call = s.calls[ticket], s.calls.count == 1, !s.quiet else { return }
            let running = Int(Date().timeIntervalSince(call.started))
            write("\r\(glyph) \(call.retry ?? call.name) · \(running)s\u{1B}[K")
            s.lineOwner = ticket
        }
    }

    /// "2s", "0.5s".
    static func seconds(_ value: Double) -> String {
        value >= 1 || value == 0 ? "\(Int(value.rounded()))s" : String(format: "%.1fs", value)
    }
}
