//! `catool demo`: the whole product end to end on a fresh throwaway registry, with the data
//! an operator would enter. Returns what it made; the CLI prints it. Each later feature adds
//! its steps here so the demo always shows everything working.

mod esl;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::domain::authority_error::AuthorityError as E;
use crate::domain::cert::{self as cert_domain, CertView};
use crate::domain::history::{self, Verification};
use crate::domain::org::{self, AuthMethod, NewOrg};
use crate::domain::package::{self, Order, PackageDetails};
use crate::domain::person::{self, IdType, NewPerson};
use crate::domain::seal::{self as seal_domain, Owner};
use crate::domain::tsa::RegistryTsa;
use crate::domain::{Actor, Proof, ca, keystore, signing, stamping};
use crate::error::Result;
use crate::fsutil::{Output, write_atomic};
use crate::i18n::{Arg, lang, text};
use crate::model::vocab::CertKind;
use crate::model::{Org, Person};
use crate::msg;
use crate::pdf::cross_page::{self, Edge};
use crate::pdf::job::{self, Occurrence, Pages, Placement};
use crate::pdf::sign::{Appearance, SignRequest};
use crate::pdf::stamp::SealImage;
use crate::pki::keys::Algo;
use crate::pki::pin::Pin;
use crate::registry::Registry;
use crate::seal::render::{SealKind, SealSpec};

#[derive(Debug, Serialize)]
pub struct DemoReport {
    pub dir: PathBuf,
    pub registry: PathBuf,
    /// What happened, in order, one line per step.
    pub steps: Vec<String>,
    pub orgs: Vec<Org>,
    pub persons: Vec<Person>,
    pub packages: Vec<PackageDetails>,
    pub certificates: Vec<CertView>,
    /// Files the demo wrote (CA certificates, PKCS#12 files, CRLs, PIN files).
    pub files: Vec<PathBuf>,
    pub history: Verification,
}

struct Demo {
    reg: Registry,
    operator: Actor,
    steps: Vec<String>,
    dir: PathBuf,
    files: Vec<PathBuf>,
}

impl Demo {
    /// One step of the narration: the catalogue entry `id` with `args`, in the chosen language.
    fn step(&mut self, id: &'static str, args: &[(&'static str, Arg)]) {
        self.steps.push(text(lang(), id, args));
    }

    fn write(&mut self, name: &str, bytes: &[u8], mode: u32) -> Result<PathBuf> {
        let path = self.dir.join(name);
        // The demo's own fresh workspace: nothing of the user's is there to protect.
        write_atomic(&Output::internal(&path)?, bytes, mode)?;
        self.files.push(path.clone());
        Ok(path)
    }

    /// A fresh random PIN, kept in a 0600 file the way an operator would hand it over.
    fn pin(&mut self, name: &str) -> Result<(Pin, PathBuf)> {
        let mut b = [0u8; 4];
        crate::pki::vault::fill_random(&mut b)?;
        let text = format!("{:06}\n", u32::from_le_bytes(b) % 1_000_000);
        let path = self.write(&format!("{name}.pin"), text.as_bytes(), 0o600)?;
        Ok((Pin::parse(name, text.as_bytes())?, path))
    }

    fn person(&mut self, name: &str, id_number: &str, email: &str) -> Result<Person> {
        let (p, _) = person::add(
            &mut self.reg,
            &self.operator,
            NewPerson {
                name,
                id_type: IdType::Resident,
                id_number,
                email: Some(email),
                phone: None,
            },
        )?;
        self.step(
            msg!("demo-person"),
            &[("id", Arg::Num(p.id)), ("name", p.name.as_str().into())],
        );
        Ok(p)
    }
}

/// Runs the demo in `dir`, which must be empty: its files replace whatever has their names,
/// and a user's `contract.pdf` must not be one of them.
pub fn run(dir: &Path) -> Result<DemoReport> {
    let registry = dir.join("registry.db");
    // A directory that cannot be listed is reported as such: it may well be empty.
    let mut entries =
        std::fs::read_dir(dir).map_err(|e| crate::input::unreadable("--dir", dir, &e))?;
    if entries.next().is_some() {
        return Err(E::DemoDirTaken {
            dir: dir.display().to_string(),
        }
        .into());
    }
    let mut reg = Registry::open(&registry)?;
    let master = crate::domain::keystore::master_key(&mut reg, &dir.join("registry.db.key"))?;
    crate::domain::history::start_chain(&mut reg, &master)?;
    let mut d = Demo {
        reg,
        operator: Actor::Operator,
        steps: Vec::new(),
        dir: dir.to_path_buf(),
        files: Vec::new(),
    };

    let admin = d.person("张伟", "110108198503120011", "zhangwei@example.com")?;
    let member1 = d.person("李娜", "110108199007050020", "lina@example.com")?;
    let member2 = d.person("王芳", "310115199202180032", "wangfang@example.com")?;

    let (org, _) = org::add(
        &mut d.reg,
        &d.operator,
        NewOrg {
            name: "北京云签科技有限公司",
            uscc: "91110108MA01ABCD1E",
            legal_rep_name: "赵建国",
            legal_rep_id_number: "110108197506200055",
            admin: &admin.id.to_string(),
        },
    )?;
    d.step(
        msg!("demo-org"),
        &[
            ("id", Arg::Num(org.id)),
            ("name", org.name.as_str().into()),
            ("uscc", org.uscc.as_str().into()),
            ("admin", admin.name.as_str().into()),
        ],
    );
    let admin_actor = Actor::person(admin.clone(), Proof::vouched_by_operator());
    for m in [&member1, &member2] {
        org::add_member(
            &mut d.reg,
            &admin_actor,
            &org.id.to_string(),
            &m.id.to_string(),
            false,
        )?;
        d.step(
            msg!("demo-member"),
            &[
                ("admin", admin.name.as_str().into()),
                ("member", m.name.as_str().into()),
            ],
        );
    }

    match package::buy(
        &mut d.reg,
        &admin_actor,
        &org.id.to_string(),
        Order::default(),
    ) {
        Err(e) if e.refusal().is_some() => {
            d.step(msg!("demo-buy-refused"), &[("why", e.to_string().into())])
        }
        Ok(_) => {
            return Err(E::invariant("demo: D1 did not refuse an unauthorized buy").into());
        }
        Err(e) => return Err(e),
    }
    org::authorize(
        &mut d.reg,
        &d.operator,
        &org.id.to_string(),
        AuthMethod::Face,
        None,
    )?;
    d.step(
        msg!("demo-authorized"),
        &[("org", org.name.as_str().into())],
    );

    let bought = package::buy(
        &mut d.reg,
        &admin_actor,
        &org.id.to_string(),
        Order::default(),
    )?;
    d.step(
        msg!("demo-bought"),
        &[
            ("admin", admin.name.as_str().into()),
            ("package", Arg::Num(bought.id)),
            ("enterprise", Arg::Num(bought.enterprise_slots)),
            ("personal", Arg::Num(bought.personal_slots)),
            ("price", Arg::Num(bought.price_cny)),
        ],
    );
    let (paid, _) = package::pay(&mut d.reg, &d.operator, bought.id)?;
    d.step(
        msg!("demo-paid"),
        &[
            ("package", Arg::Num(paid.package.id)),
            ("slots", Arg::Num(crate::pki::error::num(paid.slots.len()))),
        ],
    );

    let certificates = certificates(&mut d, &paid, [&admin, &member1, &member2])?;
    seals_and_stamps(&mut d, &admin, &member1, &certificates)?;

    let history = history::verify(&mut d.reg, &master, &[], None)?;
    d.step(
        msg!("demo-history"),
        &[
            ("events", Arg::Num(crate::pki::error::num(history.events))),
            (
                "intact",
                if history.problem.is_none() {
                    "yes"
                } else {
                    "no"
                }
                .into(),
            ),
        ],
    );

    Ok(DemoReport {
        dir: dir.to_path_buf(),
        registry,
        steps: d.steps,
        orgs: org::list(&mut d.reg, crate::domain::page::Page::ALL)?.rows,
        persons: person::list(&mut d.reg, crate::domain::page::Page::ALL)?.rows,
        packages: vec![paid],
        certificates,
        files: d.files,
        history,
    })
}

/// Two CAs (SM2 and RSA), the package's three certificates imported (导入证书) with PINs,
/// PKCS#12 files, a lost-PIN reissue (补发), a binding, and both CAs' CRLs.
fn certificates(
    d: &mut Demo,
    paid: &PackageDetails,
    people: [&Person; 3],
) -> Result<Vec<CertView>> {
    let [admin, lina, fang] = people;
    let master = keystore::master_key(&mut d.reg, &d.dir.join("registry.db.key"))?;
    let sm2 = ca::init(
        &mut d.reg,
        &d.operator,
        &master,
        "演示SM2根CA",
        Algo::Sm2,
        10,
        &ca::Distribution::default(),
    )?;
    let rsa = ca::init(
        &mut d.reg,
        &d.operator,
        &master,
        "Demo RSA Root CA",
        Algo::Rsa2048,
        10,
        &ca::Distribution::default(),
    )?;
    for c in [&sm2, &rsa] {
        let pem = ca::export(&mut d.reg, &c.id.to_string(), true)?;
        let path = d.write(&format!("ca-{}.pem", c.algo), &pem, 0o644)?;
        d.step(
            msg!("demo-ca"),
            &[
                ("name", c.name.as_str().into()),
                ("algo", c.algo.as_str().into()),
                ("path", path.display().to_string().into()),
            ],
        );
    }
    // A time-stamping authority under the RSA CA: it proves when each signature was made.
    let tsa = crate::domain::tsa::init(
        &mut d.reg,
        &d.operator,
        &master,
        Some(&rsa.id.to_string()),
        Some(DEMO_TSA),
        None,
        None,
    )?;
    d.step(
        msg!("demo-tsa"),
        &[
            ("name", tsa.name.as_str().into()),
            ("algo", tsa.algo.as_str().into()),
            ("ca", rsa.name.as_str().into()),
        ],
    );
    let slot = |kind: CertKind, n: usize| -> Result<i64> {
        paid.slots
            .iter()
            .filter(|s| s.kind == kind)
            .nth(n)
            .map(|s| s.id)
            .ok_or_else(|| E::invariant("demo package lacks a slot").into())
    };
    let plan = [
        (slot(CertKind::Enterprise, 0)?, admin, &sm2, "enterprise"),
        (slot(CertKind::Personal, 0)?, lina, &sm2, "lina"),
        (slot(CertKind::Personal, 1)?, fang, &rsa, "wangfang"),
    ];
    let admin_actor = Actor::person(admin.clone(), Proof::vouched_by_operator());
    let mut issued = Vec::new();
    for (slot_id, person, ca_row, file) in plan {
        let id = person.id.to_string();
        cert_domain::assign(&mut d.reg, &admin_actor, slot_id, &id, &id)?;
        let (pin, pin_path) = d.pin(file)?;
        let profile = cert_domain::p12_profile(false);
        // Each holder imports their own slot and chooses its PIN (D6).
        let holder_actor = Actor::person(person.clone(), Proof::vouched_by_operator());
        let i = cert_domain::issue(
            &mut d.reg,
            &holder_actor,
            &master,
            slot_id,
            Some(&ca_row.name),
            &pin,
            Some(cert_domain::P12Request {
                profile,
                password: None,
                stage: &mut |_| Ok(()),
            }),
        )?;
        let p12 = d.write(
            &format!("{file}.p12"),
            i.p12.as_deref().unwrap_or_default(),
            0o600,
        )?;
        d.step(
            msg!("demo-issued"),
            &[
                ("slot", Arg::Num(slot_id)),
                ("person", person.name.as_str().into()),
                ("algo", ca_row.algo.as_str().into()),
                ("cert", Arg::Num(i.cert.cert.id)),
                ("until", i.cert.cert.not_after.into()),
                ("p12", p12.display().to_string().into()),
                ("pin", pin_path.display().to_string().into()),
            ],
        );
        issued.push((i.cert.cert.id, pin));
    }
    let (lina_cert, lina_pin) = &issued[1];
    // D5: the administrator cannot make himself the holder of 李娜's personal certificate
    // (and so sign as her) without her consent.
    match cert_domain::change_holder(&mut d.reg, &admin_actor, *lina_cert, &admin.id.to_string()) {
        Err(e) if e.refusal().is_some() => d.step(
            msg!("demo-holder-refused"),
            &[
                ("admin", admin.name.as_str().into()),
                ("name", lina.name.as_str().into()),
                ("why", e.to_string().into()),
            ],
        ),
        Ok(_) => {
            return Err(
                E::invariant("demo: D5 did not refuse a holder change without consent").into(),
            );
        }
        Err(e) => return Err(e),
    }
    let c = cert_domain::bind(
        &mut d.reg,
        &Actor::person(lina.clone(), Proof::vouched_by_operator()),
        &master,
        *lina_cert,
        None,
        lina_pin,
    )?;
    d.step(
        msg!("demo-bound"),
        &[
            ("name", lina.name.as_str().into()),
            ("cert", Arg::Num(c.id)),
        ],
    );

    let (fang_cert, _) = &issued[2];
    let (new_pin, new_pin_path) = d.pin("wangfang-new")?;
    let re = cert_domain::reissue(&mut d.reg, &d.operator, &master, *fang_cert, &new_pin, None)?;
    d.step(
        msg!("demo-reissued"),
        &[
            ("name", fang.name.as_str().into()),
            ("old", Arg::Num(*fang_cert)),
            ("new", Arg::Num(re.cert.cert.id)),
            ("pin", new_pin_path.display().to_string().into()),
            ("until", re.cert.cert.not_after.into()),
        ],
    );
    for c in [&sm2, &rsa] {
        let (report, ()) = ca::crl(&mut d.reg, &d.operator, &master, Some(&c.name), |_| Ok(()))?;
        let pem = der::pem::encode_string("X509 CRL", der::pem::LineEnding::LF, report.der())
            .map_err(|e| E::CrlPem {
                detail: e.to_string(),
            })?;
        let path = d.write(&format!("crl-{}.pem", c.algo), pem.as_bytes(), 0o644)?;
        d.step(
            msg!("demo-crl"),
            &[
                ("number", Arg::Num(report.crl_number)),
                ("ca", c.name.as_str().into()),
                (
                    "entries",
                    Arg::Num(crate::pki::error::num(report.entries.len())),
                ),
                ("path", path.display().to_string().into()),
            ],
        );
    }
    let mut views = Vec::new();
    for id in [issued[0].0, issued[1].0, re.cert.cert.id] {
        views.push(cert_domain::show(&mut d.reg, id)?);
    }
    Ok(views)
}

/// Signs `input` as `actor` with certificate `cert_id` (its PIN from the demo's PIN file),
/// the seal `seal_id` centred on occurrence `nth` of 盖章处; records the signature.
#[allow(clippy::too_many_arguments)]
fn sign_demo(
    d: &mut Demo,
    actor: &Actor,
    master: &crate::pki::vault::MasterKey,
    cert_id: i64,
    pin_file: &str,
    seal_id: i64,
    nth: usize,
    input: Vec<u8>,
    reason: &str,
) -> Result<Vec<u8>> {
    // Each signer's timestamps are recorded in their name (B-T: the TSA stamps the signature).
    let mut tsa = RegistryTsa::open(
        d.reg.another_connection()?,
        actor.clone(),
        master,
        Some(DEMO_TSA),
        "pdf",
    )?;
    let pin_bytes =
        std::fs::read(d.dir.join(pin_file)).map_err(|e| E::invariant(&format!("demo PIN: {e}")))?;
    let pin = Pin::parse(pin_file, &pin_bytes)?;
    let signer = signing::signer(&mut d.reg, actor, master, cert_id, &pin, Some(seal_id))?;
    let seal = signer
        .seal
        .as_ref()
        .ok_or_else(|| E::invariant("demo seal missing"))?;
    let image = SealImage::from_png(&seal.png)?;
    let size = (seal.width_mm, seal.height_mm);
    let keyword = Placement::Keyword {
        text: "盖章处".into(),
        occurrence: Occurrence::Nth(nth),
        offset_mm: (0.0, 0.0),
        allow_missing: false,
        clamp: false,
    };
    let marks = job::plan(input.clone(), None, size, &keyword)?;
    let pt = crate::pdf::geometry::PT_PER_MM;
    let esl = crate::domain::seal_esl::view(&mut d.reg, seal_id)?;
    let req = SignRequest {
        key: &signer.key,
        cert: &signer.cert,
        chain: &signer.chain,
        reason: Some(reason),
        location: Some("北京"),
        name: Some(&signer.name),
        signing_time: ca::system_time(crate::domain::clock::now()?),
        certify: false,
        revocation_crls: &[],
        seal_mark: esl.as_ref().map(|v| crate::pdf::sign::SealMark {
            es_id: &v.es_id,
            maker: &v.maker,
        }),
        appearance: Some(Appearance {
            image: &image,
            marks,
            size_pt: (size.0 * pt, size.1 * pt),
        }),
    };
    let signed = crate::pdf::sign::sign(input, None, &req, Some(&mut tsa))?;
    signing::record(
        &mut d.reg,
        actor,
        &signer,
        "contract-stamped.pdf",
        "contract-signed.pdf",
        &signed.field_name,
    )?;
    Ok(signed.bytes)
}

/// The demo's time-stamping authority, under the RSA CA.
const DEMO_TSA: &str = "演示时间戳服务";

/// Takes the signed contract to PAdES B-LTA, as `catool pdf timestamp` does: the
/// certificates and fresh CRLs every signature and its timestamp need, then a document
/// timestamp over it all.
fn archive(
    d: &mut Demo,
    master: &crate::pki::vault::MasterKey,
    signed: Vec<u8>,
) -> Result<Vec<u8>> {
    let certs = crate::domain::ltv::certificates_of(&crate::pdf::verify::verify(&signed, None)?);
    let operator = d.operator.clone();
    let mut issue_crl = |reg: &mut Registry, ca_id: i64| {
        ca::crl(reg, &operator, master, Some(&ca_id.to_string()), |_| Ok(()))
            .map(|(report, ())| report.into_der())
    };
    let data =
        crate::domain::ltv::Collector::default().collect(&mut d.reg, &mut issue_crl, &certs)?;
    let with_dss = crate::pdf::ltv::add_dss(signed, None, &data)?;
    let mut tsa = RegistryTsa::open(
        d.reg.another_connection()?,
        d.operator.clone(),
        master,
        Some(DEMO_TSA),
        "pdf",
    )?;
    let stamped = crate::pdf::ltv::add_document_timestamp(
        with_dss,
        None,
        &mut tsa,
        crate::pki::signed_data::DigestAlg::Sha256,
    )?;
    crate::domain::ltv::record_timestamp(
        &mut d.reg,
        &d.operator,
        "contract-signed.pdf",
        "contract-archived.pdf",
        &stamped.field_name,
        DEMO_TSA,
    )?;
    d.step(
        msg!("demo-archived"),
        &[
            ("certs", Arg::Num(crate::pki::error::num(data.certs.len()))),
            ("crls", Arg::Num(crate::pki::error::num(data.crls.len()))),
            ("tsa", DEMO_TSA.into()),
        ],
    );
    Ok(stamped.bytes)
}

/// The sample contract the demo stamps (assets/contract.pdf: reportlab, STSong-Light).
const CONTRACT: &[u8] = include_bytes!("../assets/contract.pdf");

/// The enterprise's official and contract seals and 李娜's name seal (D16), assigned to the
/// certificates (D18), then the sample contract stamped at 盖章处 and across its pages (D19).
fn seals_and_stamps(d: &mut Demo, admin: &Person, lina: &Person, certs: &[CertView]) -> Result<()> {
    let master = keystore::master_key(&mut d.reg, &d.dir.join("registry.db.key"))?;
    let org = "1";
    let mut made = Vec::new();
    for (kind, owner, file) in [
        (SealKind::Official, Owner::Org(org), "seal-official.png"),
        (SealKind::Contract, Owner::Org(org), "seal-contract.png"),
        (SealKind::Name, Owner::Person(&lina.name), "seal-lina.png"),
    ] {
        let mut spec = SealSpec::new(kind, "");
        if kind == SealKind::Official {
            spec.code = Some("1101080012345".into());
        }
        let (seal, png) = seal_domain::make(&mut d.reg, &d.operator, owner, spec)?;
        let path = d.write(file, &png, 0o644)?;
        d.step(
            msg!("demo-seal"),
            &[
                ("id", Arg::Num(seal.id)),
                ("label", seal.label.as_str().into()),
                ("owner", seal.owner_name.as_str().into()),
                ("mm", format!("{:.0}", seal.width_mm).into()),
                ("path", path.display().to_string().into()),
            ],
        );
        made.push(seal);
    }
    let admin_actor = Actor::person(admin.clone(), Proof::vouched_by_operator());
    let enterprise_cert = certs[0].cert.id;
    seal_domain::assign(&mut d.reg, &admin_actor, made[1].id, enterprise_cert)?;
    seal_domain::assign(&mut d.reg, &admin_actor, made[2].id, certs[1].cert.id)?;
    let ca_id = certs[0]
        .cert
        .ca_id
        .ok_or_else(|| E::invariant("demo certificate without CA"))?;
    esl::makers_and_ses(
        d,
        &master,
        &admin_actor,
        &made,
        (enterprise_cert, ca_id, "enterprise.pin"),
        (made[1].id, CONTRACT),
    )?;
    d.step(
        msg!("demo-seals-assigned"),
        &[
            ("admin", admin.name.as_str().into()),
            ("cert", Arg::Num(enterprise_cert)),
            ("member", lina.name.as_str().into()),
            ("member_cert", Arg::Num(certs[1].cert.id)),
        ],
    );

    let input = d.write("contract.pdf", CONTRACT, 0o644)?;
    let official = stamping::usable_seal(&mut d.reg, &d.operator, made[0].id)?;
    let seal = job::Seal {
        image: &SealImage::from_png(&official.png)?,
        width_mm: official.width_mm,
        height_mm: official.height_mm,
        opacity: 0.9,
    };
    let cross = Placement::CrossPage {
        pages: Pages::All,
        options: cross_page::Options::new(Edge::Right),
        full_seal: None,
    };
    let (stamped, stamped_bytes) =
        job::stamp(CONTRACT.to_vec(), None, &seal, &cross)?.into_bytes()?;
    let out = d.write("contract-stamped.pdf", &stamped_bytes, 0o644)?;
    stamping::record(
        &mut d.reg,
        &d.operator,
        &official,
        &input.to_string_lossy(),
        &out.to_string_lossy(),
        &stamped,
    )?;
    d.step(
        msg!("demo-stamped"),
        &[
            ("pages", Arg::Num(crate::pki::error::num(stamped.pages))),
            ("path", out.display().to_string().into()),
        ],
    );

    // 甲方: 张伟 signs with the enterprise certificate (SM2), the contract seal as its
    // appearance on the first 盖章处; then 王芳 co-signs with her RSA certificate and name seal.
    let fang = certs[2]
        .cert
        .owner
        .clone()
        .ok_or_else(|| E::invariant("demo certificate without owner"))?;
    let (fang_seal, _) = seal_domain::make(
        &mut d.reg,
        &d.operator,
        Owner::Person(&fang.name),
        SealSpec::new(SealKind::Name, ""),
    )?;
    seal_domain::assign(&mut d.reg, &admin_actor, fang_seal.id, certs[2].cert.id)?;
    let signed_a = sign_demo(
        d,
        &admin_actor,
        &master,
        enterprise_cert,
        "enterprise.pin",
        made[1].id,
        1,
        stamped_bytes,
        "同意签订",
    )?;
    d.step(
        msg!("demo-signed"),
        &[
            ("admin", admin.name.as_str().into()),
            ("cert", Arg::Num(enterprise_cert)),
        ],
    );
    let fang_actor = Actor::person(
        crate::domain::person::show(&mut d.reg, &fang.id.to_string())?.person,
        Proof::vouched_by_operator(),
    );
    let signed = sign_demo(
        d,
        &fang_actor,
        &master,
        certs[2].cert.id,
        "wangfang-new.pin",
        fang_seal.id,
        2,
        signed_a,
        "确认",
    )?;
    let out = d.write("contract-signed.pdf", &signed, 0o644)?;
    d.step(
        msg!("demo-cosigned"),
        &[
            ("name", fang.name.as_str().into()),
            ("cert", Arg::Num(certs[2].cert.id)),
            ("path", out.display().to_string().into()),
        ],
    );
    let signed = archive(d, &master, signed)?;
    let out = d.write("contract-archived.pdf", &signed, 0o644)?;
    let (reports, dss) = crate::pdf::verify::verify_with_dss(&signed, None)?;
    let checked = signing::check(&mut d.reg, reports, &dss, &[])?;
    let valid = checked.iter().filter(|c| c.valid).count();
    let levels: Vec<&str> = checked
        .iter()
        .filter_map(|c| c.pades_level.map(|l| l.name()))
        .collect();
    d.step(
        msg!("demo-verified"),
        &[
            ("path", out.display().to_string().into()),
            ("valid", Arg::Num(crate::pki::error::num(valid))),
            ("total", Arg::Num(crate::pki::error::num(checked.len()))),
            ("levels", levels.join(", ").into()),
        ],
    );

    // An attacker appends a revision that replaces page 1's content after both signed.
    let tampered = replace_first_page_content(signed)?;
    let out = d.write("contract-tampered.pdf", &tampered, 0o644)?;
    let (reports, dss) = crate::pdf::verify::verify_with_dss(&tampered, None)?;
    let checked = signing::check(&mut d.reg, reports, &dss, &[])?;
    let caught = checked
        .iter()
        .find_map(|c| c.reason.as_ref().map(ToString::to_string))
        .unwrap_or_else(|| "-".into());
    d.step(
        msg!("demo-tampered"),
        &[
            ("path", out.display().to_string().into()),
            (
                "valid",
                Arg::Num(crate::pki::error::num(
                    checked.iter().filter(|c| c.valid).count(),
                )),
            ),
            ("total", Arg::Num(crate::pki::error::num(checked.len()))),
            ("caught", caught.into()),
        ],
    );
    Ok(())
}

/// The tampering of the demo: an incremental update that gives page 1 other content, as an
/// attacker with a few lines of pypdf would.
fn replace_first_page_content(signed: Vec<u8>) -> Result<Vec<u8>> {
    let mut pdf = crate::pdf::load(signed, None)?;
    let (_, page_id) = pdf
        .pages()
        .into_iter()
        .next()
        .ok_or_else(|| E::invariant("the demo contract has no page"))?;
    let content = pdf.doc.new_document.add_object(lopdf::Stream::new(
        lopdf::Dictionary::new(),
        b"BT /F1 24 Tf 72 720 Td (Total: 900000 CNY) Tj ET".to_vec(),
    ));
    pdf.doc
        .opt_clone_object_to_new_document(page_id)
        .map_err(|e| E::invariant(&format!("demo tampering: {e}")))?;
    pdf.doc
        .new_document
        .get_dictionary_mut(page_id)
        .map_err(|e| E::invariant(&format!("demo tampering: {e}")))?
        .set("Contents", lopdf::Object::Reference(content));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_demo_directory_that_cannot_be_listed_is_reported_unreadable_not_taken() {
        // Root lists any directory: a file where the directory should be fails the same way.
        let dir = tempfile::tempdir().unwrap();
        let not_a_dir = dir.path().join("file");
        std::fs::write(&not_a_dir, b"x").unwrap();
        let e = run(&not_a_dir).unwrap_err().to_string();
        assert!(e.contains("--dir") && !e.contains("not empty"), "{e}");
        assert!(!dir.path().join("file").is_dir());
    }
}
