//! The keymap: every key the app answers to, what it does, and the rules for
//! label hotkeys, in one place.
//!
//! [`command`] turns a key press into a [`Command`] (the keyboard handler runs
//! it); [`BINDINGS`] describes every key for people (the `?` overlay draws it,
//! and the README's key table is checked to be exactly it); [`hotkey_of`],
//! [`label_for_key`], [`reserved_for_status`] and [`is_app_key`] are the label
//! hotkey rules the label set, the label bar and the label manager follow.

use crate::editor::Edge;
use crate::status::Status;

/// What a key press asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Show or hide the list of keys.
    ToggleShortcuts,
    /// Select nothing.
    Deselect,
    /// Remove the selected span.
    RemoveSpan,
    /// Select the next span (`true`) or the previous one.
    SelectSpan {
        /// Forward.
        forward: bool,
    },
    /// Move the caret, or extend the selection.
    MoveCaret {
        /// To the right.
        right: bool,
        /// Extend the selection (Shift).
        extend: bool,
        /// By a character rather than a word (Alt).
        by_char: bool,
    },
    /// Move an edge of the selected span.
    Nudge {
        /// Which edge.
        edge: Edge,
        /// To the right.
        right: bool,
        /// By a character rather than a word (Alt).
        by_char: bool,
    },
    /// Apply this label (a hotkey).
    ApplyLabel(String),
    /// Open the label picker with this letter typed.
    OpenPicker(char),
    /// Switch word snapping on or off.
    ToggleSnap,
    /// Set the current document's status and move to the next one.
    SetStatus(Status),
    /// The next document.
    NextDocument,
    /// The previous document.
    PreviousDocument,
    /// Open the corpus panel (spans per label, statuses, the inventory).
    OpenCorpus,
    /// Step to the next (`true`) or previous suggested span.
    StepSuggestion {
        /// Forward.
        forward: bool,
    },
    /// Accept the suggestion stepped to.
    AcceptSuggestion,
    /// Accept every suggestion of the same string and label as the one stepped to.
    AcceptAllSuggestions,
    /// Reject the suggestion stepped to.
    RejectSuggestion,
}

/// A key press as the browser reports it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key` (`"a"`, `"ArrowLeft"`, `"?"`).
    pub key: &'a str,
    /// `KeyboardEvent.code` (`"BracketLeft"`), for keys whose character depends on the layout.
    pub code: &'a str,
    /// Ctrl or Cmd.
    pub ctrl: bool,
    /// Shift.
    pub shift: bool,
    /// Alt.
    pub alt: bool,
}

/// What the page is in when a key comes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyContext {
    /// A span is selected.
    pub span_selected: bool,
    /// Text is selected, waiting for a label.
    pub text_selected: bool,
    /// The key was pressed in the annotated text.
    pub in_rendered_pane: bool,
    /// The document has text.
    pub has_text: bool,
    /// A suggested span is stepped to (see [`crate::suggest`]).
    pub suggestion: bool,
    /// The key was pressed on a control that owns `Enter` and `Backspace` (a
    /// button, the document list).
    pub on_control: bool,
}

/// The command for `press` in `ctx`, or `None` when the key is not the app's
/// (the browser keeps it). `label_for` names the label a character is the
/// hotkey of (see [`label_for_key`]).
pub fn command(
    press: KeyPress<'_>,
    ctx: KeyContext,
    label_for: impl Fn(char) -> Option<String>,
) -> Option<Command> {
    let KeyPress {
        key,
        code,
        ctrl,
        shift,
        alt,
    } = press;
    if ctrl {
        return match key.to_lowercase().as_str() {
            "z" if shift => Some(Command::Redo),
            "z" => Some(Command::Undo),
            "y" => Some(Command::Redo),
            _ => None,
        };
    }
    let has_target = ctx.span_selected || ctx.text_selected;
    // The suggestion keys, when nothing is selected (then these keys are the selection's).
    if !has_target && !alt {
        match key {
            "n" | "N" => return Some(Command::StepSuggestion { forward: !shift }),
            "Enter" if ctx.suggestion && !ctx.on_control => {
                return Some(if shift {
                    Command::AcceptAllSuggestions
                } else {
                    Command::AcceptSuggestion
                })
            }
            "Backspace" if ctx.suggestion && !ctx.on_control => {
                return Some(Command::RejectSuggestion)
            }
            _ => {}
        }
    }
    match key {
        "?" => return Some(Command::ToggleShortcuts),
        "Escape" => return Some(Command::Deselect),
        "Delete" | "Backspace" if ctx.span_selected => return Some(Command::RemoveSpan),
        // Tab walks the spans only in the annotated text: elsewhere it moves the focus.
        "Tab" if ctx.in_rendered_pane => return Some(Command::SelectSpan { forward: !shift }),
        "ArrowDown" if alt => return Some(Command::NextDocument),
        "ArrowUp" if alt => return Some(Command::PreviousDocument),
        "ArrowRight" | "ArrowLeft" if ctx.has_text => {
            return Some(Command::MoveCaret {
                right: key == "ArrowRight",
                extend: shift,
                by_char: alt,
            });
        }
        _ => {}
    }
    if matches!(code, "BracketLeft" | "BracketRight") && ctx.span_selected {
        let edge = if shift { Edge::End } else { Edge::Start };
        return Some(Command::Nudge {
            edge,
            right: code == "BracketRight",
            by_char: alt,
        });
    }
    let mut chars = key.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return None;
    };
    // A label's hotkey: the digits always, other keys when there is something to label.
    if let Some(label) = label_for(c) {
        if c.is_ascii_digit() || has_target {
            return Some(Command::ApplyLabel(label));
        }
    }
    if c.is_ascii_digit() {
        return None;
    }
    if has_target && c.is_alphabetic() {
        return Some(Command::OpenPicker(c));
    }
    if alt {
        return None;
    }
    match c.to_ascii_lowercase() {
        'w' if !has_target => Some(Command::ToggleSnap),
        'i' if !has_target => Some(Command::OpenCorpus),
        'j' => Some(Command::NextDocument),
        'k' => Some(Command::PreviousDocument),
        _ => reserved_for_status(c).map(Command::SetStatus),
    }
}

/// The hotkey of the label at `position` in the set: its `own` key, or `1`–`9`,
/// `0` for the first ten.
pub fn hotkey_of(position: usize, own: Option<char>) -> Option<char> {
    own.or_else(|| default_hotkey(position))
}

/// The hotkey a label at `position` has when it has none of its own: `1`–`9`, `0`
/// for the first ten, none after.
pub fn default_hotkey(position: usize) -> Option<char> {
    match position {
        0..=8 => char::from_digit(position as u32 + 1, 10),
        9 => Some('0'),
        _ => None,
    }
}

/// The position of the label whose hotkey ([`hotkey_of`]) is `key`, ignoring
/// case; `own` gives each label's own key, in set order.
pub fn label_for_key(own: impl IntoIterator<Item = Option<char>>, key: char) -> Option<usize> {
    own.into_iter()
        .enumerate()
        .position(|(i, k)| hotkey_of(i, k).is_some_and(|h| same_key(h, key)))
}

/// The review status a key sets (`A`, `X`, `S`, `U`, either case): such a key
/// cannot be a label's hotkey.
pub fn reserved_for_status(key: char) -> Option<Status> {
    Status::from_key(key)
}

/// Keys the app uses itself besides the status keys (`I`, `J`, `K`, `W`): the label
/// manager does not give them to a label.
pub const APP_KEYS: [char; 5] = ['i', 'j', 'k', 'n', 'w'];

/// True for one of [`APP_KEYS`], either case.
pub fn is_app_key(key: char) -> bool {
    APP_KEYS.iter().any(|&k| same_key(k, key))
}

/// True when `a` and `b` are the same key, ignoring case.
pub fn same_key(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// One row of the key table: the keys (Markdown, each key in backticks) and what they do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The keys, as the README writes them (`` `Ctrl`/`Cmd`+`Z` ``).
    pub keys: &'static str,
    /// What they do, a phrase.
    pub what: &'static str,
}

impl Binding {
    /// The keys as plain text, for the page (`Ctrl/Cmd+Z`).
    pub fn keys_text(&self) -> String {
        self.keys.replace('`', "")
    }

    /// The row as the README's Markdown table writes it.
    pub fn markdown_row(&self) -> String {
        format!("| {} | {} |", self.keys, self.what)
    }
}

/// Every key the app answers to, for people: the `?` overlay and the README's
/// key table are this list.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: "`1` … `9`, `0`",
        what: "apply one of the first ten labels to the selected text, or relabel the selected span; *Labels…* can give a label a key of its own",
    },
    Binding { keys: "type a letter", what: "open the label picker; `Enter` applies the label, and creates it if it is new" },
    Binding { keys: "drag across text", what: "select text, snapped to whole words (`Alt`+drag, or *words* unticked: exact characters)" },
    Binding { keys: "`←` `→`", what: "move the caret by a word (`Alt`: by a character)" },
    Binding { keys: "`Shift`+`←` `→`", what: "extend the selection by a word (`Alt`: by a character)" },
    Binding {
        keys: "click a span; in the annotated text `Tab`, `Shift`+`Tab`",
        what: "select a span (past the last or first span, `Tab` moves on to the next control)",
    },
    Binding { keys: "`Delete`, `Backspace`", what: "remove the selected span" },
    Binding { keys: "`[` `]`", what: "move the selected span's start left or right by a word (`Alt`: by a character)" },
    Binding { keys: "`Shift`+`[` `]`", what: "move its end left or right by a word" },
    Binding { keys: "drag a handle", what: "move an edge of the selected span" },
    Binding { keys: "`Ctrl`/`Cmd`+`Z`", what: "undo" },
    Binding { keys: "`Ctrl`/`Cmd`+`Shift`+`Z`, `Ctrl`+`Y`", what: "redo" },
    Binding { keys: "`W`", what: "switch word snapping on or off" },
    Binding { keys: "`A`, `X`, `S`, `U`", what: "mark the document accepted, rejected, skipped or to do, and move to the next one" },
    Binding { keys: "`J`, `K`, `Alt`+`↓` `↑`", what: "next or previous document" },
    Binding { keys: "`I`", what: "the corpus panel: spans per label, documents per status, every tagged string" },
    Binding {
        keys: "in the document list: `↑` `↓`, `Home` `End`; `Enter`, `Space`",
        what: "move between documents (`Tab` enters the list at the current one); open the focused document",
    },
    Binding {
        keys: "in the source: `Ctrl`+`G`; `Ctrl`+`Home` `End`; `Ctrl`+`A`",
        what: "go to a line (`12` or `12:5`); go to the document's start or end (with `Shift`: select to there); select the whole document",
    },
    Binding { keys: "`N`, `Shift`+`N`", what: "next or previous suggestion (when nothing is selected)" },
    Binding {
        keys: "`Enter`, `Shift`+`Enter`, `Backspace`",
        what: "accept the suggestion, accept every suggestion of the same string, reject it (when nothing is selected)",
    },
    Binding { keys: "`Esc`", what: "deselect, or close a dialog (the focus goes back to the control that opened it)" },
    Binding {
        keys: "in a dialog: `Tab`, `Shift`+`Tab`",
        what: "move between its controls, round from the last to the first; the focus stays in the dialog",
    },
    Binding { keys: "`?`", what: "show every key" },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn press(key: &'static str) -> KeyPress<'static> {
        KeyPress {
            key,
            ..KeyPress::default()
        }
    }

    fn labels(c: char) -> Option<String> {
        label_for_key([None, Some('g')], c).map(|i| ["model", "gpu"][i].to_string())
    }

    #[test]
    fn keys_resolve_to_commands() {
        let idle = KeyContext {
            has_text: true,
            ..KeyContext::default()
        };
        let text = KeyContext {
            text_selected: true,
            has_text: true,
            ..KeyContext::default()
        };
        let span = KeyContext {
            span_selected: true,
            has_text: true,
            in_rendered_pane: true,
            ..KeyContext::default()
        };
        let ctrl = |key| KeyPress {
            key,
            ctrl: true,
            ..KeyPress::default()
        };
        assert_eq!(command(ctrl("z"), idle, labels), Some(Command::Undo));
        assert_eq!(
            command(
                KeyPress {
                    shift: true,
                    ..ctrl("Z")
                },
                idle,
                labels
            ),
            Some(Command::Redo)
        );
        assert_eq!(command(ctrl("y"), idle, labels), Some(Command::Redo));
        assert_eq!(
            command(ctrl("c"), idle, labels),
            None,
            "copy stays the browser's"
        );
        assert_eq!(
            command(press("1"), idle, labels),
            Some(Command::ApplyLabel("model".into()))
        );
        assert_eq!(
            command(press("2"), idle, labels),
            None,
            "the second label has its own key"
        );
        assert_eq!(
            command(press("g"), idle, labels),
            None,
            "a letter hotkey needs something to label"
        );
        assert_eq!(
            command(press("g"), text, labels),
            Some(Command::ApplyLabel("gpu".into()))
        );
        assert_eq!(
            command(press("m"), text, labels),
            Some(Command::OpenPicker('m'))
        );
        assert_eq!(command(press("w"), idle, labels), Some(Command::ToggleSnap));
        assert_eq!(command(press("I"), idle, labels), Some(Command::OpenCorpus));
        assert_eq!(
            command(press("i"), text, labels),
            Some(Command::OpenPicker('i')),
            "with text selected, letters pick labels"
        );
        assert_eq!(
            command(press("a"), idle, labels),
            Some(Command::SetStatus(Status::Accepted))
        );
        assert_eq!(
            command(press("J"), idle, labels),
            Some(Command::NextDocument)
        );
        // Suggestions (issue 12): N steps; Enter, Shift+Enter and Backspace act on the one stepped to.
        let suggested = KeyContext {
            suggestion: true,
            ..idle
        };
        assert_eq!(
            command(press("n"), idle, labels),
            Some(Command::StepSuggestion { forward: true })
        );
        assert_eq!(
            command(
                KeyPress {
                    shift: true,
                    ..press("N")
                },
                idle,
                labels
            ),
            Some(Command::StepSuggestion { forward: false })
        );
        assert_eq!(
            command(press("n"), text, labels),
            Some(Command::OpenPicker('n')),
            "with text selected, letters pick labels"
        );
        assert_eq!(
            command(press("Enter"), suggested, labels),
            Some(Command::AcceptSuggestion)
        );
        assert_eq!(
            command(
                KeyPress {
                    shift: true,
                    ..press("Enter")
                },
                suggested,
                labels
            ),
            Some(Command::AcceptAllSuggestions)
        );
        assert_eq!(
            command(press("Backspace"), suggested, labels),
            Some(Command::RejectSuggestion)
        );
        assert_eq!(
            command(press("Enter"), idle, labels),
            None,
            "no suggestion stepped to"
        );
        assert_eq!(
            command(
                press("Enter"),
                KeyContext {
                    on_control: true,
                    ..suggested
                },
                labels
            ),
            None,
            "a button's Enter"
        );
        assert_eq!(
            command(
                press("Backspace"),
                KeyContext {
                    span_selected: true,
                    ..suggested
                },
                labels
            ),
            Some(Command::RemoveSpan)
        );
        assert_eq!(
            command(
                KeyPress {
                    alt: true,
                    ..press("ArrowUp")
                },
                idle,
                labels
            ),
            Some(Command::PreviousDocument)
        );
        assert_eq!(command(press("Delete"), idle, labels), None);
        assert_eq!(
            command(press("Delete"), span, labels),
            Some(Command::RemoveSpan)
        );
        assert_eq!(
            command(
                KeyPress {
                    shift: true,
                    ..press("Tab")
                },
                span,
                labels
            ),
            Some(Command::SelectSpan { forward: false })
        );
        assert_eq!(
            command(press("Tab"), idle, labels),
            None,
            "Tab outside the text moves the focus"
        );
        assert_eq!(
            command(
                KeyPress {
                    shift: true,
                    alt: true,
                    ..press("ArrowLeft")
                },
                idle,
                labels
            ),
            Some(Command::MoveCaret {
                right: false,
                extend: true,
                by_char: true
            })
        );
        assert_eq!(
            command(press("ArrowLeft"), KeyContext::default(), labels),
            None,
            "no text"
        );
        assert_eq!(
            command(
                KeyPress {
                    key: "}",
                    code: "BracketRight",
                    shift: true,
                    ..KeyPress::default()
                },
                span,
                labels
            ),
            Some(Command::Nudge {
                edge: Edge::End,
                right: true,
                by_char: false
            })
        );
        assert_eq!(
            command(press("?"), idle, labels),
            Some(Command::ToggleShortcuts)
        );
        assert_eq!(
            command(press("Escape"), idle, labels),
            Some(Command::Deselect)
        );
    }

    #[test]
    fn hotkey_rules() {
        assert_eq!(
            (default_hotkey(0), default_hotkey(9), default_hotkey(10)),
            (Some('1'), Some('0'), None)
        );
        assert_eq!(hotkey_of(3, Some('q')), Some('q'));
        assert_eq!(label_for_key([None, Some('Q')], 'q'), Some(1));
        assert_eq!(label_for_key([None, Some('Q')], '2'), None);
        assert_eq!(reserved_for_status('x'), Some(Status::Rejected));
        assert!(is_app_key('J') && is_app_key('i') && !is_app_key('q'));
    }
}
