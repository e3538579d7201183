//! The ways a later revision's cross-reference data reads two ways, as data
//! (`super::revisions::ambiguities` finds them). Each is a change the difference analysis
//! reports (`super::diff::What::AmbiguousXref`), with a stable code and a catalogue message:
//! in the user's language for people, in English in the JSON report.

use crate::error::exit::CHECK_FAILED;
use crate::i18n::{Arg, Catalogued, Described};
use crate::msg;

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

fn d(code: &'static str, message: &'static str) -> Described {
    Described::new(CHECK_FAILED, code, message)
}

fn num(v: impl TryInto<i64>) -> Arg {
    Arg::Num(v.try_into().unwrap_or(i64::MAX))
}

impl Catalogued for Ambiguity {
    fn describe(&self) -> Described {
        use Ambiguity as A;
        match self {
            A::SectionOutside => d("pdf.xref.section_outside", msg!("pdf-xref-section-outside")),
            A::SubsectionHeader => d(
                "pdf.xref.subsection_header",
                msg!("pdf-xref-subsection-header"),
            ),
            A::ImpossibleSubsection => d(
                "pdf.xref.impossible_subsection",
                msg!("pdf-xref-impossible-subsection"),
            ),
            A::UnreadableEntry => d(
                "pdf.xref.unreadable_entry",
                msg!("pdf-xref-unreadable-entry"),
            ),
            A::EntryNeitherUsedNorFree => d(
                "pdf.xref.entry_neither_used_nor_free",
                msg!("pdf-xref-entry-neither-used-nor-free"),
            ),
            A::NoSection => d("pdf.xref.no_section", msg!("pdf-xref-no-section")),
            A::ImpossibleIndex => d(
                "pdf.xref.impossible_index",
                msg!("pdf-xref-impossible-index"),
            ),
            A::ListedTwice { num: n } => {
                d("pdf.xref.listed_twice", msg!("pdf-xref-listed-twice")).arg("num", num(*n))
            }
            A::DuplicateKey { num: n, key } => {
                d("pdf.xref.duplicate_key", msg!("pdf-xref-duplicate-key"))
                    .arg("num", num(*n))
                    .arg("key", key)
            }
            A::PointsAtOther {
                num: n,
                other,
                generation,
            } => d("pdf.xref.points_at_other", msg!("pdf-xref-points-at-other"))
                .arg("num", num(*n))
                .arg("other", num(*other))
                .arg("generation", num(*generation)),
            A::PointsAtNothing { num: n, offset } => d(
                "pdf.xref.points_at_nothing",
                msg!("pdf-xref-points-at-nothing"),
            )
            .arg("num", num(*n))
            .arg("offset", num(*offset)),
            A::StreamNotLoaded { num: n, container } => d(
                "pdf.xref.stream_not_loaded",
                msg!("pdf-xref-stream-not-loaded"),
            )
            .arg("num", num(*n))
            .arg("container", num(*container)),
            A::StreamUnreadable { container } => d(
                "pdf.xref.stream_unreadable",
                msg!("pdf-xref-stream-unreadable"),
            )
            .arg("container", num(*container)),
            A::WrongSlot {
                num: n,
                index,
                container,
            } => d("pdf.xref.wrong_slot", msg!("pdf-xref-wrong-slot"))
                .arg("num", num(*n))
                .arg("index", num(*index))
                .arg("container", num(*container)),
            A::TwiceInStream { num: n, container } => {
                d("pdf.xref.twice_in_stream", msg!("pdf-xref-twice-in-stream"))
                    .arg("num", num(*n))
                    .arg("container", num(*container))
            }
            A::Unlisted { num: n, at } => d("pdf.xref.unlisted", msg!("pdf-xref-unlisted"))
                .arg("num", num(*n))
                .arg("at", num(*at)),
            A::BadXRefStm { stm } => {
                d("pdf.xref.bad_xrefstm", msg!("pdf-xref-bad-xrefstm")).arg("stm", num(*stm))
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::i18n::testing::{all_rendered, assert_complete};

    /// One of every ambiguity, with plausible data.
    pub(crate) fn samples() -> Vec<Ambiguity> {
        use Ambiguity as A;
        vec![
            A::SectionOutside,
            A::SubsectionHeader,
            A::ImpossibleSubsection,
            A::UnreadableEntry,
            A::EntryNeitherUsedNorFree,
            A::NoSection,
            A::ImpossibleIndex,
            A::ListedTwice { num: 7 },
            A::DuplicateKey {
                num: 7,
                key: "Contents".into(),
            },
            A::PointsAtOther {
                num: 7,
                other: 9,
                generation: 0,
            },
            A::PointsAtNothing {
                num: 7,
                offset: 4_096,
            },
            A::StreamNotLoaded {
                num: 7,
                container: 12,
            },
            A::StreamUnreadable { container: 12 },
            A::WrongSlot {
                num: 7,
                index: 3,
                container: 12,
            },
            A::TwiceInStream {
                num: 7,
                container: 12,
            },
            A::Unlisted { num: 7, at: 8_192 },
            A::BadXRefStm { stm: 9_000 },
        ]
    }

    #[test]
    fn every_ambiguity_renders_in_both_languages() {
        assert_complete(&samples());
    }

    #[test]
    fn every_ambiguity_in_english() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::En));
    }

    #[test]
    fn every_ambiguity_in_chinese() {
        insta::assert_snapshot!(all_rendered(&samples(), Lang::ZhCn));
    }
}
