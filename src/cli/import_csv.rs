//! The CSV form of an onboarding document (`catool import onboarding.csv`, docs/import.md):
//! a sheet with one row per person in an enterprise, read into the same [`Document`] the
//! JSON form gives, with the line and column of every value for messages ([`CsvPlaces`]).
//!
//! Enterprises are keyed by `uscc`, persons by `id_number`, packages by `uscc` and
//! `package`: their values may be repeated on several rows (identical) or given once. Every
//! error names the file, the line and the column.

use std::collections::{BTreeMap, HashMap};

use crate::domain::import_error::{CsvEntity, CsvNeed, ImportError, Spot};
use crate::domain::onboarding::{
    CertRow, Document, MembershipRow, OrgRow, PackageRow, PersonRow, Places, Row,
};
use crate::error::{Error, Result};

/// Every column, in the order docs/import.md lists them.
pub(crate) const COLUMNS: [&str; 21] = [
    "name",
    "id_type",
    "id_number",
    "email",
    "phone",
    "uscc",
    "org_name",
    "legal_rep",
    "legal_rep_id",
    "role",
    "authorize",
    "letter",
    "package",
    "years",
    "price",
    "enterprise_slots",
    "personal_slots",
    "cert_kind",
    "holder",
    "pin_file",
    "ca",
];

/// The columns every sheet has (their cells may be blank).
const REQUIRED: [&str; 3] = ["name", "id_number", "uscc"];

/// The columns that describe an enterprise (given on any of its rows).
const ORG_COLUMNS: [&str; 5] = [
    "org_name",
    "legal_rep",
    "legal_rep_id",
    "authorize",
    "letter",
];

/// The columns that describe a package.
const PACKAGE_COLUMNS: [&str; 4] = ["years", "price", "enterprise_slots", "personal_slots"];

/// Where one row of the document came from: the line that first names it, and the line of
/// each field (by its JSON name) given.
#[derive(Debug, Default)]
struct Place {
    line: usize,
    fields: Vec<(&'static str, usize)>,
}

static NOWHERE: Place = Place {
    line: 0,
    fields: Vec::new(),
};

/// The lines and columns of a CSV document's rows.
#[derive(Debug, Default)]
pub struct CsvPlaces {
    file: String,
    persons: Vec<Place>,
    orgs: Vec<Place>,
    memberships: Vec<Place>,
    packages: Vec<Place>,
    certificates: Vec<Vec<Place>>,
}

impl CsvPlaces {
    fn place(&self, row: Row) -> &Place {
        let found = match row {
            Row::Person(i) => self.persons.get(i),
            Row::Org(i) => self.orgs.get(i),
            Row::Membership(i) => self.memberships.get(i),
            Row::Package(i) => self.packages.get(i),
            Row::Certificate(i, j) => self.certificates.get(i).and_then(|c| c.get(j)),
        };
        found.unwrap_or(&NOWHERE)
    }
}

/// The column that holds `field` of a document row.
fn column_of(row: Row, field: &str) -> &str {
    match (row, field) {
        (Row::Org(_), "name") => "org_name",
        (Row::Org(_), "admin") => "role",
        (Row::Membership(_) | Row::Package(_), "org") => "uscc",
        (Row::Membership(_), "person") | (Row::Certificate(..), "owner") => "id_number",
        (Row::Certificate(..), "kind") => "cert_kind",
        (_, f) => f,
    }
}

impl Places for CsvPlaces {
    fn row(&self, row: Row) -> String {
        format!("line {}", self.place(row).line)
    }
    fn line(&self, row: Row) -> Option<i64> {
        Some(line_no(self.place(row).line))
    }
    fn at(&self, row: Row, field: Option<&str>) -> Spot {
        let place = self.place(row);
        let line = field
            .and_then(|f| place.fields.iter().find(|(g, _)| *g == f))
            .map_or(place.line, |(_, l)| *l);
        Spot::Csv {
            file: self.file.clone(),
            line: line_no(line),
            column: field.map(|f| column_of(row, f).to_string()),
        }
    }
    fn column(&self, row: Row, field: &str) -> String {
        column_of(row, field).to_string()
    }
}

/// Values of one entity gathered from its rows: each column once, with its line.
#[derive(Debug, Default)]
struct Values {
    line: usize,
    given: Vec<(&'static str, String, usize)>,
}

impl Values {
    fn at(line: usize) -> Values {
        Values {
            line,
            given: Vec::new(),
        }
    }
    fn get(&self, column: &str) -> Option<&str> {
        self.given
            .iter()
            .find(|(c, ..)| *c == column)
            .map(|(_, v, _)| v.as_str())
    }
    fn line_of(&self, column: &str) -> Option<usize> {
        self.given
            .iter()
            .find(|(c, ..)| *c == column)
            .map(|(.., l)| *l)
    }
    /// `field`'s line for [`Place`], if given.
    fn place(&self, fields: &[(&'static str, &'static str)]) -> Place {
        Place {
            line: self.line,
            fields: fields
                .iter()
                .filter_map(|(field, column)| self.line_of(column).map(|l| (*field, l)))
                .collect(),
        }
    }
}

#[derive(Debug)]
struct Package {
    values: Values,
    certificates: Vec<(CertRow, usize)>,
}

#[derive(Debug)]
struct Org {
    uscc: String,
    values: Values,
    members: Vec<(String, usize)>,
    packages: BTreeMap<u32, Package>,
}

/// The sheet being read: its name for messages and its header.
struct Sheet<'a> {
    file: &'a str,
    columns: HashMap<&'static str, usize>,
}

/// One record of the sheet.
struct Line<'a> {
    line: usize,
    record: &'a csv::StringRecord,
}

/// A line number as messages quote it.
fn line_no(line: usize) -> i64 {
    i64::try_from(line).unwrap_or(i64::MAX)
}

impl Sheet<'_> {
    /// Line `line`, column `column` of this sheet.
    fn at(&self, line: usize, column: &str) -> Spot {
        Spot::Csv {
            file: self.file.to_string(),
            line: line_no(line),
            column: Some(column.to_string()),
        }
    }

    /// The non-blank value of `column` on `l`.
    fn cell<'r>(&self, l: &Line<'r>, column: &str) -> Option<&'r str> {
        let i = *self.columns.get(column)?;
        l.record.get(i).filter(|v| !v.is_empty())
    }

    /// Gives `column` of `values` the value on `l`, if any; refuses a value that differs
    /// from the one another row gave.
    fn set(
        &self,
        values: &mut Values,
        l: &Line,
        column: &'static str,
        what: &CsvEntity,
    ) -> Result<()> {
        let Some(v) = self.cell(l, column) else {
            return Ok(());
        };
        let v = match column {
            "years" | "price" | "enterprise_slots" | "personal_slots" => {
                self.number(l, column)?.unwrap_or(0).to_string()
            }
            "id_type" | "authorize" => v.to_ascii_lowercase(),
            _ => v.to_string(),
        };
        match values.given.iter().find(|(c, ..)| *c == column) {
            Some((_, old, line)) if *old != v => Err(ImportError::CsvDiffers {
                at: self.at(l.line, column),
                value: v,
                old: old.clone(),
                old_line: line_no(*line),
                entity: what.clone(),
            }
            .into()),
            Some(_) => Ok(()),
            None => {
                values.given.push((column, v, l.line));
                Ok(())
            }
        }
    }

    /// A whole number in `column` on `l`, if given.
    fn number(&self, l: &Line, column: &str) -> Result<Option<i64>> {
        self.cell(l, column)
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    Error::from(ImportError::CsvNotNumber {
                        at: self.at(l.line, column),
                        value: v.to_string(),
                    })
                })
            })
            .transpose()
    }

    /// An identifier in `column` (ID number, USCC), upper-cased; refuses what Excel made of
    /// a long number typed into a cell not formatted as text (`1.10108E+17`).
    fn identifier(&self, l: &Line, column: &str) -> Result<Option<String>> {
        let Some(v) = self.cell(l, column) else {
            return Ok(None);
        };
        let upper = v.to_ascii_uppercase();
        if let Some((mantissa, exp)) = upper.split_once("E+")
            && !mantissa.is_empty()
            && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && exp.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(ImportError::CsvShortenedNumber {
                at: self.at(l.line, column),
                value: v.to_string(),
            }
            .into());
        }
        Ok(Some(upper))
    }

    /// Refuses the first of `columns` given on `l`, saying it needs `needs`.
    fn only_with(&self, l: &Line, columns: &[&str], needs: CsvNeed) -> Result<()> {
        match columns.iter().find(|c| self.cell(l, c).is_some()) {
            Some(c) => Err(ImportError::CsvOrphanValue {
                at: self.at(l.line, c),
                needs,
            }
            .into()),
            None => Ok(()),
        }
    }
}

/// The sheet's text: UTF-8 (a BOM, as Excel writes it, is skipped); anything else is
/// refused with what to do.
fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::CsvUtf16 {
            file: file.to_string(),
        }
        .into());
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|e| {
        let bad = e.valid_up_to();
        let line = 1 + body[..bad].iter().filter(|b| **b == b'\n').count();
        Error::from(ImportError::CsvNotUtf8 {
            file: file.to_string(),
            line: line_no(line),
            byte: format!("0x{:02X}", body.get(bad).copied().unwrap_or(0)),
        })
    })
}

/// Reads the onboarding sheet `bytes` (named `file` in messages) into a document.
pub fn read(file: &str, bytes: &[u8]) -> Result<(Document, CsvPlaces)> {
    let text = decode(file, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let syntax = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        Error::from(ImportError::CsvSyntax {
            file: file.to_string(),
            line: i64::try_from(line).unwrap_or(i64::MAX),
            detail: e.to_string(),
        })
    };
    let header =
        records
            .next()
            .transpose()
            .map_err(syntax)?
            .ok_or_else(|| ImportError::CsvEmpty {
                file: file.to_string(),
            })?;
    let header_line = header.position().map_or(1, |p| p.line() as usize);
    let header_at = |column: Option<&str>| Spot::Csv {
        file: file.to_string(),
        line: line_no(header_line),
        column: column.map(str::to_string),
    };
    let mut columns = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let name = h.to_ascii_lowercase();
        let Some(column) = COLUMNS.iter().find(|c| **c == name) else {
            return Err(if name.is_empty() {
                ImportError::CsvUnnamedColumn {
                    at: header_at(None),
                    index: line_no(i + 1),
                }
            } else {
                ImportError::CsvUnknownColumn {
                    at: header_at(Some(h)),
                    known: COLUMNS.join(", "),
                }
            }
            .into());
        };
        if columns.insert(*column, i).is_some() {
            return Err(ImportError::CsvColumnTwice {
                at: header_at(Some(column)),
            }
            .into());
        }
    }
    if let Some(missing) = REQUIRED.iter().find(|c| !columns.contains_key(*c)) {
        return Err(ImportError::CsvMissingColumn {
            at: header_at(None),
            column: missing.to_string(),
            required: REQUIRED.join(", "),
        }
        .into());
    }
    let sheet = Sheet { file, columns };
    let mut persons: Vec<(String, Values)> = Vec::new();
    let mut orgs: Vec<Org> = Vec::new();
    for record in records {
        let record = record.map_err(syntax)?;
        let l = Line {
            line: record.position().map_or(0, |p| p.line() as usize),
            record: &record,
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            return Err(ImportError::CsvFieldCount {
                at: Spot::Csv {
                    file: file.to_string(),
                    line: line_no(l.line),
                    column: None,
                },
                values: line_no(record.len()),
                columns: line_no(header.len()),
            }
            .into());
        }
        read_line(&sheet, &l, &mut persons, &mut orgs)?;
    }
    build(&sheet, persons, orgs)
}

/// Adds what line `l` says to the persons and enterprises read so far.
fn read_line(
    sheet: &Sheet,
    l: &Line,
    persons: &mut Vec<(String, Values)>,
    orgs: &mut Vec<Org>,
) -> Result<()> {
    // The person.
    let id_number = sheet.identifier(l, "id_number")?;
    let person = match (sheet.cell(l, "name"), &id_number) {
        (Some(_), Some(id)) => {
            let i = match persons.iter().position(|(k, _)| k == id) {
                Some(i) => i,
                None => {
                    persons.push((id.clone(), Values::at(l.line)));
                    persons.len() - 1
                }
            };
            let what = CsvEntity::Person {
                id_number: id.clone(),
            };
            let values = &mut persons[i].1;
            for column in ["name", "id_type", "email", "phone"] {
                sheet.set(values, l, column, &what)?;
            }
            Some(id.clone())
        }
        (None, Some(_)) => {
            return Err(ImportError::CsvPersonIncomplete {
                at: sheet.at(l.line, "name"),
                given: "id_number".into(),
            }
            .into());
        }
        (Some(_), None) => {
            return Err(ImportError::CsvPersonIncomplete {
                at: sheet.at(l.line, "id_number"),
                given: "name".into(),
            }
            .into());
        }
        (None, None) => {
            sheet.only_with(l, &["id_type", "email", "phone", "role"], CsvNeed::Person)?;
            None
        }
    };
    // The enterprise.
    let Some(uscc) = sheet.identifier(l, "uscc")? else {
        let mut rest = ORG_COLUMNS.to_vec();
        rest.extend(["role", "package"]);
        rest.extend(PACKAGE_COLUMNS);
        rest.extend(["cert_kind", "holder", "pin_file", "ca"]);
        return sheet.only_with(l, &rest, CsvNeed::Uscc);
    };
    let oi = match orgs.iter().position(|o| o.uscc == uscc) {
        Some(i) => i,
        None => {
            orgs.push(Org {
                uscc: uscc.clone(),
                values: Values::at(l.line),
                members: Vec::new(),
                packages: BTreeMap::new(),
            });
            orgs.len() - 1
        }
    };
    let org = &mut orgs[oi];
    let what = CsvEntity::Org { uscc: uscc.clone() };
    for column in ORG_COLUMNS {
        sheet.set(&mut org.values, l, column, &what)?;
    }
    // Only for the spreadsheet's shortened numbers: the domain checks the value itself.
    sheet.identifier(l, "legal_rep_id")?;
    match sheet
        .cell(l, "role")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("admin") => {
            let admin = person.clone().unwrap_or_default();
            if let Some((_, old, line)) = org.values.given.iter().find(|(c, ..)| *c == "role")
                && *old != admin
            {
                return Err(ImportError::CsvSecondAdmin {
                    at: sheet.at(l.line, "role"),
                    uscc: uscc.clone(),
                    old_line: line_no(*line),
                    old: old.clone(),
                }
                .into());
            }
            if org.values.get("role").is_none() {
                org.values.given.push(("role", admin, l.line));
            }
        }
        None | Some("member") => {
            if let Some(p) = &person
                && !org.members.iter().any(|(m, _)| m == p)
            {
                org.members.push((p.clone(), l.line));
            }
        }
        Some(other) => {
            return Err(ImportError::CsvBadRole {
                at: sheet.at(l.line, "role"),
                value: other.to_string(),
            }
            .into());
        }
    }
    // The package and the certificate.
    let number = sheet.number(l, "package")?;
    let kind = sheet.cell(l, "cert_kind");
    let has_terms = PACKAGE_COLUMNS.iter().any(|c| sheet.cell(l, c).is_some());
    if number.is_none() && kind.is_none() && !has_terms {
        return sheet.only_with(l, &["holder", "pin_file", "ca"], CsvNeed::CertKind);
    }
    let number = match number {
        None => 1,
        Some(n) => u32::try_from(n).ok().filter(|n| *n >= 1).ok_or_else(|| {
            ImportError::CsvBadPackageNumber {
                at: sheet.at(l.line, "package"),
                value: n,
            }
        })?,
    };
    let package = org.packages.entry(number).or_insert_with(|| Package {
        values: Values::at(l.line),
        certificates: Vec::new(),
    });
    let what = CsvEntity::Package {
        number: i64::from(number),
        uscc: uscc.clone(),
    };
    for column in PACKAGE_COLUMNS {
        sheet.set(&mut package.values, l, column, &what)?;
    }
    let Some(kind) = kind else {
        return sheet.only_with(l, &["holder", "pin_file", "ca"], CsvNeed::CertKind);
    };
    let Some(owner) = person else {
        return Err(ImportError::CsvCertWithoutPerson {
            at: sheet.at(l.line, "cert_kind"),
        }
        .into());
    };
    package.certificates.push((
        CertRow {
            kind: kind.to_ascii_lowercase(),
            owner,
            holder: sheet.cell(l, "holder").map(str::to_string),
            pin_file: sheet.cell(l, "pin_file").map(str::to_string),
            ca: sheet.cell(l, "ca").map(str::to_string),
        },
        l.line,
    ));
    Ok(())
}

/// The document the sheet's rows make: persons in order of their first row; enterprises
/// described by the sheet (any enterprise value given) in order of their first row;
/// memberships of everyone but the administrator; each enterprise's packages by number.
fn build(
    sheet: &Sheet,
    persons: Vec<(String, Values)>,
    orgs: Vec<Org>,
) -> Result<(Document, CsvPlaces)> {
    let mut doc = Document::default();
    let mut places = CsvPlaces {
        file: sheet.file.to_string(),
        ..CsvPlaces::default()
    };
    for (id_number, v) in persons {
        let get = |c: &str| v.get(c).map(str::to_string);
        doc.persons.push(PersonRow {
            name: get("name").unwrap_or_default(),
            id_type: get("id_type"),
            id_number,
            email: get("email"),
            phone: get("phone"),
        });
        places.persons.push(v.place(&[
            ("name", "name"),
            ("id_type", "id_type"),
            ("email", "email"),
            ("phone", "phone"),
        ]));
    }
    for o in &orgs {
        let v = &o.values;
        let described = v
            .given
            .iter()
            .any(|(c, ..)| ORG_COLUMNS.contains(c) || *c == "role");
        if !described {
            continue;
        }
        let required = |column: &str| {
            v.get(column).map(str::to_string).ok_or_else(|| {
                Error::from(ImportError::CsvOrgIncomplete {
                    at: sheet.at(v.line, column),
                    uscc: o.uscc.clone(),
                    missing: column.to_string(),
                })
            })
        };
        doc.orgs.push(OrgRow {
            name: required("org_name")?,
            uscc: o.uscc.clone(),
            legal_rep: required("legal_rep")?,
            legal_rep_id: required("legal_rep_id")?,
            admin: required("role")?,
            authorize: v.get("authorize").map(str::to_string),
            letter: v.get("letter").map(str::to_string),
        });
        places.orgs.push(v.place(&[
            ("name", "org_name"),
            ("legal_rep", "legal_rep"),
            ("legal_rep_id", "legal_rep_id"),
            ("admin", "role"),
            ("authorize", "authorize"),
            ("letter", "letter"),
        ]));
    }
    for o in &orgs {
        let admin = o.values.get("role");
        for (person, line) in o.members.iter().filter(|(p, _)| Some(p.as_str()) != admin) {
            doc.memberships.push(MembershipRow {
                org: o.uscc.clone(),
                person: person.clone(),
            });
            places.memberships.push(Place {
                line: *line,
                fields: Vec::new(),
            });
        }
    }
    for o in orgs {
        for (expected, (number, p)) in (1..).zip(o.packages) {
            if number != expected {
                return Err(ImportError::CsvPackageGap {
                    at: sheet.at(p.values.line, "package"),
                    number: i64::from(number),
                    uscc: o.uscc.clone(),
                    expected: i64::from(expected),
                }
                .into());
            }
            let v = &p.values;
            let int = |c: &str| v.get(c).and_then(|n| n.parse().ok());
            let (certificates, lines): (Vec<_>, Vec<_>) = p.certificates.into_iter().unzip();
            doc.packages.push(PackageRow {
                org: o.uscc.clone(),
                years: int("years"),
                price: int("price"),
                enterprise_slots: int("enterprise_slots"),
                personal_slots: int("personal_slots"),
                certificates,
            });
            places.packages.push(v.place(&[
                ("years", "years"),
                ("price", "price"),
                ("enterprise_slots", "enterprise_slots"),
                ("personal_slots", "personal_slots"),
            ]));
            places.certificates.push(
                lines
                    .into_iter()
                    .map(|line| Place {
                        line,
                        fields: Vec::new(),
                    })
                    .collect(),
            );
        }
    }
    Ok((doc, places))
}
