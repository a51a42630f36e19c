import AdminClient
import Foundation
import TOMLKit

/// Reading and writing the small TOML files of libraries (`adminsh-lib.toml`, `adminsh.toml`,
/// `adminsh.lock`). Text is syntax-checked before the parser sees it: the parser aborts the
/// process on some malformed input.
enum TOMLDocument {
    static func read(_ path: String) throws -> TOMLTable {
        guard let data = FileManager.default.contents(atPath: path) else { throw LibraryError("cannot read \(path)") }
        return try parse(Array(data), path: path)
    }

    static func parse(_ bytes: [UInt8], path: String) throws -> TOMLTable {
        do { try TOMLPrecheck.check(bytes, path: path) } catch { throw LibraryError("\(error)") }
        do {
            return try TOMLTable(string: String(decoding: bytes, as: UTF8.self))
        } catch let error as TOMLParseError {
            throw LibraryError("\(path):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        } catch {
            throw LibraryError("\(path): not valid TOML")
        }
    }

    /// A TOML basic string for `text`.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f { out += String(format: "\\u%04X", scalar.value) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func quoteList(_ items: [String]) -> String {
        "[" + items.map(quote).joined(separator: ", ") + "]"
    }

    /// A key as TOML writes it: bare when it can be.
    static func key(_ k: String) -> String {
        !k.isEmpty && k.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) ? k : quote(k)
    }

    static func strings(_ value: TOMLValueConvertible?, field: String, in path: String) throws -> [String]? {
        guard let value else { return nil }
        guard let array = value.array else { throw LibraryError("\(path): \(field) must be a list of strings") }
        return try array.map { item in
            guard let s = item.string else { throw LibraryError("\(path): \(field) must be a list of strings") }
            return s
        }
    }

    static func string(_ value: TOMLValueConvertible?, field: String, in path: String) throws -> String? {
        guard let value else { return nil }
        guard let s = value.string else { throw LibraryError("\(path): \(field) must be a string") }
        return s
    }

    /// Writes `text` through a temporary file and a rename, so a reader never sees half a file.
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw LibraryError("cannot write \(path)")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw LibraryError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
