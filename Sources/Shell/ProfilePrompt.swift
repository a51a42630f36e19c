/// The prompt on a profile: `adminsh[prod]> `, the profile's name (or its `label`) in the
/// profile's `color` when the terminal takes colour.
enum ProfilePrompt {
    /// The names a profile's `color` may take (validated by the profile loader) and their SGR codes.
    static let colorCodes: [String: String] = [
        "red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36", "white": "37",
    ]
    /// A profile that names no colour shows in yellow: never mistaken for the plain sandbox prompt.
    static let defaultColor = "yellow"

    static func text(name: String, label: String?, color: String?, colored: Bool) -> String {
        let shown = label ?? name
        guard colored else { return "adminsh[\(shown)]> " }
        let code = colorCodes[color ?? defaultColor] ?? colorCodes[defaultColor] ?? "33"
        return "adminsh[" + invisible("\u{1B}[\(code)m") + shown + invisible("\u{1B}[0m") + "]> "
    }

    /// Brackets a sequence that takes no room on screen (RL_PROMPT_START_IGNORE ... _END_IGNORE):
    /// libedit prints it as is and leaves it out of the prompt's width. Unmarked, libedit shows
    /// the ESC byte as nothing and the rest as text (`adminsh[[33mstaging[0m]>`).
    static func invisible(_ sequence: String) -> String { "\u{01}" + sequence + "\u{02}" }
}
