//! What each object of a revision is: the catalog, a page, a page's content or resources, an
//! annotation, a form field and its appearance, a signature value, the DSS … — so that a
//! change can be judged (and named, `super::change`) by what the object was before it.
//!
//! An object keeps every role it has: a font that both a page and a field's appearance use is
//! a page resource *and* an appearance resource, and a change to it must be allowed in every
//! role (else one allowed role — "the document metadata" — could launder a change to an
//! object a page shows).

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::Subject;
use crate::pdf::verify::decode_text;

/// What the object was, in the revision before the change.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Catalog,
    PageTree,
    Page(u32),
    PageContent(u32),
    PageAnnots(u32),
    /// Reached from a page's resources (fonts, images, forms …).
    PageResource(u32),
    /// Reached from resources a page-tree node passes down to its pages.
    InheritedResource,
    /// An annotation other than a form widget.
    Annotation(u32),
    AcroForm,
    FieldList,
    /// A field, or one of its widgets.
    Field(FieldInfo),
    /// An appearance stream (or appearance dictionary) of a field's widget or an annotation.
    Appearance(Owner),
    /// Reached from an appearance stream's resources (fonts, images …).
    AppearanceResource(Owner),
    SignatureValue(String),
    Info,
    Metadata,
    Dss,
    Perms,
    /// Reached from another catalog entry (/OCProperties, /OpenAction, /Names, /Outlines …).
    CatalogEntry(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldInfo {
    pub name: String,
    pub signature: bool,
    pub signed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Owner {
    Field(FieldInfo),
    Annotation(u32),
}

/// Roles of the objects of one revision.
pub(super) struct Roles {
    pub(super) of: BTreeMap<ObjectId, Vec<Role>>,
}

const MAX_WALK: usize = 200_000;

impl Roles {
    pub(super) fn of(doc: &Document) -> Roles {
        let mut r = Roles {
            of: BTreeMap::new(),
        };
        if let Ok(id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
            r.add(id, Role::Info);
        }
        let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference) else {
            return r;
        };
        let catalog = doc.get_dictionary(root).ok();
        if let Some(c) = catalog
            && let Ok(pages) = c.get(b"Pages").and_then(Object::as_reference)
        {
            r.page_tree(doc, pages, 0);
        }
        for (n, page_id) in doc.get_pages() {
            r.add(page_id, Role::Page(n));
            let Ok(page) = doc.get_dictionary(page_id) else {
                continue;
            };
            if let Ok(c) = page.get(b"Contents") {
                if let Ok(id) = c.as_reference() {
                    r.add(id, Role::PageContent(n));
                }
                if let Some(Object::Array(parts)) = resolve(doc, c) {
                    for p in parts {
                        if let Ok(id) = p.as_reference() {
                            r.add(id, Role::PageContent(n));
                        }
                    }
                }
            }
            if let Ok(res) = page.get(b"Resources") {
                let mut seen = BTreeSet::new();
                r.mark_all(doc, res, &Role::PageResource(n), &mut seen);
            }
            if let Ok(a) = page.get(b"Annots") {
                if let Ok(id) = a.as_reference() {
                    r.add(id, Role::PageAnnots(n));
                }
                if let Some(Object::Array(list)) = resolve(doc, a) {
                    for annot in list {
                        let Ok(id) = annot.as_reference() else {
                            continue;
                        };
                        let Ok(d) = doc.get_dictionary(id) else {
                            continue;
                        };
                        // A widget is judged as part of its field (marked with the form); a
                        // widget no field claims keeps no allowed role.
                        if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Widget") {
                            r.add(id, Role::Annotation(n));
                            r.appearances(doc, d, &Owner::Annotation(n));
                        }
                    }
                }
            }
        }
        if let Some(c) = catalog {
            r.add(root, Role::Catalog);
            // Everything else the catalog reaches (optional content, actions, names, outlines,
            // structure …) may change what a reader shows or does: no change is allowed there.
            // A destination (/OpenAction [page /XYZ …], outlines, named destinations) points
            // at a page; the page is not part of the action: it keeps the page's own rules (a
            // signature widget added to its /Annots is allowed), so the walk stops there.
            let pages: BTreeSet<ObjectId> =
                r.of.iter()
                    .filter(|(_, roles)| {
                        roles
                            .iter()
                            .any(|role| matches!(role, Role::Page(_) | Role::PageTree))
                    })
                    .map(|(id, _)| *id)
                    .collect();
            for (k, v) in c {
                if ![&b"Pages"[..], b"AcroForm", b"DSS", b"Metadata", b"Perms"]
                    .contains(&k.as_slice())
                {
                    let mut seen = pages.clone();
                    let role = Role::CatalogEntry(String::from_utf8_lossy(k).into_owned());
                    r.mark_all(doc, v, &role, &mut seen);
                }
            }
            if let Ok(id) = c.get(b"Metadata").and_then(Object::as_reference) {
                r.add(id, Role::Metadata);
            }
            if let Ok(id) = c.get(b"Perms").and_then(Object::as_reference) {
                r.add(id, Role::Perms);
            }
            if let Ok(dss) = c.get(b"DSS") {
                let mut seen = BTreeSet::new();
                r.mark_all(doc, dss, &Role::Dss, &mut seen);
            }
            if let Ok(af) = c.get(b"AcroForm") {
                if let Ok(id) = af.as_reference() {
                    r.add(id, Role::AcroForm);
                }
                if let Some(Object::Dictionary(af)) = resolve(doc, af)
                    && let Ok(fields) = af.get(b"Fields")
                {
                    if let Ok(id) = fields.as_reference() {
                        r.add(id, Role::FieldList);
                    }
                    if let Some(Object::Array(list)) = resolve(doc, fields) {
                        for f in list {
                            r.field(doc, f, "", None, 0);
                        }
                    }
                }
            }
        }
        r
    }

    /// Adds a role (an object may have several).
    fn add(&mut self, id: ObjectId, role: Role) {
        let roles = self.of.entry(id).or_default();
        if !roles.contains(&role) {
            roles.push(role);
        }
    }

    pub(super) fn roles(&self, id: ObjectId) -> &[Role] {
        self.of.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    fn page_tree(&mut self, doc: &Document, id: ObjectId, depth: usize) {
        if depth > 64 || self.of.len() > MAX_WALK || self.roles(id).contains(&Role::PageTree) {
            return;
        }
        self.add(id, Role::PageTree);
        let Ok(node) = doc.get_dictionary(id) else {
            return;
        };
        if let Ok(res) = node.get(b"Resources") {
            let mut seen = BTreeSet::new();
            self.mark_all(doc, res, &Role::InheritedResource, &mut seen);
        }
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for k in kids {
                if let Ok(kid) = k.as_reference()
                    && doc
                        .get_dictionary(kid)
                        .is_ok_and(|d| d.has_type(b"Pages") || d.has(b"Kids"))
                {
                    self.page_tree(doc, kid, depth + 1);
                }
            }
        }
    }

    /// Gives `role` to every object reachable from `o` (not following /Parent and /P back
    /// links, which would walk the whole document).
    fn mark_all(&mut self, doc: &Document, o: &Object, role: &Role, seen: &mut BTreeSet<ObjectId>) {
        if seen.len() > MAX_WALK {
            return;
        }
        match o {
            Object::Reference(id) if seen.insert(*id) => {
                self.add(*id, role.clone());
                if let Ok(o) = doc.get_object(*id) {
                    self.mark_all(doc, o, role, seen);
                }
            }
            Object::Dictionary(d) => {
                for (k, v) in d {
                    if !is_back_link(doc, k, v) {
                        self.mark_all(doc, v, role, seen);
                    }
                }
            }
            Object::Stream(s) => {
                for (k, v) in &s.dict {
                    if !is_back_link(doc, k, v) {
                        self.mark_all(doc, v, role, seen);
                    }
                }
            }
            Object::Array(a) => a.iter().for_each(|v| self.mark_all(doc, v, role, seen)),
            _ => {}
        }
    }

    /// The appearance dictionary of an annotation or widget, its state dictionaries and
    /// streams (role Appearance), and whatever those streams use (role AppearanceResource).
    fn appearances(&mut self, doc: &Document, d: &Dictionary, owner: &Owner) {
        let Ok(ap) = d.get(b"AP") else {
            return;
        };
        let mut streams: Vec<ObjectId> = Vec::new();
        let mut visit = |o: &Object, this: &mut Roles| {
            if let Ok(id) = o.as_reference() {
                this.add(id, Role::Appearance(owner.clone()));
            }
            match resolve(doc, o) {
                Some(Object::Stream(_)) => streams.extend(o.as_reference().ok()),
                Some(Object::Dictionary(states)) => {
                    // /N << /On 5 0 R /Off 6 0 R >>: one stream per state.
                    for (_, s) in states {
                        if let Ok(id) = s.as_reference() {
                            this.add(id, Role::Appearance(owner.clone()));
                            streams.push(id);
                        }
                    }
                }
                _ => {}
            }
        };
        if let Ok(id) = ap.as_reference() {
            self.add(id, Role::Appearance(owner.clone()));
        }
        if let Some(Object::Dictionary(apd)) = resolve(doc, ap) {
            for (_, v) in apd {
                visit(v, self);
            }
        }
        let role = Role::AppearanceResource(owner.clone());
        for id in streams {
            if let Ok(Object::Stream(s)) = doc.get_object(id) {
                let mut seen = BTreeSet::from([id]);
                self.mark_all(doc, &Object::Dictionary(s.dict.clone()), &role, &mut seen);
            }
        }
    }

    fn field(
        &mut self,
        doc: &Document,
        o: &Object,
        parent: &str,
        parent_ft: Option<Vec<u8>>,
        depth: usize,
    ) {
        if depth > 32 || self.of.len() > MAX_WALK {
            return;
        }
        let Ok(id) = o.as_reference() else {
            return;
        };
        let Ok(d) = doc.get_dictionary(id) else {
            return;
        };
        let name = match d.get(b"T").and_then(Object::as_str) {
            Ok(t) if parent.is_empty() => decode_text(t),
            Ok(t) => format!("{parent}.{}", decode_text(t)),
            Err(_) => parent.to_string(),
        };
        let ft = d
            .get(b"FT")
            .and_then(Object::as_name)
            .ok()
            .map(<[u8]>::to_vec)
            .or(parent_ft);
        let signature = ft.as_deref() == Some(b"Sig");
        let info = FieldInfo {
            name: name.clone(),
            signature,
            signed: signature && d.has(b"V"),
        };
        if let Ok(v) = d.get(b"V").and_then(Object::as_reference)
            && signature
        {
            self.add(v, Role::SignatureValue(name.clone()));
        }
        if self.roles(id).contains(&Role::Field(info.clone())) {
            return; // a field listed twice
        }
        self.add(id, Role::Field(info.clone()));
        self.appearances(doc, d, &Owner::Field(info.clone()));
        let kids = match d.get(b"Kids").ok().and_then(|k| resolve(doc, k)) {
            Some(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        for k in kids {
            // A kid without /T is a widget of this field.
            let widget = k
                .as_reference()
                .ok()
                .and_then(|kid| doc.get_dictionary(kid).ok().map(|kd| (kid, kd)))
                .filter(|(_, kd)| !kd.has(b"T"));
            match widget {
                Some((kid, kd)) => {
                    self.add(kid, Role::Field(info.clone()));
                    self.appearances(doc, kd, &Owner::Field(info.clone()));
                }
                None => self.field(doc, &k, &name, ft.clone(), depth + 1),
            }
        }
    }

    /// The object as a change names it: by its roles, or its number when it has none.
    pub(super) fn subject(&self, id: ObjectId) -> Subject {
        match self.roles(id) {
            [] => Subject::Object {
                num: id.0,
                generation: id.1,
            },
            roles => Subject::Roles(roles.to_vec()),
        }
    }
}

/// A /Parent or /P entry that points back up the document (to a page, a page-tree node, a
/// field or a widget): not followed, since it leads to the whole document. The same key
/// naming anything else (a resource called /P, say) is followed like any other.
fn is_back_link(doc: &Document, key: &[u8], value: &Object) -> bool {
    if key != b"Parent" && key != b"P" {
        return false;
    }
    let Ok(id) = value.as_reference() else {
        return false;
    };
    doc.get_dictionary(id).is_ok_and(|d| {
        d.has_type(b"Page")
            || d.has_type(b"Pages")
            || d.has(b"Kids")
            || d.has(b"FT")
            || d.has(b"T")
            || d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Widget")
    })
}

pub(super) fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    crate::pdf::resolve(doc, o)
}
