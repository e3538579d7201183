// A foreign verifier for catool's CMS output, built on BouncyCastle (Debian's libbcprov-java,
// libbcpkix-java and libbcutil-java, 1.72). OpenSSL 3.0 and poppler cannot pass the SM2
// distinguishing ID when they check a CMS signature; BouncyCastle can, so the tests use this
// program to prove catool's SM2 signatures (tests/it/sm2_bouncycastle.rs compiles and runs it).
//
// No build tool: javac -cp /usr/share/java/bcprov.jar:/usr/share/java/bcpkix.jar:/usr/share/java/bcutil.jar \
//                    -d OUT tests/bc/VerifyCms.java
//
// Usage:
//   VerifyCms PDF_FILE [--distid ID]
//       Finds every /ByteRange [a b c d] in the file, takes the hex /Contents in the gap,
//       drops the zero padding after the DER SEQUENCE, and verifies every SignerInfo of the
//       detached CMS SignedData over the bytes of the ranges, with the signer certificate
//       carried in the CMS. SM2 (SM3withSM2) is checked with the distinguishing ID given
//       explicitly (default 1234567812345678, the GM/T 0009 default). Also checked: the
//       ESS signing-certificate(-v2) attribute names the signer certificate, and the signer
//       certificate's own signature verifies with its issuer's key when the issuer is in the
//       CMS (SM2 with the same ID).
//       One line per signature: "OK <signer subject> <alg> <notes>" or "FAIL <reason>".
//       Exit 0 only when there is at least one signature and every one verifies; 1 otherwise.
//
//   VerifyCms envelope ENV.der KEY.p12 PIN_FILE OUT_FILE
//       Opens a CMS EnvelopedData made by `catool encrypt` with the private key of a PKCS#12
//       (password = first line of PIN_FILE). First with BouncyCastle's CMS API
//       (JceKeyTransEnvelopedRecipient); line "CMS-API OK" or "CMS-API FAIL <exception>", and
//       after a failure once more with the SM2 OID mapped to BC's "SM2" Cipher
//       (line "CMS-API(SM2 mapped) OK|FAIL ...").
//       When the CMS API cannot, with BouncyCastle's primitives: the GM/T 0009 SM2Cipher
//       structure is decrypted with SM2Engine (C1C3C2) and the content with SM4-CBC; line
//       "PRIMITIVES OK <n> bytes" or "PRIMITIVES FAIL <reason>". The plaintext is written to
//       OUT_FILE. Exit 0 when a plaintext was recovered, 1 otherwise.
//
// Exit 2: usage error or unreadable input.

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.ess.ESSCertID;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificate;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.jcajce.spec.SM2ParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.Store;
import org.bouncycastle.util.encoders.Hex;

public final class VerifyCms {
    static final String DEFAULT_DISTID = "1234567812345678";
    static final ASN1ObjectIdentifier SM2_ENCRYPTION = GMObjectIdentifiers.sm2encrypt;
    static final ASN1ObjectIdentifier SM4_CBC = GMObjectIdentifiers.sms4_cbc;

    static PrintStream out;

    public static void main(String[] args) throws Exception {
        out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        Security.addProvider(new BouncyCastleProvider());
        int code;
        try {
            if (args.length >= 1 && args[0].equals("envelope")) {
                if (args.length != 5) {
                    usage();
                    return;
                }
                code = envelope(args[1], args[2], args[3], args[4]);
            } else {
                String pdf = null;
                String distid = DEFAULT_DISTID;
                for (int i = 0; i < args.length; i++) {
                    if (args[i].equals("--distid") && i + 1 < args.length) {
                        distid = args[++i];
                    } else if (pdf == null && !args[i].startsWith("--")) {
                        pdf = args[i];
                    } else {
                        usage();
                        return;
                    }
                }
                if (pdf == null) {
                    usage();
                    return;
                }
                code = verifyPdf(pdf, distid.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            System.err.println("error: " + e);
            code = 2;
        }
        out.flush();
        System.exit(code);
    }

    static void usage() {
        System.err.println("usage: VerifyCms PDF_FILE [--distid ID]\n"
                + "       VerifyCms envelope ENV.der KEY.p12 PIN_FILE OUT_FILE");
        System.exit(2);
    }

    // ---------------------------------------------------------------- PDF signatures

    static final Pattern BYTE_RANGE = Pattern.compile(
            "/ByteRange\\s*\\[\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*\\]");

    static int verifyPdf(String path, byte[] distid) throws IOException {
        byte[] pdf = Files.readAllBytes(Paths.get(path));
        // ISO-8859-1 maps every byte to one char: regex offsets are byte offsets.
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        Matcher m = BYTE_RANGE.matcher(text);
        // A signature dictionary rewritten by a later revision repeats its /ByteRange.
        Set<List<Long>> ranges = new LinkedHashSet<>();
        while (m.find()) {
            ranges.add(Arrays.asList(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
        }
        if (ranges.isEmpty()) {
            out.println("FAIL no /ByteRange in " + path + ": no signatures");
            return 1;
        }
        int failed = 0;
        for (List<Long> r : ranges) {
            String label = "ByteRange [" + r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3) + "]";
            try {
                for (String line : verifyOne(pdf, r.get(0), r.get(1), r.get(2), r.get(3), distid)) {
                    out.println(line);
                    if (!line.startsWith("OK ")) {
                        failed++;
                    }
                }
            } catch (Exception e) {
                out.println("FAIL " + label + ": " + describe(e));
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** Verifies the signature whose byte range is [a, a+b) + [c, c+d); one line per signer. */
    static List<String> verifyOne(byte[] pdf, long a, long b, long c, long d, byte[] distid) throws Exception {
        String label = "ByteRange [" + a + " " + b + " " + c + " " + d + "]";
        List<String> lines = new ArrayList<>();
        if (a != 0 || a + b > c || c + d > pdf.length || b < 0 || d < 0) {
            lines.add("FAIL " + label + ": ranges do not start at 0 or lie outside the file (" + pdf.length + " bytes)");
            return lines;
        }
        // The gap holds exactly the /Contents hex string: <...>.
        String gap = new String(pdf, (int) (a + b), (int) (c - (a + b)), StandardCharsets.ISO_8859_1);
        if (!gap.startsWith("<") || !gap.endsWith(">")) {
            lines.add("FAIL " + label + ": the gap between the ranges is not a hex string <...>");
            return lines;
        }
        byte[] padded = Hex.decode(gap.substring(1, gap.length() - 1).replaceAll("\\s", ""));
        byte[] der = stripPadding(padded);

        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.write(pdf, (int) a, (int) b);
        signed.write(pdf, (int) c, (int) d);
        CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signed.toByteArray()), der);
        Store<X509CertificateHolder> certs = cms.getCertificates();
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            lines.add("FAIL " + label + ": the CMS has no SignerInfo");
        }
        DefaultCMSSignatureAlgorithmNameGenerator names = new DefaultCMSSignatureAlgorithmNameGenerator();
        for (SignerInformation si : signers) {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = certs.getMatches(si.getSID());
            if (matches.isEmpty()) {
                lines.add("FAIL " + label + ": the signer certificate is not in the CMS");
                continue;
            }
            X509CertificateHolder cert = matches.iterator().next();
            String subject = cert.getSubject().toString();
            String alg = names.getSignatureName(si.getDigestAlgorithmID(), si.getEncryptionAlgOID() == null
                    ? null : new AlgorithmIdentifier(new ASN1ObjectIdentifier(si.getEncryptionAlgOID())));
            boolean sm2 = isSm2(new ASN1ObjectIdentifier(si.getEncryptionAlgOID()));
            SignerInformationVerifier verifier = sm2
                    ? sm2SignerVerifier(cert, distid)
                    : new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(cert);
            boolean ok;
            try {
                ok = si.verify(verifier);
            } catch (Exception e) {
                lines.add("FAIL " + subject + " " + alg + ": " + describe(e));
                continue;
            }
            if (!ok) {
                lines.add("FAIL " + subject + " " + alg + ": the CMS signature does not verify"
                        + (sm2 ? " (SM2 ID " + new String(distid, StandardCharsets.UTF_8) + ")" : ""));
                continue;
            }
            String ess = checkSigningCertificate(si, cert);
            if (ess.startsWith("FAIL")) {
                lines.add("FAIL " + subject + " " + alg + ": " + ess.substring(5));
                continue;
            }
            String chain = checkIssuer(cert, certs, distid);
            if (chain.startsWith("FAIL")) {
                lines.add("FAIL " + subject + " " + alg + ": " + chain.substring(5));
                continue;
            }
            String whole = (c + d == pdf.length) ? "whole-file" : "earlier-revision";
            lines.add("OK " + subject + " " + alg + " " + whole + " " + ess + " " + chain);
        }
        return lines;
    }

    /** The DER SEQUENCE at the start of `padded`; what follows must be zero padding. */
    static byte[] stripPadding(byte[] padded) throws IOException {
        if (padded.length < 2 || padded[0] != 0x30) {
            throw new IOException("/Contents does not start with a DER SEQUENCE");
        }
        int first = padded[1] & 0xff;
        long len;
        int header;
        if (first < 0x80) {
            len = first;
            header = 2;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4 || padded.length < 2 + n) {
                throw new IOException("/Contents has an unsupported DER length form");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (padded[2 + i] & 0xff);
            }
            header = 2 + n;
        }
        long total = header + len;
        if (total > padded.length) {
            throw new IOException("/Contents is truncated: DER says " + total + " bytes, there are " + padded.length);
        }
        for (int i = (int) total; i < padded.length; i++) {
            if (padded[i] != 0) {
                throw new IOException("non-zero byte after the CMS in /Contents at " + i);
            }
        }
        return Arrays.copyOf(padded, (int) total);
    }

    static boolean isSm2(ASN1ObjectIdentifier oid) {
        return oid.equals(GMObjectIdentifiers.sm2sign_with_sm3) || oid.equals(GMObjectIdentifiers.sm2sign)
                || oid.equals(GMObjectIdentifiers.sm2p256v1);
    }

    /**
     * A SignerInformationVerifier whose SM2 verifier is a BC "SM3withSM2" Signature with the
     * distinguishing ID set explicitly (SM2ParameterSpec), instead of relying on a default.
     */
    static SignerInformationVerifier sm2SignerVerifier(X509CertificateHolder cert, byte[] distid) throws Exception {
        return new SignerInformationVerifier(new DefaultCMSSignatureAlgorithmNameGenerator(),
                new DefaultSignatureAlgorithmIdentifierFinder(), sm2Provider(cert, distid),
                new JcaDigestCalculatorProviderBuilder().setProvider("BC").build());
    }

    static ContentVerifierProvider sm2Provider(final X509CertificateHolder cert, final byte[] distid) throws Exception {
        final PublicKey key = new JcaX509CertificateConverter().setProvider("BC").getCertificate(cert).getPublicKey();
        return new ContentVerifierProvider() {
            public boolean hasAssociatedCertificate() {
                return true;
            }

            public X509CertificateHolder getAssociatedCertificate() {
                return cert;
            }

            public ContentVerifier get(final AlgorithmIdentifier alg) throws OperatorCreationException {
                if (!alg.getAlgorithm().equals(GMObjectIdentifiers.sm2sign_with_sm3)) {
                    throw new OperatorCreationException("expected SM3withSM2 (1.2.156.10197.1.501), got " + alg.getAlgorithm());
                }
                final Signature sig;
                try {
                    sig = Signature.getInstance("SM3withSM2", "BC");
                    sig.setParameter(new SM2ParameterSpec(distid));
                    sig.initVerify(key);
                } catch (Exception e) {
                    throw new OperatorCreationException("cannot set up SM3withSM2: " + e, e);
                }
                final OutputStream stream = new OutputStream() {
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    public void write(byte[] buf, int off, int len) throws IOException {
                        try {
                            sig.update(buf, off, len);
                        } catch (SignatureException e) {
                            throw new IOException(e);
                        }
                    }
                };
                return new ContentVerifier() {
                    public AlgorithmIdentifier getAlgorithmIdentifier() {
                        return alg;
                    }

                    public OutputStream getOutputStream() {
                        return stream;
                    }

                    public boolean verify(byte[] signature) {
                        try {
                            return sig.verify(signature);
                        } catch (SignatureException e) {
                            return false;
                        }
                    }
                };
            }
        };
    }

    /** The ESS signing-certificate(-v2) attribute must name the signer certificate. */
    static String checkSigningCertificate(SignerInformation si, X509CertificateHolder cert) throws Exception {
        AttributeTable attrs = si.getSignedAttributes();
        if (attrs == null) {
            return "no-signed-attributes";
        }
        Attribute v2 = attrs.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        Attribute v1 = attrs.get(PKCSObjectIdentifiers.id_aa_signingCertificate);
        byte[] encoded = cert.getEncoded();
        if (v2 != null) {
            ESSCertIDv2 id = SigningCertificateV2.getInstance(v2.getAttrValues().getObjectAt(0)).getCerts()[0];
            ASN1ObjectIdentifier hashAlg = id.getHashAlgorithm().getAlgorithm();
            String name = digestName(hashAlg);
            byte[] want = MessageDigest.getInstance(name, "BC").digest(encoded);
            if (!Arrays.equals(want, id.getCertHash())) {
                return "FAIL signing-certificate-v2 hash (" + name + ") does not match the signer certificate";
            }
            if (id.getIssuerSerial() != null
                    && !id.getIssuerSerial().getSerial().getValue().equals(cert.getSerialNumber())) {
                return "FAIL signing-certificate-v2 names another serial number";
            }
            return "ess-v2(" + name + ")";
        }
        if (v1 != null) {
            ESSCertID id = SigningCertificate.getInstance(v1.getAttrValues().getObjectAt(0)).getCerts()[0];
            byte[] want = MessageDigest.getInstance("SHA-1", "BC").digest(encoded);
            if (!Arrays.equals(want, id.getCertHash())) {
                return "FAIL signing-certificate hash (SHA-1) does not match the signer certificate";
            }
            return "ess-v1";
        }
        return "no-ess";
    }

    static String digestName(ASN1ObjectIdentifier oid) {
        if (oid.equals(NISTObjectIdentifiers.id_sha256)) {
            return "SHA-256";
        } else if (oid.equals(NISTObjectIdentifiers.id_sha384)) {
            return "SHA-384";
        } else if (oid.equals(NISTObjectIdentifiers.id_sha512)) {
            return "SHA-512";
        } else if (oid.equals(GMObjectIdentifiers.sm3)) {
            return "SM3";
        } else if (oid.equals(OIWObjectIdentifiers.idSHA1)) {
            return "SHA-1";
        }
        return oid.getId();
    }

    /** The signer certificate's signature, checked with its issuer's key when the CMS carries the issuer. */
    static String checkIssuer(X509CertificateHolder cert, Store<X509CertificateHolder> certs, byte[] distid) throws Exception {
        for (Object o : certs.getMatches(null)) {
            X509CertificateHolder issuer = (X509CertificateHolder) o;
            if (issuer.equals(cert) || !issuer.getSubject().equals(cert.getIssuer())) {
                continue;
            }
            ContentVerifierProvider p = isSm2(cert.getSignatureAlgorithm().getAlgorithm())
                    ? sm2Provider(issuer, distid)
                    : new JcaContentVerifierProviderBuilder().setProvider("BC").build(issuer);
            if (!cert.isSignatureValid(p)) {
                return "FAIL the signer certificate's signature does not verify with its issuer "
                        + issuer.getSubject() + " from the CMS";
            }
            return "issuer-verified(" + issuer.getSubject() + ")";
        }
        return "issuer-not-in-cms";
    }

    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getClass().getName() + ": " + e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
            s.append(" / caused by ").append(c.getClass().getName()).append(": ").append(c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- CMS EnvelopedData

    static int envelope(String envPath, String p12Path, String pinPath, String outPath) throws Exception {
        byte[] env = Files.readAllBytes(Paths.get(envPath));
        String pin = new String(Files.readAllBytes(Paths.get(pinPath)), StandardCharsets.UTF_8).split("\\R", 2)[0];
        KeyStore ks = KeyStore.getInstance("PKCS12", "BC");
        try (FileInputStream in = new FileInputStream(p12Path)) {
            ks.load(in, pin.toCharArray());
        }
        PrivateKey key = null;
        for (Enumeration<String> e = ks.aliases(); e.hasMoreElements();) {
            String alias = e.nextElement();
            if (ks.isKeyEntry(alias)) {
                key = (PrivateKey) ks.getKey(alias, pin.toCharArray());
                break;
            }
        }
        if (key == null) {
            out.println("FAIL the PKCS#12 holds no private key");
            return 1;
        }
        out.println("KEY " + key.getAlgorithm() + " from " + p12Path);

        byte[] plain = null;
        try {
            CMSEnvelopedData cms = new CMSEnvelopedData(env);
            RecipientInformation r = cms.getRecipientInfos().getRecipients().iterator().next();
            plain = r.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider("BC"));
            out.println("CMS-API OK " + plain.length + " bytes (key transport " + r.getKeyEncryptionAlgOID()
                    + ", content " + cms.getEncryptionAlgOID() + ")");
        } catch (Exception e) {
            out.println("CMS-API FAIL " + describe(e));
            // BC's "SM2" Cipher, mapped to the SM2 encryption OID: it expects the raw
            // C1||C2||C3 octets, not the GM/T 0009 DER SM2Cipher structure CMS carries.
            try {
                CMSEnvelopedData cms = new CMSEnvelopedData(env);
                RecipientInformation r = cms.getRecipientInfos().getRecipients().iterator().next();
                plain = r.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider("BC")
                        .setAlgorithmMapping(SM2_ENCRYPTION, "SM2"));
                out.println("CMS-API(SM2 mapped) OK " + plain.length + " bytes");
            } catch (Exception e2) {
                out.println("CMS-API(SM2 mapped) FAIL " + describe(e2));
            }
        }

        try {
            byte[] p = openWithPrimitives(env, key);
            out.println("PRIMITIVES OK " + p.length + " bytes");
            if (plain != null && !Arrays.equals(plain, p)) {
                out.println("FAIL the CMS API and the primitives recovered different plaintexts");
                return 1;
            }
            plain = p;
        } catch (Exception e) {
            out.println("PRIMITIVES FAIL " + describe(e));
        }
        if (plain == null) {
            return 1;
        }
        Files.write(Paths.get(outPath), plain);
        return 0;
    }

    /**
     * SM2 key transport (GM/T 0010 / 0009): encryptedKey is the DER SM2Cipher
     * SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING, CipherText OCTET STRING },
     * i.e. C1 (the point), C3 (SM3 hash), C2; SM2Engine in C1C3C2 mode takes 04||x||y||C3||C2.
     * The content is SM4-CBC with the IV as the algorithm parameter.
     */
    static byte[] openWithPrimitives(byte[] env, PrivateKey key) throws Exception {
        ContentInfo ci = ContentInfo.getInstance(ASN1Sequence.getInstance(env));
        if (!ci.getContentType().equals(PKCSObjectIdentifiers.envelopedData)) {
            throw new IOException("not an EnvelopedData: " + ci.getContentType());
        }
        EnvelopedData ed = EnvelopedData.getInstance(ci.getContent());
        RecipientInfo ri = RecipientInfo.getInstance(ed.getRecipientInfos().getObjectAt(0));
        if (!(ri.getInfo() instanceof KeyTransRecipientInfo)) {
            throw new IOException("the first recipient is not key transport (ktri)");
        }
        KeyTransRecipientInfo kt = (KeyTransRecipientInfo) ri.getInfo();
        ASN1ObjectIdentifier kta = kt.getKeyEncryptionAlgorithm().getAlgorithm();
        if (!kta.equals(SM2_ENCRYPTION)) {
            throw new IOException("key transport is " + kta + ", not SM2 encryption " + SM2_ENCRYPTION);
        }
        ASN1Sequence c = ASN1Sequence.getInstance(kt.getEncryptedKey().getOctets());
        if (c.size() != 4) {
            throw new IOException("encryptedKey is not a GM/T 0009 SM2Cipher (4 fields), it has " + c.size());
        }
        BigInteger x = ASN1Integer.getInstance(c.getObjectAt(0)).getValue();
        BigInteger y = ASN1Integer.getInstance(c.getObjectAt(1)).getValue();
        byte[] c3 = ASN1OctetString.getInstance(c.getObjectAt(2)).getOctets();
        byte[] c2 = ASN1OctetString.getInstance(c.getObjectAt(3)).getOctets();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(0x04);
        raw.write(fixed32(x));
        raw.write(fixed32(y));
        raw.write(c3);
        raw.write(c2);
        byte[] r = raw.toByteArray();
        SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.init(false, (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(key));
        byte[] cek = engine.processBlock(r, 0, r.length);

        EncryptedContentInfo eci = ed.getEncryptedContentInfo();
        AlgorithmIdentifier cea = eci.getContentEncryptionAlgorithm();
        if (!cea.getAlgorithm().equals(SM4_CBC)) {
            throw new IOException("content encryption is " + cea.getAlgorithm() + ", not SM4-CBC " + SM4_CBC);
        }
        byte[] iv = ASN1OctetString.getInstance(cea.getParameters()).getOctets();
        Cipher sm4 = Cipher.getInstance("SM4/CBC/PKCS5Padding", "BC");
        sm4.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "SM4"), new IvParameterSpec(iv));
        if (eci.getEncryptedContent() == null) {
            throw new IOException("the EnvelopedData has no encryptedContent");
        }
        return sm4.doFinal(eci.getEncryptedContent().getOctets());
    }

    static byte[] fixed32(BigInteger v) throws IOException {
        byte[] b = v.toByteArray();
        if (b.length == 32) {
            return b;
        }
        if (b.length == 33 && b[0] == 0) {
            return Arrays.copyOfRange(b, 1, 33);
        }
        if (b.length < 32) {
            byte[] p = new byte[32];
            System.arraycopy(b, 0, p, 32 - b.length, b.length);
            return p;
        }
        throw new IOException("SM2Cipher coordinate longer than 32 bytes");
    }
}
