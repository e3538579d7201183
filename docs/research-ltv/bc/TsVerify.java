import java.io.FileInputStream;
import java.security.MessageDigest;
import java.security.Security;
import java.util.Arrays;
import java.util.Collection;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/** usage: java TsVerify token.der|resp.tsr tsa.pem data-file [--resp]
 *  Verifies an RFC 3161 token: CMS signature + ESS signing-certificate(v2) binding
 *  + TSA cert validity at genTime + critical EKU timeStamping (all done by validate()),
 *  then compares the message imprint with the hash of data-file.
 *  Chain building/revocation of the TSA cert is NOT done by validate(): do it separately
 *  (e.g. CertPathValidator / PKIXParameters with the root + CRLs). */
public class TsVerify {
  public static void main(String[] a) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    byte[] der = new FileInputStream(a[0]).readAllBytes();
    TimeStampToken tst = (a.length > 3 && a[3].equals("--resp"))
        ? new TimeStampResponse(der).getTimeStampToken()
        : new TimeStampToken(new CMSSignedData(der));
    X509CertificateHolder tsaCert;
    try (var r = new org.bouncycastle.openssl.PEMParser(new java.io.FileReader(a[1]))) {
      tsaCert = (X509CertificateHolder) r.readObject();
    }
    SignerInformationVerifier v = new JcaSimpleSignerInfoVerifierBuilder()
        .setProvider("BC").build(tsaCert);   // for SM2 use the same builder, BC supports SM3withSM2
    tst.validate(v);                          // throws TSPValidationException / TSPException on failure
    TimeStampTokenInfo info = tst.getTimeStampInfo();
    String alg = info.getMessageImprintAlgOID().getId();
    MessageDigest md = MessageDigest.getInstance(alg, "BC");
    byte[] h = md.digest(new FileInputStream(a[2]).readAllBytes());
    boolean match = Arrays.equals(h, info.getMessageImprintDigest());
    System.out.println("genTime=" + info.getGenTime().toInstant() + " serial=" + info.getSerialNumber()
        + " policy=" + info.getPolicy() + " hashAlg=" + alg + " imprintMatches=" + match
        + " tsa=" + info.getTsa());
    Collection<?> certs = tst.getCertificates().getMatches(null);
    System.out.println("certs in token: " + certs.size() + "; signature + ESSCertID OK");
    if (!match) System.exit(2);
  }
}
