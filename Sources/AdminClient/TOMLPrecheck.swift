/// Checks the syntax of a TOML file before the text reaches the TOML parser: on some malformed
/// input (`[,]`, `[é]`, `a = [[}`) that parser's internal assertions abort the whole process
/// instead of reporting an error. This reads TOML 1.0 (without dates, which no adminsh setting
/// takes) and refuses anything else with the line and column, so the parser only ever sees
/// well-formed text.
public struct TOMLPrecheck {
    private let bytes: [UInt8]
    private let path: String
    private var i = 0

    /// Throws a `ProfileError` naming `path`, the line and the column of the first fault.
    public static func check(_ bytes: [UInt8], path: String) throws {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw ProfileError("\(path): not UTF-8 text (TOML files must be UTF-8)")
        }
        var checker = TOMLPrecheck(bytes: bytes, path: path)
        try checker.document()
    }

    private init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    // MARK: reading

    private var current: UInt8? { i < bytes.count ? bytes[i] : nil }
    private func peek(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }
    private func at(_ text: String) -> Bool { bytes[i...].starts(with: text.utf8) }
    private static func ascii(_ c: Character) -> UInt8 { c.asciiValue! }

    private func fail(_ what: String) -> ProfileError {
        var line = 1, column = 1
        for b in bytes[..<min(i, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return ProfileError("\(path):\(line):\(column): \(what)")
    }

    private mutating func expect(_ c: Character, _ what: String) throws {
        guard current == Self.ascii(c) else { throw fail(what) }
        i += 1
    }

    private mutating func spaces() { while current == 0x20 || current == 0x09 { i += 1 } }

    /// Spaces, then an optional comment, then a newline or the end.
    private mutating func endOfLine() throws {
        spaces()
        if current == Self.ascii("#") { try comment() }
        if current == 0x0D, peek(1) == 0x0A { i += 1 }
        guard current == nil || current == 0x0A else { throw fail("expected the end of the line") }
        if current == 0x0A { i += 1 }
    }

    private mutating func comment() throws {
        while let b = current, b != 0x0A {
            if b == 0x0D, peek(1) == 0x0A { return }
            guard b == 0x09 || b >= 0x20, b != 0x7F else { throw fail("a control character in a comment") }
            i += 1
        }
    }

    /// Whitespace, comments and newlines (inside arrays).
    private mutating func blank() throws {
        while true {
            spaces()
            if current == Self.ascii("#") { try comment() }
            if current == 0x0D, peek(1) == 0x0A { i += 2; continue }
            if current == 0x0A { i += 1; continue }
            return
        }
    }

    // MARK: structure

    private mutating func document() throws {
        while current != nil {
            spaces()
            switch current {
            case 0x0A?, 0x0D?, Self.ascii("#")?: try endOfLine()
            case Self.ascii("[")?: try header()
            default: try keyValue(); try endOfLine()
            }
        }
    }

    private mutating func header() throws {
        i += 1
        let arrayOfTables = current == Self.ascii("[")
        if arrayOfTables { i += 1 }
        spaces()
        try key()
        spaces()
        try expect("]", "a table header ends with ]")
        if arrayOfTables { try expect("]", "an array-of-tables header ends with ]]") }
        try endOfLine()
    }

    private static func isBare(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F || b == 0x2D
    }

    /// `a`, `"a b"`, `'a'`, dotted: `a.b."c"`.
    private mutating func key() throws {
        while true {
            if let b = current, Self.isBare(b) {
                while let b = current, Self.isBare(b) { i += 1 }
            } else if current == Self.ascii("\"") {
                try basicString()
            } else if current == Self.ascii("'") {
                try literalString()
            } else {
                throw fail("a name is A-Z a-z 0-9 _ - or quoted")
            }
            spaces()
            guard current == Self.ascii(".") else { return }
            i += 1
            spaces()
        }
    }

    private mutating func keyValue() throws {
        try key()
        spaces()
        try expect("=", "expected = after a setting's name")
        spaces()
        try value(depth: 0)
    }

    private mutating func value(depth: Int) throws {
        guard depth < 64 else { throw fail("values nested too deeply") }
        switch current {
        case Self.ascii("\"")?: if at("\"\"\"") { try multilineBasicString() } else { try basicString() }
        case Self.ascii("'")?: if at("'''") { try multilineLiteralString() } else { try literalString() }
        case Self.ascii("[")?: try array(depth: depth)
        case Self.ascii("{")?: try inlineTable(depth: depth)
        case Self.ascii("t")?: guard at("true") else { throw fail("expected a value") }; i += 4
        case Self.ascii("f")?: guard at("false") else { throw fail("expected a value") }; i += 5
        default: try number()
        }
    }

    private mutating func array(depth: Int) throws {
        i += 1
        try blank()
        while current != Self.ascii("]") {
            try value(depth: depth + 1)
            try blank()
            guard current == Self.ascii(",") else { break }
            i += 1
            try blank()
        }
        try expect("]", "an array ends with ]")
    }

    private mutating func inlineTable(depth: Int) throws {
        i += 1
        spaces()
        if current == Self.ascii("}") { i += 1; return }
        while true {
            try key()
            spaces()
            try expect("=", "expected = after a name in an inline table")
            spaces()
            try value(depth: depth + 1)
            spaces()
            guard current == Self.ascii(",") else { break }
            i += 1
            spaces()
        }
        try expect("}", "an inline table ends with } on the same line")
    }

    // MARK: scalars

    private mutating func basicString() throws {
        i += 1
        while true {
            guard let b = current, b != 0x0A else { throw fail("a quoted string ends on its line with \"") }
            i += 1
            if b == Self.ascii("\"") { return }
            if b == Self.ascii("\\") { try escape() } else { try textByte(b) }
        }
    }

    private mutating func literalString() throws {
        i += 1
        while true {
            guard let b = current, b != 0x0A else { throw fail("a quoted string ends on its line with '") }
            i += 1
            if b == Self.ascii("'") { return }
            try textByte(b)
        }
    }

    private mutating func multilineBasicString() throws {
        i += 3
        while true {
            guard let b = current else { throw fail("a \"\"\" string never ends") }
            if at("\"\"\"") {
                i += 3
                while current == Self.ascii("\""), i - 3 >= 0 { i += 1 }   // up to two more quotes belong to the text
                return
            }
            i += 1
            if b == Self.ascii("\\") {
                // A line-ending backslash trims the newline and the blank that follow.
                var j = i
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j < bytes.count, bytes[j] == 0x0A || bytes[j] == 0x0D { i = j; continue }
                try escape()
            } else if b != 0x0A, b != 0x0D {
                try textByte(b)
            }
        }
    }

    private mutating func multilineLiteralString() throws {
        i += 3
        while true {
            guard let b = current else { throw fail("a ''' string never ends") }
            if at("'''") {
                i += 3
                while current == Self.ascii("'") { i += 1 }
                return
            }
            i += 1
            if b != 0x0A, b != 0x0D { try textByte(b) }
        }
    }

    private func textByte(_ b: UInt8) throws {
        guard b == 0x09 || b >= 0x20, b != 0x7F else { throw fail("a control character in a string (write it as an escape)") }
    }

    private mutating func escape() throws {
        guard let e = current else { throw fail("a string ends inside an escape") }
        i += 1
        switch e {
        case Self.ascii("b"), Self.ascii("t"), Self.ascii("n"), Self.ascii("f"), Self.ascii("r"), Self.ascii("\""), Self.ascii("\\"):
            return
        case Self.ascii("u"), Self.ascii("U"):
            let count = e == Self.ascii("u") ? 4 : 8
            var scalar: UInt32 = 0
            for _ in 0..<count {
                guard let h = current, let digit = Self.hexValue(h) else { throw fail("\\u needs \(count) hex digits") }
                scalar = scalar * 16 + digit
                i += 1
            }
            guard Unicode.Scalar(scalar) != nil else { throw fail("\\u names no Unicode scalar") }
        default:
            throw fail("unknown escape in a string")
        }
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        default: return nil
        }
    }

    /// Integers (decimal with `_` between digits, `0x`, `0o`, `0b`), floats, `inf`, `nan`.
    private mutating func number() throws {
        let start = i
        if current == Self.ascii("+") || current == Self.ascii("-") { i += 1 }
        if at("inf") || at("nan") { i += 3; return }
        if i == start, current == Self.ascii("0"), let p = peek(1), [Self.ascii("x"), Self.ascii("o"), Self.ascii("b")].contains(p) {
            i += 2
            let valid: (UInt8) -> Bool
            switch p {
            case Self.ascii("x"): valid = { Self.hexValue($0) != nil }
            case Self.ascii("o"): valid = { (0x30...0x37).contains($0) }
            default: valid = { $0 == 0x30 || $0 == 0x31 }
            }
            try digits(valid)
            return
        }
        let isDigit: (UInt8) -> Bool = { (0x30...0x39).contains($0) }
        guard let first = current, isDigit(first) else { throw fail("expected a value (a quoted string, a number, true, false, [...] or {...})") }
        if first == 0x30, let next = peek(1), isDigit(next) { throw fail("a number has no leading zero") }
        try digits(isDigit)
        if current == Self.ascii(".") {
            i += 1
            try digits(isDigit)
        }
        if current == Self.ascii("e") || current == Self.ascii("E") {
            i += 1
            if current == Self.ascii("+") || current == Self.ascii("-") { i += 1 }
            try digits(isDigit)
        }
        if let b = current, b == Self.ascii("-") || b == Self.ascii(":") || b == Self.ascii("T") {
            throw fail("dates and times are not settings adminsh takes")
        }
    }

    /// One or more digits, single underscores only between them.
    private mutating func digits(_ valid: (UInt8) -> Bool) throws {
        guard let b = current, valid(b) else { throw fail("expected a digit") }
        while let b = current {
            if valid(b) { i += 1; continue }
            if b == Self.ascii("_"), let n = peek(1), valid(n) { i += 2; continue }
            break
        }
    }
}
