import AdminClient
import AdminSurface
import Foundation
import LuaHost

/// The host half of the journal, used by `adminsh.journal` (the Lua wrapper of every mutating call):
///   __adminsh.journalBegin{operation=, path=, arguments=, previous=?, undo_of=?} -> id   (on disk before it returns)
///   __adminsh.journalEnd(id, {outcome=, inverse=?, no_inverse=?})
///   __adminsh.journalEntries([sinceSeconds]) -> entries, oldest first
///   __adminsh.journalTable([sinceSeconds]) -> text
enum JournalModule {
    static func install(in state: LuaState, journal: Journal, connection: ConnectionProvider, byName: [String: AdminOperation]) {
        state.registerAsync("__adminsh.journalBegin") { [unowned state] frame in
            let fields = try frame.argument(1)
            guard case .table(var entry) = fields, case .string(let name)? = entry["operation"], let op = byName[name] else {
                throw LuaError.message("journalBegin: expected {operation = <catalog name>, ...}")
            }
            let id = Journal.newID()
            entry["id"] = .string(id)
            entry["event"] = "begin"
            entry["time"] = .string(Journal.timestamp())
            entry["profile"] = .string(journal.profile)
            // Encoded here, on the Lua thread: the Lua state must not be touched from the task below.
            let line = try state.encodeJSON(Journal.storable(.table(entry)))
            return {
                let configuration = try await connection.client().configuration
                let endpoint = op.platform == .contio ? configuration.contio : configuration.conto
                try journal.append(Journal.adding(baseURL: endpoint?.baseURL ?? "-", to: line))
                return .values([.string(id)])
            }
        }
        state.register("__adminsh.journalEnd") { [unowned state] frame in
            let id = try frame.string(1)
            guard case .table(var entry) = try frame.argument(2) else { throw frame.badType(2, expected: "table") }
            entry["id"] = .string(id)
            entry["event"] = "end"
            entry["time"] = .string(Journal.timestamp())
            try journal.append(try state.encodeJSON(Journal.storable(.table(entry))))
            return 0
        }
        state.register("__adminsh.journalEntries") { [unowned state] frame in
            let entries = journal.entries(since: try since(frame))
            let data = try JSONSerialization.data(withJSONObject: entries)
            try [UInt8](data).withUnsafeBufferPointer { try state.pushJSON($0, onto: frame.L) }
            return 1
        }
        state.register("__adminsh.journalTable") { frame in
            frame.push(.string(JournalTable.render(journal.entries(since: try since(frame)), profile: journal.profile)))
            return 1
        }
    }

    private static func since(_ frame: LuaCallFrame) throws -> Date? {
        guard !frame.isNil(1) else { return nil }
        switch try frame.argument(1) {
        case .integer(let n): return Date(timeIntervalSinceNow: -Double(n))
        case .number(let n): return Date(timeIntervalSinceNow: -n)
        default: throw frame.badType(1, expected: "number of seconds")
        }
    }
}
