//! Every kind of change reads completely in both languages (snapshots in snapshots/), with
//! its own code; the JSON report keeps the English words.

use super::super::roles::FieldInfo;
use super::*;

fn field_info(name: &str, signature: bool) -> FieldInfo {
    FieldInfo {
        name: name.into(),
        signature,
        signed: signature,
    }
}

/// One role of every kind.
fn roles() -> Vec<Role> {
    let amount = || field_info("金额", false);
    vec![
        Role::Catalog,
        Role::PageTree,
        Role::Page(2),
        Role::PageContent(1),
        Role::PageAnnots(2),
        Role::PageResource(1),
        Role::InheritedResource,
        Role::Annotation(3),
        Role::AcroForm,
        Role::FieldList,
        Role::Field(field_info("Signature1", true)),
        Role::Field(amount()),
        Role::Appearance(Owner::Field(amount())),
        Role::Appearance(Owner::Annotation(3)),
        Role::AppearanceResource(Owner::Field(amount())),
        Role::AppearanceResource(Owner::Annotation(3)),
        Role::SignatureValue("Signature1".into()),
        Role::Info,
        Role::Metadata,
        Role::Dss,
        Role::Perms,
        Role::CatalogEntry("OpenAction".into()),
    ]
}

/// One change of every kind (every role once as a subject), with plausible data.
fn samples() -> Vec<What> {
    use What as W;
    let s = |v: &str| v.to_string();
    let page_and_metadata = Subject::Roles(vec![Role::Page(1), Role::Metadata]);
    let mut all = vec![
        W::TrailerEntryReplaced { key: s("Root") },
        W::InfoRepointed,
        W::InfoUpdated,
        W::FreeNumberReused { num: 14 },
        W::UndefinedNowDefined { num: 99 },
        W::Deleted {
            subject: page_and_metadata.clone(),
        },
        W::ReplacedByAnother {
            subject: Subject::Roles(vec![Role::PageContent(1)]),
        },
        W::KindChanged {
            subject: page_and_metadata,
        },
        W::Redefined {
            subject: Subject::Object {
                num: 17,
                generation: 0,
            },
        },
        W::CatalogReplaced,
        W::CatalogEntryRepointed { key: s("DSS") },
        W::DssUpdated,
        W::CatalogEntryUpdated { key: s("Metadata") },
        W::CatalogChanged {
            key: s("OpenAction"),
        },
        W::MetadataUpdated,
        W::PageReplaced { page: 1 },
        W::PageContentReplaced { page: 1 },
        W::PageResourcesChanged { page: 1 },
        W::PageGeometryChanged { page: 1 },
        W::PageChanged {
            page: 1,
            key: s("Group"),
        },
        W::PageTreeChanged,
        W::SignedAppearanceChanged {
            field: s("Signature1"),
        },
        W::AppearanceChanged { field: s("金额") },
        W::FieldReplaced { field: s("金额") },
        W::FieldAppearanceRepointed { field: s("金额") },
        W::SignedFieldChanged {
            field: s("Signature1"),
            keys: vec![s("V"), s("Lock")],
        },
        W::EmptySignatureFieldSigned {
            field: s("Signature2"),
        },
        W::FieldFilled { field: s("金额") },
        W::FieldDefinitionChanged {
            field: s("金额"),
            keys: vec![s("F")],
        },
        W::FormRemoved,
        W::FormRepointed,
        W::FieldListRepointed,
        W::FormEntryUpdated { key: s("DR") },
        W::FormChanged { key: s("XFA") },
        W::FieldRemoved { subject: None },
        W::FieldRemoved {
            subject: Some(Subject::Roles(vec![Role::Field(field_info("金额", false))])),
        },
        W::FieldMoved {
            subject: Subject::Roles(vec![Role::Field(field_info("金额", false))]),
        },
        W::NonSignatureFieldAdded,
        W::SignatureFieldReusesValue { field: s("Sig2") },
        W::UnsignedSignatureFieldPaints { field: s("Sig2") },
        W::SignatureFieldReusesWidgets {
            field: s("Signature2"),
        },
        W::SignatureFieldAdded {
            field: s("Signature2"),
            visible: true,
        },
        W::SignatureFieldAdded {
            field: s("Signature2"),
            visible: false,
        },
        W::AnnotationListRepointed { page: 2 },
        W::AnnotationsReordered { page: 2 },
        W::WidgetRemoved {
            field: s("金额"),
            page: 2,
        },
        W::AnnotationRemoved { page: 2 },
        W::AnnotationAdded { page: 2 },
        W::SignatureWidgetAdded { page: 2 },
        W::WidgetAdded { page: 2 },
        W::AnnotationOfKindAdded {
            page: 2,
            subtype: s("FreeText"),
        },
        W::TrailingBytes { bytes: 37 },
    ];
    all.extend(roles().into_iter().map(|role| W::RoleReplaced {
        role,
        num: 12,
        generation: 0,
    }));
    all.extend(
        crate::pdf::ambiguity::tests::samples()
            .into_iter()
            .map(W::AmbiguousXref),
    );
    all
}

fn lock() -> FieldLock {
    super::super::locks::tests::include(&["amount"])
}

/// The changes of `samples` and the two refusals, each with its code, in `lang`.
fn rendered(lang: Lang) -> String {
    let mut changes: Vec<Change> = samples()
        .into_iter()
        .map(|w| Change::new(3, Level::Other, w))
        .collect();
    let mut locked = Change::new(
        4,
        Level::Other,
        What::FieldFilled {
            field: "amount".into(),
        },
    );
    locked.refused.push(Refusal::Locked {
        field: "amount".into(),
        signature: "Lock1".into(),
        lock: lock(),
    });
    let mut both = Change::new(
        4,
        Level::Other,
        What::SignatureFieldAdded {
            field: "Signature2".into(),
            visible: true,
        },
    );
    both.refused.push(Refusal::Locked {
        field: "Signature2".into(),
        signature: "Lock1".into(),
        lock: super::super::locks::tests::all_in_field(),
    });
    both.refused.push(Refusal::CertifiedTakesInvisibleOnly);
    let mut restyled = Change::new(4, Level::Other, What::FormEntryUpdated { key: "DR".into() });
    restyled.refused.push(Refusal::RestylesLockedFields {
        signature: "Lock1".into(),
        lock: lock(),
    });
    changes.extend([locked, both, restyled]);
    changes
        .iter()
        .map(|c| format!("[{}] {}\n", c.what.code(), c.text(lang)))
        .collect()
}

#[test]
fn every_change_renders_completely_in_both_languages() {
    for lang in Lang::ALL {
        for line in rendered(lang).lines() {
            assert!(!line.contains("{$") && !line.contains("{ $"), "{line}");
            assert!(!line.contains("pdf-"), "a missing entry: {line}");
        }
    }
}

#[test]
fn every_kind_of_change_has_its_own_code() {
    let mut kinds: std::collections::BTreeMap<&str, Vec<_>> = Default::default();
    for w in samples() {
        kinds
            .entry(w.code())
            .or_default()
            .push(std::mem::discriminant(&w));
    }
    for (code, mut of) in kinds {
        of.dedup();
        assert_eq!(of.len(), 1, "{code} names two kinds of change");
    }
}

#[test]
fn every_change_in_english() {
    insta::assert_snapshot!(rendered(Lang::En));
}

#[test]
fn every_change_in_chinese() {
    insta::assert_snapshot!(rendered(Lang::ZhCn));
}

#[test]
fn the_json_report_carries_the_code_and_the_english_words() {
    let mut c = Change::new(
        3,
        Level::FormFilling,
        What::FieldFilled {
            field: "金额".into(),
        },
    );
    c.refused.push(Refusal::CertifiedTakesInvisibleOnly);
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "revision": 3,
            "level": "form_filling",
            "code": "pdf.change.field_filled",
            "what": "fills form field 金额 (a certified document takes only invisible new signatures)",
        })
    );
}
