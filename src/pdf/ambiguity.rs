//! The ways a later revision's cross-reference data reads two ways, as data
//! (`super::revisions::ambiguities` finds them). Each is a change the difference analysis
//! reports, in its words (`super::diff`): English, as the JSON report's `what` carries them
//! and as every change description is.

/// A way a later revision's cross-reference data reads two ways (viewers and this parser
/// could then see different documents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ambiguity {
    SectionOutside,
    SubsectionHeader,
    ImpossibleSubsection,
    UnreadableEntry,
    EntryNeitherUsedNorFree,
    NoSection,
    ImpossibleIndex,
    ListedTwice {
        num: u32,
    },
    DuplicateKey {
        num: u32,
        key: String,
    },
    PointsAtOther {
        num: u32,
        other: u32,
        generation: u16,
    },
    PointsAtNothing {
        num: u32,
        offset: u32,
    },
    StreamNotLoaded {
        num: u32,
        container: u32,
    },
    StreamUnreadable {
        container: u32,
    },
    WrongSlot {
        num: u32,
        index: u16,
        container: u32,
    },
    TwiceInStream {
        num: u32,
        container: u32,
    },
    Unlisted {
        num: u32,
        at: usize,
    },
    BadXRefStm {
        stm: usize,
    },
}

impl std::fmt::Display for Ambiguity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use Ambiguity as A;
        match self {
            A::SectionOutside => write!(f, "the section is outside the file"),
            A::SubsectionHeader => write!(f, "unreadable subsection header"),
            A::ImpossibleSubsection => write!(f, "an impossible subsection"),
            A::UnreadableEntry => write!(f, "unreadable entry"),
            A::EntryNeitherUsedNorFree => write!(f, "an entry is neither in use nor free"),
            A::NoSection => write!(f, "no cross-reference section"),
            A::ImpossibleIndex => write!(f, "an impossible /Index range"),
            A::ListedTwice { num } => write!(f, "object {num} is listed twice"),
            A::DuplicateKey { num, key } => write!(
                f,
                "object {num} names /{key} twice in one dictionary (readers disagree which counts)"
            ),
            A::PointsAtOther {
                num,
                other,
                generation,
            } => write!(
                f,
                "the entry for object {num} points at the text of object {other} {generation}"
            ),
            A::PointsAtNothing { num, offset } => write!(
                f,
                "the entry for object {num} points at no object (byte {offset})"
            ),
            A::StreamNotLoaded { num, container } => write!(
                f,
                "object {num} is in object stream {container}, which did not load"
            ),
            A::StreamUnreadable { container } => {
                write!(f, "object stream {container} cannot be read")
            }
            A::WrongSlot {
                num,
                index,
                container,
            } => write!(
                f,
                "the entry for object {num} points at slot {index} of object stream {container}, which holds another object"
            ),
            A::TwiceInStream { num, container } => {
                write!(f, "object stream {container} holds object {num} twice")
            }
            A::Unlisted { num, at } => write!(
                f,
                "it defines object {num} at byte {at} without listing it (a reader that rebuilds the table would use it)"
            ),
            A::BadXRefStm { stm } => write!(
                f,
                "its /XRefStm {stm} does not lead to a cross-reference stream (readers would rebuild the table)"
            ),
        }
    }
}
