/// Path comparison between the catalog and a spec.
enum PathTemplate {
    static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: false) }

    static func isPlaceholder(_ segment: Substring) -> Bool { segment.hasPrefix("{") && segment.hasSuffix("}") }

    /// Whether catalog `template` serves spec path `specPath`: literal segments are equal, placeholders
    /// have the same name, and a catalog placeholder may stand for a literal spec segment
    /// (`/credentials/{credentialType}/rollback` serves `/credentials/api-key/rollback`).
    static func serves(_ template: String, _ specPath: String) -> Bool {
        let a = segments(template), b = segments(specPath)
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { t, s in
            if isPlaceholder(t) { return isPlaceholder(s) ? t == s : true }
            return t == s
        }
    }
}
