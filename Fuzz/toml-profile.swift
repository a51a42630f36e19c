// fuzz-sources: Sources/AdminClient/TOMLPrecheck.swift Sources/AdminClient/ConfigFile.swift Sources/AdminClient/ProfileSpec.swift Sources/AdminClient/ProfileError.swift Sources/AdminClient/KeyFile.swift Sources/AdminClient/ClientConfiguration.swift Sources/AdminClient/Endpoint.swift Sources/AdminClient/Credentials.swift Sources/AdminClient/RetryPolicy.swift Sources/AdminClient/ProfileResolver.swift Sources/AdminClient/ResolvedConnection.swift Sources/AdminClient/KeyCommand.swift Sources/AdminClient/KeyOrigin.swift Sources/AdminClient/KeyFile+Rotation.swift Sources/AdminClient/PrivateFile.swift Sources/AdminClient/ISO8601+Flexible.swift
// fuzz-modules: cxx:TOMLKit/CTOML TOMLKit/TOMLKit local:AdminSurface
// fuzz-options: -detect_leaks=0 -rss_limit_mb=8192   # TOMLKit 0.6 leaks each table and value string it reads (strdup): harmless for one config a process, but it adds up over a fuzz run
// The profile loader: any config.toml gives profiles or a ProfileError naming the file, never
// a trap, and a refused file never has its values quoted (a pasted key must not reach a message).
import Foundation
import TOMLKit

/// Every string value in `table`, nested tables and arrays included.
private func strings(in table: TOMLTable) -> [String] {
    func walk(_ value: TOMLValueConvertible) -> [String] {
        if let text = value.string { return [text] }
        if let t = value.table { return t.keys.flatMap { t[$0].map(walk) ?? [] } }
        if let a = value.array { return a.flatMap(walk) }
        return []
    }
    return table.keys.flatMap { table[$0].map(walk) ?? [] }
}

/// Every key name in `table` (a name may be quoted in a refusal, even when a value equals it).
private func keys(in table: TOMLTable) -> [String] {
    table.keys + table.keys.flatMap { key -> [String] in table[key]?.table.map(keys(in:)) ?? [] }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // What ConfigFile.load does: the precheck, then the TOML parser.
    guard (try? TOMLPrecheck.check(bytes, path: "/cfg/config.toml")) != nil else { return 0 }
    let text = String(decoding: bytes, as: UTF8.self)
    guard let table = try? TOMLTable(string: text) else { return 0 }
    let environment = ["HOME": "/nonexistent", "XDG_CONFIG_HOME": "/nonexistent", "K": "conto_org_fuzz"]
    do {
        let file = try ConfigFile.parse(table, path: "/cfg/config.toml")
        for name in file.profiles.keys.sorted().prefix(4) {
            _ = try? file.profiles[name]?.configuration(environment: environment)
        }
    } catch let error as ProfileError {
        // A setting may be named; a value (where a pasted key would be) never appears.
        // (Key-like values: long enough, with a digit, so the message's own words never match.)
        let names = Set(keys(in: table))
        for value in strings(in: table) where value.count >= 12 && value.contains(where: \.isNumber) && !names.contains(value) {
            precondition(!error.message.contains(value), "a refusal quotes a value: \(error.message)")
        }
    } catch {
        preconditionFailure("unexpected error \(error)")
    }
    return 0
}
