// BouncyCastle checks the signature timestamps (PAdES B-T) in a PDF: for every signature,
// the RFC 3161 token in its SignerInfo's unsigned attributes (id-aa-signatureTimeStampToken,
// 1.2.840.113549.1.9.16.2.14) is validated with BouncyCastle's own TimeStampToken.validate
// (the token's CMS signature, the ESS signing-certificate(-v2) binding to the TSA certificate,
// the certificate's validity at genTime and its critical extendedKeyUsage timeStamping), and
// its messageImprint must be the digest (with the algorithm the token states) of the
// signature value it stamps. Compiled together with VerifyCms.java (it reuses its PDF and SM2
// helpers); tests/it/ltv_interop.rs runs it.
//
// Usage:
//   VerifyTimestamp PDF_FILE [--tsa-cert PEM] [--ca PEM] [--distid ID]
//       --tsa-cert: validate with this TSA certificate (e.g. `catool tsa export`) instead of
//                   the one the token carries; the token's ESS attribute must name it.
//       --ca:       the TSA certificate's own signature must verify with this CA's key.
//       --distid:   validate SM2 (SM3withSM2) tokens with this SM2 distinguishing ID given
//                   explicitly, instead of through JcaSimpleSignerInfoVerifierBuilder (whose
//                   SM3withSM2 uses the GM/T 0009 default ID 1234567812345678).
//   One line per signature: "OK <signer> timestamp genTime=… tsa=… imprint=<alg> …" or
//   "FAIL <signer>: <reason>". Exit 0 only when there is at least one signature and every
//   one carries a timestamp that validates and stamps its signature value; 1 otherwise;
//   2 for a usage error or unreadable input.

import java.io.FileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.Security;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.bouncycastle.util.Store;
import org.bouncycastle.util.encoders.Hex;

public final class VerifyTimestamp {
    static final ASN1ObjectIdentifier SIGNATURE_TIME_STAMP_TOKEN =
            PKCSObjectIdentifiers.id_aa_signatureTimeStampToken; // 1.2.840.113549.1.9.16.2.14

    public static void main(String[] args) throws Exception {
        Security.addProvider(new BouncyCastleProvider());
        String pdf = null;
        String tsaPem = null;
        String caPem = null;
        String distid = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--tsa-cert") && i + 1 < args.length) {
                tsaPem = args[++i];
            } else if (args[i].equals("--ca") && i + 1 < args.length) {
                caPem = args[++i];
            } else if (args[i].equals("--distid") && i + 1 < args.length) {
                distid = args[++i];
            } else if (pdf == null && !args[i].startsWith("--")) {
                pdf = args[i];
            } else {
                usage();
            }
        }
        if (pdf == null) {
            usage();
        }
        int code;
        try {
            X509CertificateHolder tsa = tsaPem == null ? null : readPem(tsaPem);
            X509CertificateHolder ca = caPem == null ? null : readPem(caPem);
            code = verifyPdf(pdf, tsa, ca, distid == null ? null : distid.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("error: " + e);
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    static void usage() {
        System.err.println("usage: VerifyTimestamp PDF_FILE [--tsa-cert PEM] [--ca PEM] [--distid ID]");
        System.exit(2);
    }

    static X509CertificateHolder readPem(String path) throws IOException {
        try (PEMParser r = new PEMParser(new FileReader(path, StandardCharsets.UTF_8))) {
            Object o = r.readObject();
            if (!(o instanceof X509CertificateHolder)) {
                throw new IOException(path + " holds no PEM certificate");
            }
            return (X509CertificateHolder) o;
        }
    }

    static int verifyPdf(String path, X509CertificateHolder tsa, X509CertificateHolder ca, byte[] distid)
            throws IOException {
        byte[] pdf = Files.readAllBytes(Paths.get(path));
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        Matcher m = VerifyCms.BYTE_RANGE.matcher(text);
        Set<List<Long>> ranges = new LinkedHashSet<>();
        while (m.find()) {
            ranges.add(Arrays.asList(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
        }
        if (ranges.isEmpty()) {
            System.out.println("FAIL no /ByteRange in " + path + ": no signatures");
            return 1;
        }
        int failed = 0;
        for (List<Long> r : ranges) {
            String label = "ByteRange [" + r.get(0) + " " + r.get(1) + " " + r.get(2) + " " + r.get(3) + "]";
            List<String> lines;
            try {
                lines = verifyOne(pdf, r.get(0), r.get(1), r.get(2), tsa, ca, distid);
            } catch (Exception e) {
                lines = List.of("FAIL " + label + ": " + VerifyCms.describe(e));
            }
            for (String line : lines) {
                System.out.println(line);
                if (!line.startsWith("OK ")) {
                    failed++;
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static List<String> verifyOne(byte[] pdf, long a, long b, long c, X509CertificateHolder tsaGiven,
            X509CertificateHolder ca, byte[] distid) throws Exception {
        List<String> lines = new ArrayList<>();
        String gap = new String(pdf, (int) (a + b), (int) (c - (a + b)), StandardCharsets.ISO_8859_1);
        if (!gap.startsWith("<") || !gap.endsWith(">")) {
            lines.add("FAIL the gap between the ranges is not a hex string <...>");
            return lines;
        }
        byte[] der = VerifyCms.stripPadding(Hex.decode(gap.substring(1, gap.length() - 1).replaceAll("\\s", "")));
        CMSSignedData cms = new CMSSignedData(der);
        if (cms.getSignedContentTypeOID().equals(PKCSObjectIdentifiers.id_ct_TSTInfo.getId())) {
            // A document timestamp: its token is the signature itself, not an attribute.
            lines.add("OK document-timestamp (no signature timestamp to check)");
            return lines;
        }
        Store<X509CertificateHolder> certs = cms.getCertificates();
        for (SignerInformation si : cms.getSignerInfos().getSigners()) {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = certs.getMatches(si.getSID());
            String signer = matches.isEmpty() ? "(signer not in CMS)" : matches.iterator().next().getSubject().toString();
            AttributeTable unsigned = si.getUnsignedAttributes();
            Attribute attr = unsigned == null ? null : unsigned.get(SIGNATURE_TIME_STAMP_TOKEN);
            if (attr == null) {
                lines.add("FAIL " + signer + ": no signature timestamp (no unsigned attribute "
                        + SIGNATURE_TIME_STAMP_TOKEN + ")");
                continue;
            }
            ASN1Encodable value = attr.getAttrValues().getObjectAt(0);
            TimeStampToken token = new TimeStampToken(new CMSSignedData(value.toASN1Primitive().getEncoded()));
            X509CertificateHolder tsa = tsaGiven;
            if (tsa == null) {
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> inToken = token.getCertificates().getMatches(token.getSID());
                if (inToken.isEmpty()) {
                    lines.add("FAIL " + signer + ": the token carries no TSA certificate (give --tsa-cert)");
                    continue;
                }
                tsa = inToken.iterator().next();
            }
            boolean sm2 = token.getSignedAttributes() != null
                    && VerifyCms.isSm2(new ASN1ObjectIdentifier(firstSigner(token).getEncryptionAlgOID()));
            SignerInformationVerifier verifier = distid != null && sm2
                    ? VerifyCms.sm2SignerVerifier(tsa, distid)
                    : new JcaSimpleSignerInfoVerifierBuilder().setProvider("BC").build(tsa);
            String how = distid != null && sm2
                    ? "validate(SM2 ID " + new String(distid, StandardCharsets.UTF_8) + ")"
                    : "validate(JcaSimpleSignerInfoVerifierBuilder)";
            try {
                token.validate(verifier);
            } catch (Exception e) {
                lines.add("FAIL " + signer + ": the timestamp token does not validate, " + how + ": "
                        + VerifyCms.describe(e));
                continue;
            }
            TimeStampTokenInfo info = token.getTimeStampInfo();
            ASN1ObjectIdentifier alg = info.getMessageImprintAlgOID();
            String algName = VerifyCms.digestName(alg);
            byte[] want = MessageDigest.getInstance(algName, "BC").digest(si.getSignature());
            if (!Arrays.equals(want, info.getMessageImprintDigest())) {
                lines.add("FAIL " + signer + ": the token's messageImprint (" + algName + " "
                        + Hex.toHexString(info.getMessageImprintDigest())
                        + ") is not the digest of the signature value (" + Hex.toHexString(want) + ")");
                continue;
            }
            String issuer = "";
            if (ca != null) {
                ContentVerifierProvider p = VerifyCms.isSm2(tsa.getSignatureAlgorithm().getAlgorithm())
                        ? VerifyCms.sm2Provider(ca, VerifyCms.DEFAULT_DISTID.getBytes(StandardCharsets.UTF_8))
                        : new JcaContentVerifierProviderBuilder().setProvider("BC").build(ca);
                if (!tsa.getIssuer().equals(ca.getSubject()) || !tsa.isSignatureValid(p)) {
                    lines.add("FAIL " + signer + ": the TSA certificate " + tsa.getSubject()
                            + " does not verify with the CA " + ca.getSubject());
                    continue;
                }
                issuer = " tsa-issuer-verified(" + ca.getSubject() + ")";
            }
            lines.add("OK " + signer + " timestamp genTime=" + info.getGenTime().toInstant()
                    + " tsa=" + tsa.getSubject() + " token-alg=" + (sm2 ? "SM3withSM2" : "other")
                    + " imprint=" + algName + "(signature value) " + how + issuer);
        }
        if (lines.isEmpty()) {
            lines.add("FAIL the CMS has no SignerInfo");
        }
        return lines;
    }

    static SignerInformation firstSigner(TimeStampToken token) throws IOException {
        try {
            CMSSignedData sd = token.toCMSSignedData();
            return sd.getSignerInfos().getSigners().iterator().next();
        } catch (Exception e) {
            throw new IOException("the token has no SignerInfo", e);
        }
    }
}
