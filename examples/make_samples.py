"""Generates the sample inputs of the README walkthrough (see examples/README.md):

    授权委托书.pdf   an authorization letter (CA授权) stamped with the enterprise's 公章
    land.pdf        a landscape A4 page, for `pdf stamp --clamp`
    photo.jpg       a synthetic photo of the enterprise's 财务专用章 on a printed page
    other.p12       a certificate made elsewhere (OpenSSL), with its issuing CA

    pip install reportlab==5.1.0 pillow && cargo build && \
        CATOOL=target/debug/catool python3 examples/make_samples.py

The seals come from `catool seal make` in a throwaway registry, so they show the walkthrough's
enterprise (北京云签科技有限公司). Fonts: reportlab's CID font STSong-Light (not embedded).
"""
import os
import random
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
CATOOL = os.environ.get("CATOOL", "catool")
ORG = "北京云签科技有限公司"
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def catool(work: Path, *args: str) -> None:
    env = dict(os.environ, CATOOL_DB=str(work / "registry.db"))
    subprocess.run([CATOOL, "-q", *args], check=True, env=env)


def seals(work: Path) -> None:
    """The walkthrough's enterprise and its official and finance seals, as PNGs in `work`."""
    catool(work, "person", "add", "--name", "张伟", "--id-number", "110108198503120011")
    catool(work, "org", "add", "--name", ORG, "--uscc", "91110108MA01ABCD1E",
           "--legal-rep", "赵建国", "--legal-rep-id", "110108197506200055", "--admin", "张伟")
    catool(work, "seal", "make", "--kind", "official", "--org", "1",
           "--code", "1101080012345", "--out", str(work / "official.png"))
    catool(work, "seal", "make", "--kind", "finance", "--org", "1",
           "--dpi", "200", "--out", str(work / "finance.png"))


def letter(work: Path) -> None:
    draft = work / "letter.pdf"
    c = canvas.Canvas(str(draft), pagesize=A4, invariant=1)
    c.setTitle("授权委托书")
    width, height = A4
    c.setFont("STSong-Light", 22)
    c.drawCentredString(width / 2, height - 90, "授权委托书")
    c.setFont("STSong-Light", 12)
    lines = [
        "致：CA 证书服务机构",
        "",
        f"兹授权本单位管理员张伟（身份证号 110108198503120011）代表{ORG}",
        "（统一社会信用代码 91110108MA01ABCD1E）办理数字证书及电子印章的申请、",
        "导入、补发、延期与注销等事宜。",
        "",
        "授权期限：自签署之日起一年。",
        "",
        "（示例文件，由 catool 的 examples/make_samples.py 生成，非真实授权。）",
    ]
    y = height - 140
    for line in lines:
        c.drawString(72, y, line)
        y -= 22
    c.drawString(330, y - 40, f"单位（盖章）：{ORG}")
    c.drawString(330, y - 70, "法定代表人：赵建国")
    c.showPage()
    c.save()
    out = HERE / "授权委托书.pdf"
    out.unlink(missing_ok=True)
    catool(work, "pdf", "stamp", str(draft), "--out", str(out),
           "--image", str(work / "official.png"), "--page", "1", "--at", "155,138")


def land() -> None:
    c = canvas.Canvas(str(HERE / "land.pdf"), pagesize=landscape(A4), invariant=1)
    c.setTitle("横向页面")
    c.setFont("STSong-Light", 16)
    c.drawString(72, 500, "横向页面（A4 landscape, 297 × 210 mm）: a sample for pdf stamp --clamp")
    c.showPage()
    c.save()


def photo(work: Path) -> None:
    """The finance seal stamped on a printed page and photographed: yellowed paper, uneven
    light, black text across the seal, a small rotation, JPEG."""
    rng = random.Random(14)
    w, h = 900, 700
    paper = Image.new("RGB", (w, h))
    px = paper.load()
    for y in range(h):
        for x in range(w):
            light = 1.0 - 0.25 * (x / w) * (y / h)
            n = rng.randint(-6, 6)
            px[x, y] = (int((236 + n) * light), int((226 + n) * light), int((196 + n) * light))
    draw = ImageDraw.Draw(paper)
    for row in range(14):
        y = 60 + row * 44
        x = 70
        while x < w - 90:
            seg = rng.randint(20, 60)
            draw.rectangle([x, y, x + seg, y + 9], fill=(40, 38, 36))
            x += seg + rng.randint(8, 18)
    seal = Image.open(work / "finance.png").convert("RGBA")
    ink = Image.new("RGBA", seal.size, (200, 30, 40, 0))
    ink.putalpha(seal.getchannel("A").point(lambda a: a * 0.85))
    paper.paste(ink, ((w - seal.width) // 2, (h - seal.height) // 2), ink)
    paper = paper.rotate(7, resample=Image.BICUBIC, fillcolor=(228, 218, 188))
    paper = paper.filter(ImageFilter.GaussianBlur(0.8))
    paper.save(HERE / "photo.jpg", quality=80)


def other_p12(work: Path) -> None:
    """A certificate another CA issued to 李娜 (RSA 2048), with that CA, in a PKCS#12 whose
    password is `catool-sample`: the walkthrough's `cert import` checks it against the CA."""
    def ssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, cwd=work, capture_output=True)

    ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "7300", "-subj", "/C=CN/O=Other Platform CA/CN=Other Platform Root CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr",
        "-utf8", "-subj", f"/C=CN/O={ORG}/CN=李娜/serialNumber=110108199007050020")
    (work / "leaf.ext").write_text(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n")
    ssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "7300", "-extfile", "leaf.ext", "-out", "leaf.crt")
    ssl("pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.crt", "-certfile", "ca.crt",
        "-passout", "pass:catool-sample", "-out", str(HERE / "other.p12"))


with tempfile.TemporaryDirectory() as tmp:
    work = Path(tmp)
    seals(work)
    letter(work)
    land()
    photo(work)
    other_p12(work)
for name in ["授权委托书.pdf", "land.pdf", "photo.jpg", "other.p12"]:
    print(f"{name}: {(HERE / name).stat().st_size} bytes")
