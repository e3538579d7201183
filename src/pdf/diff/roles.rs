//! What each object of a revision is: the catalog, a page, a page's content or resources, an
//! annotation, a form field and its appearance, a signature value, the DSS … — so that a
//! change can be judged (and named) by the role the object had before it.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdf::verify::decode_text;

/// What the object was, in the revision before the change.
#[derive(Debug, Clone)]
pub(super) enum Role {
    Catalog,
    PageTree,
    Page(u32),
    PageContent(u32),
    PageAnnots(u32),
    /// Reached from a page's resources (fonts, images, forms …).
    PageResource(u32),
    Annotation(u32),
    AcroForm,
    FieldList,
    Field(FieldInfo),
    /// An appearance of a field's widget or of an annotation.
    Appearance(Owner),
    SignatureValue(String),
    Info,
    Metadata,
    Dss,
    Perms,
}

#[derive(Debug, Clone)]
pub(super) struct FieldInfo {
    pub(super) name: String,
    pub(super) signature: bool,
    pub(super) signed: bool,
}

#[derive(Debug, Clone)]
pub(super) enum Owner {
    Field(FieldInfo),
    Annotation(u32),
}

/// Roles of the objects of one revision.
pub(super) struct Roles {
    pub(super) of: BTreeMap<ObjectId, Role>,
    page_of: BTreeMap<ObjectId, u32>,
}

const MAX_WALK: usize = 200_000;

impl Roles {
    pub(super) fn of(doc: &Document) -> Roles {
        let mut r = Roles {
            of: BTreeMap::new(),
            page_of: BTreeMap::new(),
        };
        if let Ok(id) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
            r.of.insert(id, Role::Info);
        }
        let Ok(root) = doc.trailer.get(b"Root").and_then(Object::as_reference) else {
            return r;
        };
        let catalog = doc.get_dictionary(root).ok();
        // Page-level roles first, so form roles (more specific) override them.
        if let Some(c) = catalog
            && let Ok(pages) = c.get(b"Pages").and_then(Object::as_reference)
        {
            r.page_tree(doc, pages, 0);
        }
        for (n, page_id) in doc.get_pages() {
            r.of.insert(page_id, Role::Page(n));
            r.page_of.insert(page_id, n);
            let Ok(page) = doc.get_dictionary(page_id) else {
                continue;
            };
            if let Ok(c) = page.get(b"Contents") {
                if let Ok(id) = c.as_reference() {
                    r.of.insert(id, Role::PageContent(n));
                }
                if let Some(Object::Array(parts)) = resolve(doc, c) {
                    for p in parts {
                        if let Ok(id) = p.as_reference() {
                            r.of.insert(id, Role::PageContent(n));
                        }
                    }
                }
            }
            if let Ok(res) = page.get(b"Resources") {
                let mut seen = BTreeSet::new();
                r.resources(doc, res, n, &mut seen);
            }
            if let Ok(a) = page.get(b"Annots") {
                if let Ok(id) = a.as_reference() {
                    r.of.insert(id, Role::PageAnnots(n));
                }
                if let Some(Object::Array(list)) = resolve(doc, a) {
                    for annot in list {
                        if let Ok(id) = annot.as_reference() {
                            r.of.entry(id).or_insert(Role::Annotation(n));
                            // A widget's appearance is its field's (marked with the form).
                            if let Ok(d) = doc.get_dictionary(id)
                                && d.get(b"Subtype").and_then(Object::as_name).ok()
                                    != Some(b"Widget")
                            {
                                r.appearances(doc, d, &Owner::Annotation(n));
                            }
                        }
                    }
                }
            }
        }
        if let Some(c) = catalog {
            r.of.insert(root, Role::Catalog);
            if let Ok(id) = c.get(b"Metadata").and_then(Object::as_reference) {
                r.of.insert(id, Role::Metadata);
            }
            if let Ok(id) = c.get(b"Perms").and_then(Object::as_reference) {
                r.of.insert(id, Role::Perms);
            }
            if let Ok(dss) = c.get(b"DSS") {
                let mut seen = BTreeSet::new();
                r.mark_all(doc, dss, &Role::Dss, &mut seen);
            }
            if let Ok(af) = c.get(b"AcroForm") {
                if let Ok(id) = af.as_reference() {
                    r.of.insert(id, Role::AcroForm);
                }
                if let Some(Object::Dictionary(af)) = resolve(doc, af)
                    && let Ok(fields) = af.get(b"Fields")
                {
                    if let Ok(id) = fields.as_reference() {
                        r.of.insert(id, Role::FieldList);
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

    fn page_tree(&mut self, doc: &Document, id: ObjectId, depth: usize) {
        if depth > 64 || self.of.len() > MAX_WALK || self.of.contains_key(&id) {
            return;
        }
        self.of.insert(id, Role::PageTree);
        if let Ok(kids) = doc
            .get_dictionary(id)
            .and_then(|d| d.get(b"Kids"))
            .and_then(Object::as_array)
        {
            for k in kids {
                if let Ok(kid) = k.as_reference() {
                    self.page_tree(doc, kid, depth + 1);
                }
            }
        }
    }

    fn resources(&mut self, doc: &Document, o: &Object, page: u32, seen: &mut BTreeSet<ObjectId>) {
        if seen.len() > MAX_WALK {
            return;
        }
        match o {
            Object::Reference(id) => {
                if !seen.insert(*id) {
                    return;
                }
                self.of.entry(*id).or_insert(Role::PageResource(page));
                if let Ok(o) = doc.get_object(*id) {
                    self.resources(doc, o, page, seen);
                }
            }
            Object::Dictionary(d) => {
                for (k, v) in d {
                    // A form XObject's /Parent-like back links would walk the whole file.
                    if k != b"Parent" && k != b"P" {
                        self.resources(doc, v, page, seen);
                    }
                }
            }
            Object::Stream(s) => {
                self.resources(doc, &Object::Dictionary(s.dict.clone()), page, seen)
            }
            Object::Array(a) => {
                for v in a {
                    self.resources(doc, v, page, seen);
                }
            }
            _ => {}
        }
    }

    /// Gives `role` to every object reachable from `o` that has no role yet: an object shared
    /// with a page (a font both the page and a field appearance use) keeps the page's.
    fn mark_all(&mut self, doc: &Document, o: &Object, role: &Role, seen: &mut BTreeSet<ObjectId>) {
        if seen.len() > MAX_WALK {
            return;
        }
        match o {
            Object::Reference(id) if seen.insert(*id) => {
                self.of.entry(*id).or_insert_with(|| role.clone());
                if let Ok(o) = doc.get_object(*id) {
                    self.mark_all(doc, o, role, seen);
                }
            }
            Object::Dictionary(d) => d
                .iter()
                .for_each(|(_, v)| self.mark_all(doc, v, role, seen)),
            Object::Stream(s) => s
                .dict
                .iter()
                .for_each(|(_, v)| self.mark_all(doc, v, role, seen)),
            Object::Array(a) => a.iter().for_each(|v| self.mark_all(doc, v, role, seen)),
            _ => {}
        }
    }

    fn appearances(&mut self, doc: &Document, d: &Dictionary, owner: &Owner) {
        if let Ok(ap) = d.get(b"AP") {
            let mut seen = BTreeSet::new();
            self.mark_all(doc, ap, &Role::Appearance(owner.clone()), &mut seen);
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
            self.of.insert(v, Role::SignatureValue(name.clone()));
        }
        self.of.insert(id, Role::Field(info.clone()));
        self.appearances(doc, d, &Owner::Field(info.clone()));
        if let Ok(kids) = d.get(b"Kids").and_then(|k| match resolve(doc, k) {
            Some(Object::Array(a)) => Ok(a),
            _ => Err(lopdf::Error::ObjectNotFound((0, 0))),
        }) {
            for k in kids {
                // A kid without /T is a widget of this field.
                let widget_only = k
                    .as_reference()
                    .ok()
                    .and_then(|kid| doc.get_dictionary(kid).ok())
                    .is_some_and(|kd| !kd.has(b"T"));
                if widget_only {
                    if let Ok(kid) = k.as_reference() {
                        self.of.insert(kid, Role::Field(info.clone()));
                        if let Ok(kd) = doc.get_dictionary(kid) {
                            self.appearances(doc, kd, &Owner::Field(info.clone()));
                        }
                    }
                } else {
                    self.field(doc, k, &name, ft.clone(), depth + 1);
                }
            }
        }
    }

    pub(super) fn describe(&self, id: ObjectId) -> String {
        match self.of.get(&id) {
            Some(role) => describe_role(role),
            None => format!("object {} {}", id.0, id.1),
        }
    }
}

fn describe_role(role: &Role) -> String {
    match role {
        Role::Catalog => "the document catalog".into(),
        Role::PageTree => "the page tree".into(),
        Role::Page(n) => format!("page {n}"),
        Role::PageContent(n) => format!("the content of page {n}"),
        Role::PageAnnots(n) => format!("the annotation list of page {n}"),
        Role::PageResource(n) => format!("a resource (font, image or form) of page {n}"),
        Role::Annotation(n) => format!("an annotation on page {n}"),
        Role::AcroForm => "the form (AcroForm)".into(),
        Role::FieldList => "the form's field list".into(),
        Role::Field(f) if f.signature => format!("signature field {}", f.name),
        Role::Field(f) => format!("form field {}", f.name),
        Role::Appearance(Owner::Field(f)) => format!("the appearance of field {}", f.name),
        Role::Appearance(Owner::Annotation(n)) => {
            format!("the appearance of an annotation on page {n}")
        }
        Role::SignatureValue(f) => format!("the signature of field {f}"),
        Role::Info => "the document information dictionary".into(),
        Role::Metadata => "the document metadata (XMP)".into(),
        Role::Dss => "the document security store (DSS)".into(),
        Role::Perms => "the document permissions (/Perms)".into(),
    }
}

pub(super) fn resolve<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    crate::pdf::resolve(doc, o)
}
