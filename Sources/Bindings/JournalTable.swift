import Foundation

/// The journal as `adminsh log` and `journal{}` print it: one row per change, newest last.
public enum JournalTable {
    public static func render(_ entries: [[String: Any]], profile: String) -> String {
        guard !entries.isEmpty else { return "journal \(profile): no changes" }
        var rows: [[String]] = [["TIME", "ID", "OPERATION", "TARGET", "OUTCOME", "UNDO"]]
        for e in entries {
            let time = (e["time"] as? String).map { String($0.prefix(19)).replacingOccurrences(of: "T", with: " ") } ?? "-"
            let path = (e["path"] as? [Any])?.map { "\($0)" }.joined(separator: ",") ?? ""
            let outcome = e["outcome"] as? [String: Any]
            let target = (outcome?["resource_id"] as? String) ?? (path.isEmpty ? "-" : path)
            rows.append([time, e["id"] as? String ?? "-", (e["operation"] as? String ?? "-") + (e["undo_of"] != nil ? " (undo)" : ""),
                         target, outcomeText(e), undoText(e)])
        }
        let widths = rows[0].indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func outcomeText(_ e: [String: Any]) -> String {
        guard let outcome = e["outcome"] as? [String: Any] else { return "outcome unknown" }
        var text = outcome["status"].map { "\($0)" } ?? "-"
        if let code = outcome["code"] as? String { text += " " + code }
        return text
    }

    static func undoText(_ e: [String: Any]) -> String {
        if let undone = e["undone_by"] as? String { return "undone by \(undone)" }
        if let inverse = e["inverse"] as? [String: Any], let op = inverse["operation"] as? String { return op }
        if e["outcome"] == nil { return "-" }
        return (e["no_inverse"] as? String).map { "none: " + String($0.prefix(60)) } ?? "-"
    }
}
