//! One change a later revision made, as data: what it did (`What`: page content replaced,
//! annotation added on page N, form field filled, object redefined …, with the pages, object
//! numbers and field names it concerns), how far it goes (`Level`), and why a signature
//! refuses it though its level alone would pass (a field lock, a certification). Each kind has
//! a stable code (`pdf.change.…`) and reads in the catalogue's words: in the user's language
//! for people, in English in the JSON report (whose `what` scripts already read).

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::locks::{FieldChange, FieldLock};
use super::roles::{Owner, Role};
use crate::i18n::{Arg, Args, Catalogued, Lang, text};
use crate::msg;
use crate::pdf::ambiguity::Ambiguity;

/// How far a document was modified after a signature (ordered: a signature allows every
/// level up to the one its DocMDP permission names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing changed.
    None,
    /// Validation data (DSS) and document timestamps added.
    LtaUpdates,
    /// Form fields filled, signature fields added or signed.
    FormFilling,
    /// Anything else: the signed document's meaning may have changed.
    Other,
}

impl Level {
    /// The catalogue entry of the level for people.
    pub fn label_id(self) -> &'static str {
        match self {
            Level::None => msg!("pdf-level-none"),
            Level::LtaUpdates => msg!("pdf-level-lta-updates"),
            Level::FormFilling => msg!("pdf-level-form-filling"),
            Level::Other => msg!("pdf-level-other"),
        }
    }

    /// The most a DocMDP permission P allows (ISO 32000-2, 12.8.2.2: P=1 still allows DSS
    /// and document timestamps). P=3 adds annotations in the standard; they are never
    /// accepted here (see `super`'s module comment), so it allows what P=2 allows.
    pub fn allowed_by_docmdp(p: u8) -> Level {
        match p {
            1 => Level::LtaUpdates,
            _ => Level::FormFilling,
        }
    }
}

/// The object a change concerns, named by the roles it had in the signed revision (its
/// number when it had none).
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    Object { num: u32, generation: u16 },
    Roles(Vec<Role>),
}

/// What a later revision did to the signed document.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    // ---- the trailer and object numbers
    TrailerEntryReplaced {
        key: String,
    },
    InfoRepointed,
    InfoUpdated,
    FreeNumberReused {
        num: u32,
    },
    /// A number the signed revision referred to without defining it (its references were
    /// null and now show new content).
    UndefinedNowDefined {
        num: u32,
    },
    Deleted {
        subject: Subject,
    },
    ReplacedByAnother {
        subject: Subject,
    },
    KindChanged {
        subject: Subject,
    },
    Redefined {
        subject: Subject,
    },
    // ---- the catalog
    CatalogReplaced,
    CatalogEntryRepointed {
        key: String,
    },
    DssUpdated,
    CatalogEntryUpdated {
        key: String,
    },
    CatalogChanged {
        key: String,
    },
    MetadataUpdated,
    // ---- pages
    PageReplaced {
        page: u32,
    },
    PageContentReplaced {
        page: u32,
    },
    PageResourcesChanged {
        page: u32,
    },
    PageGeometryChanged {
        page: u32,
    },
    PageChanged {
        page: u32,
        key: String,
    },
    PageTreeChanged,
    /// An object in a role no change is allowed in (a page resource, an annotation, a
    /// signature value, part of a catalog entry …).
    RoleReplaced {
        role: Role,
        num: u32,
        generation: u16,
    },
    // ---- form fields
    SignedAppearanceChanged {
        field: String,
    },
    AppearanceChanged {
        field: String,
    },
    FieldReplaced {
        field: String,
    },
    FieldAppearanceRepointed {
        field: String,
    },
    SignedFieldChanged {
        field: String,
        keys: Vec<String>,
    },
    EmptySignatureFieldSigned {
        field: String,
    },
    FieldFilled {
        field: String,
    },
    FieldDefinitionChanged {
        field: String,
        keys: Vec<String>,
    },
    FormRemoved,
    FormRepointed,
    FieldListRepointed,
    FormEntryUpdated {
        key: String,
    },
    FormChanged {
        key: String,
    },
    /// A field taken out of the form (`None`: an entry that is not a reference).
    FieldRemoved {
        subject: Option<Subject>,
    },
    FieldMoved {
        subject: Subject,
    },
    NonSignatureFieldAdded,
    SignatureFieldReusesWidgets {
        field: String,
    },
    /// A new signature field whose value is an object of the signed revision (a signature
    /// made before, shown again in a field of the attacker's).
    SignatureFieldReusesValue {
        field: String,
    },
    SignatureFieldAdded {
        field: String,
        visible: bool,
    },
    /// A new visible signature field without a signature whose appearance draws something
    /// (over the signed page, as an annotation would).
    UnsignedSignatureFieldPaints {
        field: String,
    },
    // ---- annotations
    AnnotationListRepointed {
        page: u32,
    },
    AnnotationsReordered {
        page: u32,
    },
    WidgetRemoved {
        field: String,
        page: u32,
    },
    AnnotationRemoved {
        page: u32,
    },
    AnnotationAdded {
        page: u32,
    },
    SignatureWidgetAdded {
        page: u32,
    },
    WidgetAdded {
        page: u32,
    },
    AnnotationOfKindAdded {
        page: u32,
        subtype: String,
    },
    // ---- the file's structure
    AmbiguousXref(Ambiguity),
    TrailingBytes {
        bytes: usize,
    },
}

/// Why a signature refuses a change its level alone would allow.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The change is made to `field`, which `signature`'s field lock covers.
    Locked {
        field: String,
        signature: String,
        lock: FieldLock,
    },
    /// A form-wide appearance entry (/DR, /DA, /Q, /NeedAppearances) changed after
    /// `signature`, whose lock freezes fields a viewer redraws with those entries.
    RestylesLockedFields { signature: String, lock: FieldLock },
    /// A visible new signature field after a certification.
    CertifiedTakesInvisibleOnly,
}

/// One change a later revision made.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The revision (1 = the original file) that made the change.
    pub revision: usize,
    pub level: Level,
    pub what: What,
    /// The change adds a visible signature field: allowed after an approval signature, not
    /// after one with a DocMDP permission (the verifier decides, per signature).
    pub visible_signature_field: bool,
    /// The form field the change is made to, if any (a signature's field lock may refuse it).
    pub field: Option<FieldChange>,
    /// The change is to the form's default appearance (/DR, /DA, /Q, /NeedAppearances): a
    /// viewer redraws every field with it, locked ones included (any field lock refuses it).
    pub restyles_fields: bool,
    /// Why the signature under analysis refuses it (set per signature).
    pub refused: Vec<Refusal>,
}

impl Change {
    pub fn new(revision: usize, level: Level, what: What) -> Change {
        Change {
            revision,
            level,
            what,
            visible_signature_field: false,
            field: None,
            restyles_fields: false,
            refused: Vec::new(),
        }
    }

    /// What the change did and why it is refused, in `lang` (e.g. "replaces the content of
    /// page 1").
    pub fn what_in(&self, lang: Lang) -> String {
        self.refused
            .iter()
            .fold(self.what.text(lang), |what, r| r.around(what, lang))
    }

    /// The change with its revision, in `lang` ("revision 3 replaces the content of page 1").
    pub fn text(&self, lang: Lang) -> String {
        text(
            lang,
            msg!("pdf-change-in-revision"),
            &[
                ("revision", num(self.revision)),
                ("what", Arg::Text(self.what_in(lang))),
            ],
        )
    }

    /// Changes as one line in `lang`.
    pub fn list(changes: &[Change], lang: Lang) -> String {
        let separator = text(lang, msg!("pdf-change-separator"), &[]);
        let all: Vec<String> = changes.iter().map(|c| c.text(lang)).collect();
        all.join(&separator)
    }
}

/// The JSON report's change: `revision`, `level`, `code` (stable) and `what` (English).
impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Change", 4)?;
        st.serialize_field("revision", &self.revision)?;
        st.serialize_field("level", &self.level)?;
        st.serialize_field("code", self.what.code())?;
        st.serialize_field("what", &self.what_in(Lang::En))?;
        st.end()
    }
}

impl Refusal {
    /// `what` with this refusal said after it, in `lang`.
    fn around(&self, what: String, lang: Lang) -> String {
        match self {
            Refusal::Locked {
                field,
                signature,
                lock,
            } => text(
                lang,
                msg!("pdf-change-locked"),
                &[
                    ("what", Arg::Text(what)),
                    ("field", field.into()),
                    ("signature", signature.into()),
                    ("lock", lock.action_text().into()),
                    ("source", Arg::Msg(lock.source_id())),
                ],
            ),
            Refusal::RestylesLockedFields { signature, lock } => text(
                lang,
                msg!("pdf-change-restyles-locked"),
                &[
                    ("what", Arg::Text(what)),
                    ("signature", signature.into()),
                    ("lock", lock.action_text().into()),
                    ("source", Arg::Msg(lock.source_id())),
                ],
            ),
            Refusal::CertifiedTakesInvisibleOnly => text(
                lang,
                msg!("pdf-change-certified-takes-invisible"),
                &[("what", Arg::Text(what))],
            ),
        }
    }
}

fn num(v: impl TryInto<i64>) -> Arg {
    Arg::Num(v.try_into().unwrap_or(i64::MAX))
}

/// PDF names as a PDF writes them: `/V, /AP`.
fn pdf_names(keys: &[String]) -> String {
    let names: Vec<String> = keys.iter().map(|k| ["/", k].concat()).collect();
    names.join(", ")
}

impl Subject {
    /// The object in words ("page 1 and the document metadata (XMP)") in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        match self {
            Subject::Object { num: n, generation } => text(
                lang,
                msg!("pdf-subject-object"),
                &[("num", num(*n)), ("generation", num(*generation))],
            ),
            Subject::Roles(roles) => {
                let mut words: Vec<String> = roles.iter().map(|r| r.text(lang)).collect();
                words.dedup();
                words.join(&text(lang, msg!("pdf-subject-and"), &[]))
            }
        }
    }
}

impl Role {
    /// The role in words ("the content of page 1") in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (id, args): (&str, Args) = match self {
            Role::Catalog => (msg!("pdf-role-catalog"), vec![]),
            Role::PageTree => (msg!("pdf-role-page-tree"), vec![]),
            Role::Page(n) => (msg!("pdf-role-page"), vec![("page", num(*n))]),
            Role::PageContent(n) => (msg!("pdf-role-page-content"), vec![("page", num(*n))]),
            Role::PageAnnots(n) => (msg!("pdf-role-page-annots"), vec![("page", num(*n))]),
            Role::PageResource(n) => (msg!("pdf-role-page-resource"), vec![("page", num(*n))]),
            Role::InheritedResource => (msg!("pdf-role-inherited-resource"), vec![]),
            Role::Annotation(n) => (msg!("pdf-role-annotation"), vec![("page", num(*n))]),
            Role::AcroForm => (msg!("pdf-role-acroform"), vec![]),
            Role::FieldList => (msg!("pdf-role-field-list"), vec![]),
            Role::Field(f) if f.signature => (
                msg!("pdf-role-signature-field"),
                vec![("field", (&f.name).into())],
            ),
            Role::Field(f) => (msg!("pdf-role-field"), vec![("field", (&f.name).into())]),
            Role::Appearance(Owner::Field(f)) => (
                msg!("pdf-role-field-appearance"),
                vec![("field", (&f.name).into())],
            ),
            Role::Appearance(Owner::Annotation(n)) => (
                msg!("pdf-role-annotation-appearance"),
                vec![("page", num(*n))],
            ),
            Role::AppearanceResource(Owner::Field(f)) => (
                msg!("pdf-role-field-appearance-resource"),
                vec![("field", (&f.name).into())],
            ),
            Role::AppearanceResource(Owner::Annotation(n)) => (
                msg!("pdf-role-annotation-appearance-resource"),
                vec![("page", num(*n))],
            ),
            Role::SignatureValue(f) => {
                (msg!("pdf-role-signature-value"), vec![("field", f.into())])
            }
            Role::Info => (msg!("pdf-role-info"), vec![]),
            Role::Metadata => (msg!("pdf-role-metadata"), vec![]),
            Role::Dss => (msg!("pdf-role-dss"), vec![]),
            Role::Perms => (msg!("pdf-role-perms"), vec![]),
            Role::CatalogEntry(k) => (msg!("pdf-role-catalog-entry"), vec![("key", k.into())]),
        };
        text(lang, id, &args)
    }
}

impl What {
    /// The stable code of the kind of change (the JSON report's `code`).
    pub fn code(&self) -> &'static str {
        self.parts(Lang::En).0
    }

    /// The change in words, without its revision, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (_, id, args) = self.parts(lang);
        text(lang, id, &args)
    }

    /// The code, catalogue entry and arguments of the change (a subject or an ambiguity
    /// quoted in `lang`).
    fn parts(&self, lang: Lang) -> (&'static str, &'static str, Args) {
        use What as W;
        let subject = |s: &Subject| ("subject", Arg::Text(s.text(lang)));
        let page = |p: &u32| ("page", num(*p));
        let field = |f: &String| ("field", Arg::from(f));
        let key = |k: &String| ("key", Arg::from(k));
        let keys = |k: &[String]| ("keys", Arg::Text(pdf_names(k)));
        match self {
            W::TrailerEntryReplaced { key: k } => (
                "pdf.change.trailer_entry_replaced",
                msg!("pdf-change-trailer-entry-replaced"),
                vec![key(k)],
            ),
            W::InfoRepointed => (
                "pdf.change.info_repointed",
                msg!("pdf-change-info-repointed"),
                vec![],
            ),
            W::InfoUpdated => (
                "pdf.change.info_updated",
                msg!("pdf-change-info-updated"),
                vec![],
            ),
            W::FreeNumberReused { num: n } => (
                "pdf.change.free_number_reused",
                msg!("pdf-change-free-number-reused"),
                vec![("num", num(*n))],
            ),
            W::UndefinedNowDefined { num: n } => (
                "pdf.change.undefined_now_defined",
                msg!("pdf-change-undefined-now-defined"),
                vec![("num", num(*n))],
            ),
            W::Deleted { subject: s } => (
                "pdf.change.deleted",
                msg!("pdf-change-deleted"),
                vec![subject(s)],
            ),
            W::ReplacedByAnother { subject: s } => (
                "pdf.change.replaced_by_another",
                msg!("pdf-change-replaced-by-another"),
                vec![subject(s)],
            ),
            W::KindChanged { subject: s } => (
                "pdf.change.kind_changed",
                msg!("pdf-change-kind-changed"),
                vec![subject(s)],
            ),
            W::Redefined { subject: s } => (
                "pdf.change.redefined",
                msg!("pdf-change-redefined"),
                vec![subject(s)],
            ),
            W::CatalogReplaced => (
                "pdf.change.catalog_replaced",
                msg!("pdf-change-catalog-replaced"),
                vec![],
            ),
            W::CatalogEntryRepointed { key: k } => (
                "pdf.change.catalog_entry_repointed",
                msg!("pdf-change-catalog-entry-repointed"),
                vec![key(k)],
            ),
            W::DssUpdated => (
                "pdf.change.dss_updated",
                msg!("pdf-change-dss-updated"),
                vec![],
            ),
            W::CatalogEntryUpdated { key: k } => (
                "pdf.change.catalog_entry_updated",
                msg!("pdf-change-catalog-entry-updated"),
                vec![key(k)],
            ),
            W::CatalogChanged { key: k } => (
                "pdf.change.catalog_changed",
                msg!("pdf-change-catalog-changed"),
                vec![key(k)],
            ),
            W::MetadataUpdated => (
                "pdf.change.metadata_updated",
                msg!("pdf-change-metadata-updated"),
                vec![],
            ),
            W::PageReplaced { page: p } => (
                "pdf.change.page_replaced",
                msg!("pdf-change-page-replaced"),
                vec![page(p)],
            ),
            W::PageContentReplaced { page: p } => (
                "pdf.change.page_content_replaced",
                msg!("pdf-change-page-content-replaced"),
                vec![page(p)],
            ),
            W::PageResourcesChanged { page: p } => (
                "pdf.change.page_resources_changed",
                msg!("pdf-change-page-resources-changed"),
                vec![page(p)],
            ),
            W::PageGeometryChanged { page: p } => (
                "pdf.change.page_geometry_changed",
                msg!("pdf-change-page-geometry-changed"),
                vec![page(p)],
            ),
            W::PageChanged { page: p, key: k } => (
                "pdf.change.page_changed",
                msg!("pdf-change-page-changed"),
                vec![page(p), key(k)],
            ),
            W::PageTreeChanged => (
                "pdf.change.page_tree_changed",
                msg!("pdf-change-page-tree-changed"),
                vec![],
            ),
            W::RoleReplaced {
                role,
                num: n,
                generation,
            } => (
                "pdf.change.object_replaced",
                msg!("pdf-change-object-replaced"),
                vec![
                    ("role", Arg::Text(role.text(lang))),
                    ("num", num(*n)),
                    ("generation", num(*generation)),
                ],
            ),
            W::SignedAppearanceChanged { field: f } => (
                "pdf.change.signed_appearance_changed",
                msg!("pdf-change-signed-appearance-changed"),
                vec![field(f)],
            ),
            W::AppearanceChanged { field: f } => (
                "pdf.change.appearance_changed",
                msg!("pdf-change-appearance-changed"),
                vec![field(f)],
            ),
            W::FieldReplaced { field: f } => (
                "pdf.change.field_replaced",
                msg!("pdf-change-field-replaced"),
                vec![field(f)],
            ),
            W::FieldAppearanceRepointed { field: f } => (
                "pdf.change.field_appearance_repointed",
                msg!("pdf-change-field-appearance-repointed"),
                vec![field(f)],
            ),
            W::SignedFieldChanged { field: f, keys: k } => (
                "pdf.change.signed_field_changed",
                msg!("pdf-change-signed-field-changed"),
                vec![field(f), keys(k)],
            ),
            W::EmptySignatureFieldSigned { field: f } => (
                "pdf.change.empty_signature_field_signed",
                msg!("pdf-change-empty-signature-field-signed"),
                vec![field(f)],
            ),
            W::FieldFilled { field: f } => (
                "pdf.change.field_filled",
                msg!("pdf-change-field-filled"),
                vec![field(f)],
            ),
            W::FieldDefinitionChanged { field: f, keys: k } => (
                "pdf.change.field_definition_changed",
                msg!("pdf-change-field-definition-changed"),
                vec![field(f), keys(k)],
            ),
            W::FormRemoved => (
                "pdf.change.form_removed",
                msg!("pdf-change-form-removed"),
                vec![],
            ),
            W::FormRepointed => (
                "pdf.change.form_repointed",
                msg!("pdf-change-form-repointed"),
                vec![],
            ),
            W::FieldListRepointed => (
                "pdf.change.field_list_repointed",
                msg!("pdf-change-field-list-repointed"),
                vec![],
            ),
            W::FormEntryUpdated { key: k } => (
                "pdf.change.form_entry_updated",
                msg!("pdf-change-form-entry-updated"),
                vec![key(k)],
            ),
            W::FormChanged { key: k } => (
                "pdf.change.form_changed",
                msg!("pdf-change-form-changed"),
                vec![key(k)],
            ),
            W::FieldRemoved { subject: s } => (
                "pdf.change.field_removed",
                msg!("pdf-change-field-removed"),
                vec![match s {
                    Some(s) => subject(s),
                    None => ("subject", Arg::Msg(msg!("pdf-subject-a-form-field"))),
                }],
            ),
            W::FieldMoved { subject: s } => (
                "pdf.change.field_moved",
                msg!("pdf-change-field-moved"),
                vec![subject(s)],
            ),
            W::NonSignatureFieldAdded => (
                "pdf.change.non_signature_field_added",
                msg!("pdf-change-non-signature-field-added"),
                vec![],
            ),
            W::SignatureFieldReusesWidgets { field: f } => (
                "pdf.change.signature_field_reuses_widgets",
                msg!("pdf-change-signature-field-reuses-widgets"),
                vec![field(f)],
            ),
            W::SignatureFieldReusesValue { field: f } => (
                "pdf.change.signature_field_reuses_value",
                msg!("pdf-change-signature-field-reuses-value"),
                vec![field(f)],
            ),
            W::SignatureFieldAdded {
                field: f,
                visible: true,
            } => (
                "pdf.change.visible_signature_field_added",
                msg!("pdf-change-visible-signature-field-added"),
                vec![field(f)],
            ),
            W::SignatureFieldAdded {
                field: f,
                visible: false,
            } => (
                "pdf.change.invisible_signature_field_added",
                msg!("pdf-change-invisible-signature-field-added"),
                vec![field(f)],
            ),
            W::UnsignedSignatureFieldPaints { field: f } => (
                "pdf.change.unsigned_signature_field_paints",
                msg!("pdf-change-unsigned-signature-field-paints"),
                vec![field(f)],
            ),
            W::AnnotationListRepointed { page: p } => (
                "pdf.change.annotation_list_repointed",
                msg!("pdf-change-annotation-list-repointed"),
                vec![page(p)],
            ),
            W::AnnotationsReordered { page: p } => (
                "pdf.change.annotations_reordered",
                msg!("pdf-change-annotations-reordered"),
                vec![page(p)],
            ),
            W::WidgetRemoved { field: f, page: p } => (
                "pdf.change.widget_removed",
                msg!("pdf-change-widget-removed"),
                vec![field(f), page(p)],
            ),
            W::AnnotationRemoved { page: p } => (
                "pdf.change.annotation_removed",
                msg!("pdf-change-annotation-removed"),
                vec![page(p)],
            ),
            W::AnnotationAdded { page: p } => (
                "pdf.change.annotation_added",
                msg!("pdf-change-annotation-added"),
                vec![page(p)],
            ),
            W::SignatureWidgetAdded { page: p } => (
                "pdf.change.signature_widget_added",
                msg!("pdf-change-signature-widget-added"),
                vec![page(p)],
            ),
            W::WidgetAdded { page: p } => (
                "pdf.change.widget_added",
                msg!("pdf-change-widget-added"),
                vec![page(p)],
            ),
            W::AnnotationOfKindAdded { page: p, subtype } => (
                "pdf.change.annotation_of_kind_added",
                msg!("pdf-change-annotation-of-kind-added"),
                vec![page(p), ("subtype", subtype.into())],
            ),
            W::AmbiguousXref(a) => {
                let inner = a.describe();
                let mut args = inner.args;
                args.push(("ambiguity", Arg::Msg(inner.message)));
                (
                    "pdf.change.ambiguous_xref",
                    msg!("pdf-change-ambiguous-xref"),
                    args,
                )
            }
            W::TrailingBytes { bytes } => (
                "pdf.change.trailing_bytes",
                msg!("pdf-change-trailing-bytes"),
                vec![("bytes", num(*bytes))],
            ),
        }
    }
}

#[cfg(test)]
#[path = "change_tests.rs"]
mod tests;
