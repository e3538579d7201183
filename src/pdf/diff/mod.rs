//! Difference analysis: what the revisions appended after a signature changed, and whether a
//! signature may allow it. Like pyHanko's difference analysis, the rule is "reject unless
//! allowed": every object a later revision redefines or frees is named by the role it had
//! (catalog, page 2, the content of page 1, field `amount`, the signature of field
//! `Signature1` …) and classified; what no rule allows is a modification of the signed
//! document, whatever it looks like.
//!
//! Allowed, by level (the rules of pyHanko's default policy, so that both tools judge a
//! document alike): updates of the document security store (DSS), document timestamps, the
//! information dictionary and XMP metadata (LTA updates); new signature fields and signing
//! an empty one, filling form fields (form filling). A certification signature (DocMDP)
//! allows only invisible new signature fields. Never allowed, whatever the permission: page
//! content, resources, the page tree, annotations added, changed or removed (an annotation can
//! cover signed content: the "shadow" attacks), catalog entries other than the form, DSS,
//! metadata and version, signed signature fields and signature dictionaries, freed or reused
//! object numbers, a new catalog, a new signature field whose value is an object of the signed
//! revision (an earlier signature shown again) or that is unsigned and draws over the page. A
//! change to a form field names the field, so that a signature's field lock (`locks`) can
//! refuse it; one to the form's default appearance (/DR, /DA, /Q, /NeedAppearances) restyles
//! every field, so any field lock refuses it.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

mod change;
pub mod locks;
mod roles;

pub use change::{Change, Level, Refusal, Subject, What};
pub use locks::FieldChange;
use locks::only_made_read_only;
use roles::{FieldInfo, Owner, Role, Roles, resolve};

use super::verify::decode_text;

/// The changes that revision `revision` (whose state is `new`) made to the one before it
/// (`old`).
pub fn compare(old: &Document, new: &Document, revision: usize) -> Vec<Change> {
    let mut out = Changes {
        revision,
        list: Vec::new(),
    };
    compare_revision(old, new, &mut out);
    out.list
}

struct Changes {
    revision: usize,
    list: Vec<Change>,
}

impl Changes {
    fn add(&mut self, level: Level, what: What) {
        self.push(level, what, false, None);
    }

    /// A change to form field `name`.
    fn add_to_field(&mut self, level: Level, what: What, name: &str, allowed_when_locked: bool) {
        let field = FieldChange {
            name: name.to_string(),
            allowed_when_locked,
        };
        self.push(level, what, false, Some(field));
    }

    /// A change to the form's default appearance (form filling, unless a field lock).
    fn add_restyling(&mut self, what: What) {
        if !self.list.iter().any(|c| c.what == what) {
            let mut change = Change::new(self.revision, Level::FormFilling, what);
            change.restyles_fields = true;
            self.list.push(change);
        }
    }

    fn push(
        &mut self,
        level: Level,
        what: What,
        visible_signature_field: bool,
        field: Option<FieldChange>,
    ) {
        if !self.list.iter().any(|c| c.what == what) {
            let mut change = Change::new(self.revision, level, what);
            change.visible_signature_field = visible_signature_field;
            change.field = field;
            self.list.push(change);
        }
    }
}

/// The two states of one revision step, with the roles objects had before it.
struct Step<'a> {
    old: &'a Document,
    new: &'a Document,
    roles: Roles,
}

/// Whether `b` points at an object of the old revision other than `a` does: a reference may
/// stay the same or point at a new object, never at another existing one (which would give
/// that object a second, more permissive role).
fn repoints_to_old(old: &Document, a: Option<&Object>, b: Option<&Object>) -> bool {
    match (
        a.and_then(|o| o.as_reference().ok()),
        b.and_then(|o| o.as_reference().ok()),
    ) {
        (x, Some(y)) => x != Some(y) && old.objects.contains_key(&y),
        _ => false,
    }
}

fn compare_revision(old: &Document, new: &Document, out: &mut Changes) {
    let step = Step {
        old,
        new,
        roles: Roles::of(old),
    };
    for key in [&b"Root"[..], b"Encrypt"] {
        if old.trailer.get(key).ok() != new.trailer.get(key).ok() {
            out.add(
                Level::Other,
                What::TrailerEntryReplaced {
                    key: String::from_utf8_lossy(key).into_owned(),
                },
            );
        }
    }
    let (old_info, new_info) = (old.trailer.get(b"Info").ok(), new.trailer.get(b"Info").ok());
    if repoints_to_old(old, old_info, new_info) {
        out.add(Level::Other, What::InfoRepointed);
    } else if old_info != new_info {
        out.add(Level::LtaUpdates, What::InfoUpdated);
    }
    let old_size = old
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(0)
        .max(0) as u64;
    let changed = super::revisions::changed_objects(old, new);
    let old_unused = unused(old);
    let dangling = dangling_references(old);
    for num in changed {
        let old_obj = object_numbered(old, num);
        let new_obj = object_numbered(new, num);
        match (old_obj, new_obj) {
            (None, None) => {}
            (None, Some(_)) if u64::from(num) < old_size && !is_structural(new, num) => {
                out.add(Level::Other, What::FreeNumberReused { num })
            }
            // A number the signed revision already referred to, without defining it: its
            // references were null, and now show whatever this revision put there.
            (None, Some(_)) if dangling.contains(&num) => {
                out.add(Level::Other, What::UndefinedNowDefined { num })
            }
            // A new object: it matters only where a changed object uses it.
            (None, Some(_)) => {}
            (Some((id, _)), None) => {
                if !old_unused.contains(&id) {
                    let subject = step.roles.subject(id);
                    out.add(Level::Other, What::Deleted { subject });
                }
            }
            (Some((oid, o)), Some((nid, n))) => {
                if oid != nid {
                    let subject = step.roles.subject(oid);
                    out.add(Level::Other, What::ReplacedByAnother { subject });
                } else if is_stream(o) || is_stream(n) || !same(o, n) {
                    if old_unused.contains(&oid) && step.roles.roles(oid).is_empty() {
                        continue;
                    }
                    classify(&step, oid, o, n, out);
                }
            }
        }
    }
}

/// Cross-reference and object streams: the file's plumbing, not its content.
fn is_structural(doc: &Document, num: u32) -> bool {
    object_numbered(doc, num).is_some_and(|(_, o)| {
        dict_of(o).is_some_and(|d| d.has_type(b"XRef") || d.has_type(b"ObjStm"))
    })
}

fn object_numbered(doc: &Document, num: u32) -> Option<(ObjectId, &Object)> {
    doc.objects
        .range((num, 0)..=(num, u16::MAX))
        .next()
        .map(|(id, o)| (*id, o))
}

fn is_stream(o: &Object) -> bool {
    matches!(o, Object::Stream(_))
}

fn dict_of(o: &Object) -> Option<&Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// The keys whose values differ between two dictionaries.
fn differing_keys(a: &Dictionary, b: &Dictionary) -> Vec<Vec<u8>> {
    let mut keys: BTreeSet<Vec<u8>> = a.iter().map(|(k, _)| k.clone()).collect();
    keys.extend(b.iter().map(|(k, _)| k.clone()));
    keys.into_iter()
        .filter(|k| match (a.get(k), b.get(k)) {
            (Ok(x), Ok(y)) => !same(x, y),
            (Err(_), Err(_)) => false,
            _ => true,
        })
        .collect()
}

/// Equal as PDF values: numbers by value (`595` and `595.0` are one number; writers differ
/// in how they print them), streams never (their data is not loaded, so a redefined stream
/// counts as changed).
fn same(a: &Object, b: &Object) -> bool {
    fn number(o: &Object) -> Option<f64> {
        match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        }
    }
    match (a, b) {
        (Object::Array(x), Object::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(u, v)| same(u, v))
        }
        (Object::Dictionary(x), Object::Dictionary(y)) => {
            x.len() == y.len() && differing_keys(x, y).is_empty()
        }
        (Object::Stream(_), _) | (_, Object::Stream(_)) => false,
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-4 * x.abs().max(1.0),
            _ => a == b,
        },
    }
}

/// The keys' names (without their slash).
fn names(keys: &[Vec<u8>]) -> Vec<String> {
    keys.iter().map(|k| key_name(k)).collect()
}

/// A key's name (without its slash).
fn key_name(key: &[u8]) -> String {
    String::from_utf8_lossy(key).into_owned()
}

/// Judges a redefined object in every role it had: the change must be allowed in each.
fn classify(step: &Step, id: ObjectId, o: &Object, n: &Object, out: &mut Changes) {
    let roles = step.roles.roles(id);
    if std::mem::discriminant(o) != std::mem::discriminant(n) {
        // A dictionary become a stream (or the reverse) reads differently in every reader.
        let subject = step.roles.subject(id);
        return out.add(Level::Other, What::KindChanged { subject });
    }
    if roles.is_empty() {
        let subject = step.roles.subject(id);
        return out.add(Level::Other, What::Redefined { subject });
    }
    for role in roles {
        classify_as(step, id, role, o, n, out);
    }
}

fn classify_as(step: &Step, id: ObjectId, role: &Role, o: &Object, n: &Object, out: &mut Changes) {
    match role {
        Role::Catalog => {
            let (Some(a), Some(b)) = (dict_of(o), dict_of(n)) else {
                return out.add(Level::Other, What::CatalogReplaced);
            };
            for key in differing_keys(a, b) {
                let (x, y) = (a.get(&key).ok(), b.get(&key).ok());
                match key.as_slice() {
                    b"AcroForm" => compare_acroform(step, x, y, out),
                    b"DSS" | b"Metadata" | b"Extensions" | b"MarkInfo"
                        if repoints_to_old(step.old, x, y) =>
                    {
                        out.add(
                            Level::Other,
                            What::CatalogEntryRepointed {
                                key: key_name(&key),
                            },
                        )
                    }
                    b"DSS" => out.add(Level::LtaUpdates, What::DssUpdated),
                    b"Metadata" | b"Extensions" | b"MarkInfo" | b"Version" => out.add(
                        Level::LtaUpdates,
                        What::CatalogEntryUpdated {
                            key: key_name(&key),
                        },
                    ),
                    _ => out.add(
                        Level::Other,
                        What::CatalogChanged {
                            key: key_name(&key),
                        },
                    ),
                }
            }
        }
        Role::AcroForm => compare_acroform(step, Some(o), Some(n), out),
        Role::FieldList => compare_fields(step, Some(o), Some(n), out),
        Role::Page(p) => {
            let (Some(a), Some(b)) = (dict_of(o), dict_of(n)) else {
                return out.add(Level::Other, What::PageReplaced { page: *p });
            };
            for key in differing_keys(a, b) {
                match key.as_slice() {
                    b"Annots" => {
                        compare_annots(step, *p, a.get(b"Annots").ok(), b.get(b"Annots").ok(), out)
                    }
                    b"Contents" => out.add(Level::Other, What::PageContentReplaced { page: *p }),
                    b"Resources" => out.add(Level::Other, What::PageResourcesChanged { page: *p }),
                    b"MediaBox" | b"CropBox" | b"Rotate" | b"UserUnit" => {
                        out.add(Level::Other, What::PageGeometryChanged { page: *p })
                    }
                    _ => out.add(
                        Level::Other,
                        What::PageChanged {
                            page: *p,
                            key: key_name(&key),
                        },
                    ),
                }
            }
        }
        Role::PageAnnots(p) => compare_annots(step, *p, Some(o), Some(n), out),
        Role::PageContent(p) => out.add(Level::Other, What::PageContentReplaced { page: *p }),
        Role::PageTree => out.add(Level::Other, What::PageTreeChanged),
        Role::PageResource(_)
        | Role::InheritedResource
        | Role::AppearanceResource(_)
        | Role::Annotation(_)
        | Role::Appearance(Owner::Annotation(_))
        | Role::SignatureValue(_)
        | Role::CatalogEntry(_)
        | Role::Perms => out.add(
            Level::Other,
            What::RoleReplaced {
                role: role.clone(),
                num: id.0,
                generation: id.1,
            },
        ),
        Role::Appearance(Owner::Field(f)) if f.signed => out.add(
            Level::Other,
            What::SignedAppearanceChanged {
                field: f.name.clone(),
            },
        ),
        Role::Appearance(Owner::Field(f)) => out.add_to_field(
            Level::FormFilling,
            What::AppearanceChanged {
                field: f.name.clone(),
            },
            &f.name,
            false,
        ),
        Role::Field(f) => compare_field(step, f, o, n, out),
        Role::Info => out.add(Level::LtaUpdates, What::InfoUpdated),
        Role::Metadata => out.add(Level::LtaUpdates, What::MetadataUpdated),
        Role::Dss => out.add(Level::LtaUpdates, What::DssUpdated),
    }
}

/// The objects of `doc` that nothing reachable from the trailer uses: rewriting one changes
/// nothing a reader sees (a later revision that starts using it is judged where it does).
fn unused(doc: &Document) -> BTreeSet<ObjectId> {
    let used = reachable(doc);
    doc.objects
        .keys()
        .filter(|id| !used.contains(id))
        .copied()
        .collect()
}

/// Object numbers that objects of `doc` (or its trailer) refer to but `doc` does not define.
fn dangling_references(doc: &Document) -> BTreeSet<u32> {
    let mut found = BTreeSet::new();
    let mut stack: Vec<&Object> = doc.trailer.iter().map(|(_, v)| v).collect();
    stack.extend(doc.objects.values());
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(id) if !doc.objects.contains_key(id) => {
                found.insert(id.0);
            }
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
            Object::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    found
}

fn reachable(doc: &Document) -> BTreeSet<ObjectId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&Object> = doc.trailer.iter().map(|(_, v)| v).collect();
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(id) => {
                if seen.insert(*id)
                    && let Ok(o) = doc.get_object(*id)
                {
                    stack.push(o);
                }
            }
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v)),
            Object::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    seen
}

fn compare_field(step: &Step, f: &FieldInfo, o: &Object, n: &Object, out: &mut Changes) {
    let (Some(a), Some(b)) = (dict_of(o), dict_of(n)) else {
        let field = f.name.clone();
        return out.add(Level::Other, What::FieldReplaced { field });
    };
    let keys = differing_keys(a, b);
    // A new appearance must be a new object (or the same one), never another existing one.
    if repoints_to_old(step.old, a.get(b"AP").ok(), b.get(b"AP").ok())
        || ap_streams_repointed(step, a, b)
    {
        let field = f.name.clone();
        return out.add(Level::Other, What::FieldAppearanceRepointed { field });
    }
    if f.signature {
        if f.signed {
            return out.add(
                Level::Other,
                What::SignedFieldChanged {
                    field: f.name.clone(),
                    keys: names(&keys),
                },
            );
        }
        let allowed: &[&[u8]] = &[b"V", b"AP", b"Lock", b"SV", b"F", b"Ff", b"Type"];
        // The value must be a new signature dictionary, not an object of the signed revision.
        let new_value = match b.get(b"V") {
            Ok(Object::Reference(v)) => !step.old.objects.contains_key(v),
            Ok(_) => false,
            Err(_) => true,
        };
        if keys.iter().all(|k| allowed.contains(&k.as_slice())) && new_value {
            let level = signature_level(step.new, b.get(b"V").ok(), false);
            return out.add_to_field(
                level,
                What::EmptySignatureFieldSigned {
                    field: f.name.clone(),
                },
                &f.name,
                only_made_read_only(a, b, &keys),
            );
        }
    } else {
        // Not /F: its flags hide or show the widget, and a hidden field made visible is a
        // prepared overlay revealed (pyHanko allows it; catool does not).
        let allowed: &[&[u8]] = &[b"V", b"AP", b"AS", b"Ff", b"Type", b"DA", b"Q"];
        if keys.iter().all(|k| allowed.contains(&k.as_slice())) {
            return out.add_to_field(
                Level::FormFilling,
                What::FieldFilled {
                    field: f.name.clone(),
                },
                &f.name,
                only_made_read_only(a, b, &keys),
            );
        }
    }
    out.add(
        Level::Other,
        What::FieldDefinitionChanged {
            field: f.name.clone(),
            keys: names(&keys),
        },
    );
}

/// Whether an inline /AP dictionary's streams now point at other existing objects.
fn ap_streams_repointed(step: &Step, a: &Dictionary, b: &Dictionary) -> bool {
    let (Ok(Object::Dictionary(x)), Ok(Object::Dictionary(y))) = (a.get(b"AP"), b.get(b"AP"))
    else {
        return false;
    };
    y.iter()
        .any(|(k, v)| repoints_to_old(step.old, x.get(k).ok(), Some(v)))
}

/// The level of a new signature value: an invisible document timestamp is an LTA update,
/// any other signature form filling.
fn signature_level(doc: &Document, value: Option<&Object>, visible: bool) -> Level {
    let timestamp = resolved(doc, value)
        .and_then(dict_of)
        .and_then(|d| d.get(b"Type").and_then(Object::as_name).ok())
        == Some(b"DocTimeStamp");
    match value {
        None => Level::LtaUpdates,
        Some(_) if timestamp && !visible => Level::LtaUpdates,
        Some(_) => Level::FormFilling,
    }
}

fn resolved<'a>(doc: &'a Document, o: Option<&'a Object>) -> Option<&'a Object> {
    o.and_then(|o| resolve(doc, o))
}

fn compare_acroform(step: &Step, a: Option<&Object>, b: Option<&Object>, out: &mut Changes) {
    let empty = Dictionary::new();
    let a_dict = resolved(step.old, a).and_then(dict_of).unwrap_or(&empty);
    let Some(b_dict) = resolved(step.new, b).and_then(dict_of) else {
        return out.add(Level::Other, What::FormRemoved);
    };
    if repoints_to_old(step.old, a, b) {
        return out.add(Level::Other, What::FormRepointed);
    }
    for key in differing_keys(a_dict, b_dict) {
        let (x, y) = (a_dict.get(&key).ok(), b_dict.get(&key).ok());
        match key.as_slice() {
            b"Fields" if repoints_to_old(step.old, x, y) => {
                out.add(Level::Other, What::FieldListRepointed)
            }
            b"Fields" => compare_fields(step, x, y, out),
            // The form's default appearance: a viewer redraws fields with it (a font whose
            // /Differences draws "1" as "9" restyles every field that uses it), so any
            // signature's field lock refuses it (`locks::apply`).
            b"DR" | b"DA" | b"Q" | b"NeedAppearances" if !repoints_to_old(step.old, x, y) => out
                .add_restyling(What::FormEntryUpdated {
                    key: key_name(&key),
                }),
            _ => out.add(
                Level::Other,
                What::FormChanged {
                    key: key_name(&key),
                },
            ),
        }
    }
}

fn refs(doc: &Document, o: Option<&Object>) -> Vec<Object> {
    match resolved(doc, o) {
        Some(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    }
}

fn compare_fields(step: &Step, a: Option<&Object>, b: Option<&Object>, out: &mut Changes) {
    let before = refs(step.old, a);
    let after = refs(step.new, b);
    for f in &before {
        if !after.contains(f) {
            let subject = f.as_reference().ok().map(|id| step.roles.subject(id));
            out.add(Level::Other, What::FieldRemoved { subject });
        }
    }
    for f in after.iter().filter(|f| !before.contains(f)) {
        match f.as_reference() {
            Ok(id) if is_new_signature_field(step, id) => new_signature_field(step, id, out),
            Ok(id) if !step.roles.roles(id).is_empty() => {
                let subject = step.roles.subject(id);
                out.add(Level::Other, What::FieldMoved { subject })
            }
            _ => out.add(Level::Other, What::NonSignatureFieldAdded),
        }
    }
}

/// A new signature field: its widgets must be new objects; visible or not decides its level
/// (and whether a signature with a DocMDP permission allows it).
fn new_signature_field(step: &Step, id: ObjectId, out: &mut Changes) {
    let name = field_name(step.new, id);
    let kids = step
        .new
        .get_dictionary(id)
        .ok()
        .map(|d| refs(step.new, d.get(b"Kids").ok()))
        .unwrap_or_default();
    if kids.iter().any(|k| {
        k.as_reference()
            .is_ok_and(|k| step.old.objects.contains_key(&k))
    }) {
        return out.add(
            Level::Other,
            What::SignatureFieldReusesWidgets { field: name },
        );
    }
    let visible = field_is_visible(step.new, id);
    let value = step
        .new
        .get_dictionary(id)
        .ok()
        .and_then(|d| d.get(b"V").ok());
    // Its value, if any, must be a signature made in this update (a new object), as when an
    // empty field is signed (`compare_field`): an object of the signed revision is a signature
    // made before, which the new field would show again (and a viewer list as its own).
    if value
        .and_then(|v| v.as_reference().ok())
        .is_some_and(|v| step.old.objects.contains_key(&v))
    {
        return out.add(
            Level::Other,
            What::SignatureFieldReusesValue { field: name },
        );
    }
    // Unsigned (no signature dictionary as its value), its appearance is not a signer's: one
    // that draws anything paints over the signed page as an annotation would (the "Sneaky
    // Signature" attacks, Mainka et al. 2021). An empty field for a later signer draws
    // nothing until signed.
    let signed = resolved(step.new, value).and_then(dict_of).is_some();
    if visible && !signed && field_widgets_paint(step.new, id) {
        return out.add(
            Level::Other,
            What::UnsignedSignatureFieldPaints { field: name },
        );
    }
    let level = signature_level(step.new, value, visible).max(if visible {
        Level::FormFilling
    } else {
        Level::LtaUpdates
    });
    // Under a field lock, a new signature field may hold only a document timestamp, and only
    // invisibly (pyHanko's rule): a visible one could cover a locked field.
    let allowed_when_locked = level == Level::LtaUpdates;
    out.push(
        level,
        What::SignatureFieldAdded {
            field: name.clone(),
            visible,
        },
        visible,
        Some(FieldChange {
            name: name.clone(),
            allowed_when_locked,
        }),
    );
}

fn field_name(doc: &Document, id: ObjectId) -> String {
    doc.get_dictionary(id)
        .ok()
        .and_then(|d| d.get(b"T").and_then(Object::as_str).ok())
        .map(decode_text)
        .unwrap_or_else(|| format!("(object {} {})", id.0, id.1))
}

/// A field object that did not exist before and is a signature field.
fn is_new_signature_field(step: &Step, id: ObjectId) -> bool {
    !step.old.objects.contains_key(&id)
        && step
            .new
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"FT").and_then(Object::as_name).ok())
            == Some(b"Sig")
}

/// Whether an annotation's /Rect has an area. Each number is resolved (a viewer draws a
/// widget whose /Rect numbers are indirect objects: read as 0, the red team's overlay passed
/// as invisible); a /Rect there but not four finite numbers counts as having one, so that a
/// malformed rectangle is judged by the stricter rules of a visible annotation.
fn has_area(doc: &Document, d: &Dictionary) -> bool {
    let Ok(rect) = d.get(b"Rect") else {
        return false;
    };
    let numbers: Option<Vec<f32>> =
        resolve(doc, rect)
            .and_then(|r| r.as_array().ok())
            .and_then(|r| {
                r.iter()
                    .map(|v| resolve(doc, v).and_then(|v| v.as_float().ok()))
                    .collect()
            });
    match numbers {
        Some(r) if r.len() == 4 && r.iter().all(|v| v.is_finite()) => {
            (r[2] - r[0]).abs() > 0.0 && (r[3] - r[1]).abs() > 0.0
        }
        _ => true,
    }
}

/// Whether a field (or one of its widget kids) has a widget of non-zero area whose appearance
/// draws something.
fn field_widgets_paint(doc: &Document, id: ObjectId) -> bool {
    let Ok(d) = doc.get_dictionary(id) else {
        return false;
    };
    let kids = refs(doc, d.get(b"Kids").ok());
    std::iter::once(d)
        .chain(
            kids.iter()
                .filter_map(|k| doc.get_dictionary(k.as_reference().ok()?).ok()),
        )
        .any(|w| has_area(doc, w) && appearance_paints(doc, w))
}

/// Whether an annotation's appearances (/N, /R, /D: a stream, or a dictionary of states'
/// streams) draw anything: a stream whose decoded data is not white space only (one that
/// cannot be decoded, or whose data stayed in the file, counts as drawing).
fn appearance_paints(doc: &Document, d: &Dictionary) -> bool {
    let Some(ap) = resolved(doc, d.get(b"AP").ok()).and_then(dict_of) else {
        return false;
    };
    let draws = |o: &Object| match resolve(doc, o) {
        Some(Object::Stream(s)) if s.content.is_empty() => s
            .dict
            .get(b"Length")
            .and_then(Object::as_i64)
            .is_ok_and(|n| n > 0),
        Some(Object::Stream(s)) => s
            .get_plain_content_with_limit(1 << 16)
            .map_or(true, |data| !data.iter().all(u8::is_ascii_whitespace)),
        _ => false,
    };
    ap.iter().any(|(_, entry)| match resolve(doc, entry) {
        Some(Object::Dictionary(states)) => states.iter().any(|(_, s)| draws(s)),
        Some(o) => draws(o),
        None => false,
    })
}

/// Whether a field (or one of its widget kids) has a widget of non-zero area.
fn field_is_visible(doc: &Document, id: ObjectId) -> bool {
    let Ok(d) = doc.get_dictionary(id) else {
        return false;
    };
    has_area(doc, d)
        || refs(doc, d.get(b"Kids").ok()).iter().any(|k| {
            k.as_reference()
                .ok()
                .and_then(|k| doc.get_dictionary(k).ok())
                .is_some_and(|kd| has_area(doc, kd))
        })
}

/// The new signature field a new widget belongs to: the widget is the field itself, or one
/// of the /Kids of its /Parent (a widget that names a parent which does not list it belongs
/// to nothing).
fn new_signature_widget_field(step: &Step, id: ObjectId) -> Option<ObjectId> {
    if step.old.objects.contains_key(&id) {
        return None;
    }
    let d = step.new.get_dictionary(id).ok()?;
    if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Widget") {
        return None;
    }
    if d.has(b"FT") {
        return is_new_signature_field(step, id).then_some(id);
    }
    let parent = d.get(b"Parent").and_then(Object::as_reference).ok()?;
    let listed = step
        .new
        .get_dictionary(parent)
        .ok()
        .map(|p| refs(step.new, p.get(b"Kids").ok()))
        .is_some_and(|kids| kids.contains(&Object::Reference(id)));
    (listed && is_new_signature_field(step, parent)).then_some(parent)
}

fn compare_annots(
    step: &Step,
    page: u32,
    a: Option<&Object>,
    b: Option<&Object>,
    out: &mut Changes,
) {
    if repoints_to_old(step.old, a, b) {
        return out.add(Level::Other, What::AnnotationListRepointed { page });
    }
    let before = refs(step.old, a);
    let after = refs(step.new, b);
    // The list's order is the drawing order: annotations that stay must stay in order, once.
    let kept_before: Vec<&Object> = before.iter().filter(|x| after.contains(x)).collect();
    let kept_after: Vec<&Object> = after.iter().filter(|x| before.contains(x)).collect();
    if kept_before != kept_after {
        out.add(Level::Other, What::AnnotationsReordered { page });
    }
    for x in before.iter().filter(|x| !after.contains(x)) {
        let what = match x.as_reference().map(|id| step.roles.roles(id)) {
            Ok([Role::Field(f), ..]) => What::WidgetRemoved {
                field: f.name.clone(),
                page,
            },
            _ => What::AnnotationRemoved { page },
        };
        out.add(Level::Other, what);
    }
    for x in after.iter().filter(|x| !before.contains(x)) {
        let Ok(id) = x.as_reference() else {
            out.add(Level::Other, What::AnnotationAdded { page });
            continue;
        };
        if new_signature_widget_field(step, id).is_some() {
            // Judged by its own area: a field may look invisible while a widget is not.
            let visible = step
                .new
                .get_dictionary(id)
                .is_ok_and(|d| has_area(step.new, d));
            if visible {
                out.push(
                    Level::FormFilling,
                    What::SignatureWidgetAdded { page },
                    true,
                    None,
                );
            }
            continue;
        }
        let subtype = step
            .new
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Subtype").and_then(Object::as_name).ok())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default();
        if subtype == "Widget" {
            out.add(Level::Other, What::WidgetAdded { page });
        } else {
            out.add(Level::Other, What::AnnotationOfKindAdded { page, subtype });
        }
    }
}
